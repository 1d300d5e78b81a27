"""Pages through the test client: warm (cached) p95 and the first request after a write (cold)."""

import statistics
import time

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contributions.models import Placement

from .measure import p95


def timed_get(client: Client, url: str) -> tuple[float, int, int]:
    reset_queries()  # the query log keeps 9,000 entries; a full one would count nothing
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        elapsed = time.perf_counter() - started
    return elapsed, len(captured), response.status_code


def a_write(placements=None) -> None:
    """A write every cached number depends on (of the first of `placements`, if given: the offices
    counting it): the data version moves, the next page is cold."""
    placement = (Placement.objects if placements is None else placements).order_by("pk").first()
    flipped = "brief" if placement.prominence != "brief" else "regular"
    Placement.objects.filter(pk=placement.pk).update(prominence=flipped)
    Placement.objects.filter(pk=placement.pk).update(prominence=placement.prominence)


def measure_page(client: Client, url: str, *, repeat: int = 20, cold: bool = False, write=a_write) -> dict:
    """Median and p95 of warm requests; with cold=True also the median of first requests after
    `write` (by default one every cached number depends on)."""
    elapsed, queries, status = timed_get(client, url)  # warms what a running server has warm
    if status != 200:
        raise RuntimeError(f"{url} 返回 {status}")
    times = []
    for _ in range(repeat):
        elapsed, queries, _ = timed_get(client, url)
        times.append(elapsed)
    result = {"median_ms": statistics.median(times) * 1000, "p95_ms": p95(times) * 1000, "queries": queries}
    if cold:
        colds = []
        for _ in range(3):
            write()
            colds.append(timed_get(client, url)[0])
        result["cold_ms"] = statistics.median(colds) * 1000
    return result
