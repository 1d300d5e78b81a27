"""Numbers computed once per data version: `cached(name, args, compute)`.

The key holds the database's cache epoch and data version, read before computing: a write committed
meanwhile bumps the version, so what is stored is only ever found under the version it was computed
at. Reads inside a transaction (which may hold uncommitted writes) bypass the cache, and one
computation per key runs at a time (the others wait for its result)."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from .models import DataVersion, OfficeVersion, UnitVersion

TIMEOUT = 7 * 24 * 3600  # entries of old versions are never read again; they age out
WAIT = 10.0  # seconds to wait for another process computing the same key
_bypass: ContextVar[bool] = ContextVar("datacache_bypass", default=False)
# Within a GET request: {} until the version is first read, then {"key": …} for the rest of it.
_request_scope: ContextVar[dict | None] = ContextVar("datacache_request_scope", default=None)


def in_transaction() -> bool:
    """Inside a transaction the caller opened (a test case's own wrapping transaction does not count)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def data_key(scope=None) -> str:
    """epoch:version of the database, as committed; for an office (`scope`: its office_id and
    network, None for every unit), with the sum of its network's unit versions and its own version
    (see watched.py). Read once per key in a safe (GET) request."""
    memo = _request_scope.get()
    name = "key" if scope is None else ("office", scope.office_id, None if scope.network is None else hash(scope.network))
    if memo is not None and name in memo:
        return memo[name]
    row = _read_versions(scope)
    if row is None:  # a new, flushed or restored database: a new epoch
        try:
            with transaction.atomic():
                DataVersion.objects.create(pk=1)
        except IntegrityError:
            pass
        row = _read_versions(scope)
    key = ":".join(str(part) for part in row)
    if memo is not None:
        memo[name] = key
    return key


def _read_versions(scope) -> tuple | None:
    if scope is None:
        return DataVersion.objects.filter(pk=1).values_list("epoch", "version").first()
    units, offices = UnitVersion._meta.db_table, OfficeVersion._meta.db_table
    network = "" if scope.network is None else \
        f"WHERE unit_id IN ({', '.join(str(int(unit)) for unit in sorted(scope.network)) or 'NULL'})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT epoch, version, (SELECT COALESCE(SUM(version), 0) FROM {units} {network}), "
            f"(SELECT COALESCE(MAX(version), 0) FROM {offices} WHERE office_id = %s), %s "
            f"FROM {DataVersion._meta.db_table} WHERE id = 1",
            [scope.office_id, f"o{scope.office_id}" + ("" if scope.network is None else f"n{len(scope.network)}")])
        return cursor.fetchone()


def active() -> bool:
    return not _bypass.get() and not in_transaction()


@contextmanager
def bypass():
    """Compute fresh inside the block (tests compare cached numbers with these)."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


@contextmanager
def request_scope(safe: bool):
    """One read of the data version for a GET request's many cached parts (none if nothing is cached)."""
    token = _request_scope.set({} if safe else None)
    try:
        yield
    finally:
        _request_scope.reset(token)


# Immutable values (rendered page parts) are also kept in the process, in front of the shared cache:
# their keys carry the data version, so a copy here can never be stale, only unused.
_local: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()
LOCAL_ENTRIES = 256


def _local_get(key: str):
    with _local_lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
        return value


def _local_put(key: str, value) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def forget_local() -> None:
    """Empty this process's copies (tests do, when each test's rolled-back data reuses a version)."""
    with _local_lock:
        _local.clear()


def cached(name: str, args: tuple, compute: Callable, *, immutable: bool = False, scope=None):
    """compute() once per data version (an office's, for `scope`: what its network and its own rows
    hold); the value must pickle. `immutable` values (strings) are also kept in this process, saving
    the shared cache's round trip."""
    if not active():
        return compute()
    key = f"numbers:{data_key(scope)}:{name}:{':'.join(str(arg) for arg in args)}"
    if immutable and (value := _local_get(key)) is not None:
        _count("hit")
        return value
    value = cache.get(key)
    if value is not None:
        if immutable:
            _local_put(key, value)
        _count("hit")
        return value
    _count("miss")
    lock = f"{key}:computing"
    if not cache.add(lock, 1, timeout=int(WAIT * 6)):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = compute()
        cache.set(key, value, TIMEOUT)
    finally:
        cache.delete(lock)
    if immutable:
        _local_put(key, value)
    return value


def _count(outcome: str) -> None:
    memo = _request_scope.get()
    if memo is not None:
        memo[outcome] = memo.get(outcome, 0) + 1


def new_epoch() -> None:
    """After a restore or loaddata: no entry of the database before can be read again."""
    DataVersion.objects.filter(pk=1).delete()


class DataVersionMiddleware:
    """Reads the data version once per GET request (every cached part of the page uses it). With
    DATACACHE_SERVER_TIMING on (the benchmark's servers), a response says how many of its cached
    numbers were found and how many computed: `Server-Timing: datacache;desc="hit=3 miss=1"`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timing = getattr(settings, "DATACACHE_SERVER_TIMING", False)

    def __call__(self, request):
        with request_scope(safe=request.method in ("GET", "HEAD")):
            response = self.get_response(request)
            memo = _request_scope.get()
            if self.timing and memo and ("hit" in memo or "miss" in memo):
                response["Server-Timing"] = f'datacache;desc="hit={memo.get("hit", 0)} miss={memo.get("miss", 0)}"'
            return response
