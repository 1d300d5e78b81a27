"""The mixed run at province scale: writers log placements in 50 counties while readers, each the
staff of one office, open that office's desk pages through gunicorn. Every response says (Server-
Timing, see datacache.cache) whether its cached numbers were warm; per office kind we report p95,
errors and the share of warm responses."""

import datetime
import http.client
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import connections

from contributions.services import placement_create, placement_delete

from .measure import p95

COUNTS = re.compile(r'datacache;desc="hit=(\d+) miss=(\d+)"')


@dataclass
class Tally:
    times: list = field(default_factory=list)
    errors: int = 0
    warm: int = 0
    cached: int = 0  # responses with cached numbers at all
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: int, timing: str | None) -> None:
        counts = COUNTS.fullmatch(timing) if timing else None
        with self.lock:
            self.times.append(seconds)
            self.errors += status != 200
            if counts:
                self.cached += 1
                self.warm += counts[2] == "0"

    def summary(self) -> dict:
        return {"requests": len(self.times), "errors": self.errors,
                "p95_ms": round(p95(self.times) * 1000, 1) if self.times else None,
                "median_ms": round(statistics.median(self.times) * 1000, 1) if self.times else None,
                "warm_share": round(self.warm / self.cached, 3) if self.cached else None}


def writer(stop: threading.Event, targets: list, per_second: float, logged: list, failures: list) -> None:
    """Log placements at `per_second`, each in the next county of `targets` ((piece, outlet) pairs)."""
    try:
        n = 0
        while not stop.is_set():
            started = time.monotonic()
            piece, outlet = targets[n % len(targets)]
            # A day of its own for each write of a piece (the same piece, outlet and day is a duplicate).
            day = datetime.date.today() - datetime.timedelta(days=1 + (n // len(targets)) % 300)
            try:
                logged.append(placement_create(contribution=piece, outlet=outlet, actor=None, published_on=day))
            except Exception as error:  # noqa: BLE001 — a failed write is counted, the run goes on
                failures.append(repr(error))
            n += 1
            stop.wait(max(0.0, 1 / per_second - (time.monotonic() - started)))
    finally:
        connections.close_all()


def reader(stop: threading.Event, base: str, visits: list, tallies: dict, seed: int) -> None:
    """Open random (office kind, cookie, path) visits until stopped, on one keep-alive connection."""
    rng = random.Random(seed)
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    while not stop.is_set():
        kind, cookie, path = rng.choice(visits)
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            status, timing = response.status, response.getheader("Server-Timing")
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            status, timing = 0, None
        tallies[kind].add(time.perf_counter() - started, status, timing)
    connection.close()


def run(base: str, visits: list, targets: list, *, readers: int = 12, seconds: int = 60,
        writes_per_second: float = 5) -> tuple[dict, int, list]:
    """{office kind: summary}, the placements logged and the failed writes; what was logged is removed."""
    kinds = {kind for kind, _, _ in visits}
    tallies = {kind: Tally() for kind in kinds}
    stop = threading.Event()
    logged, failures = [], []
    threads = [threading.Thread(target=writer, args=(stop, targets, writes_per_second, logged, failures))]
    threads += [threading.Thread(target=reader, args=(stop, base, visits, tallies, seed)) for seed in range(readers)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    for placement in logged:
        placement_delete(placement=placement, actor=None)
    return {kind: tally.summary() for kind, tally in sorted(tallies.items())}, len(logged), failures
