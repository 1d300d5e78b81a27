"""The app served by gunicorn under wrk: pages against a trivial view and a logged-in trivial page."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from .measure import PYTHON, ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"127.0.0.1:{port} 没有响应")


@contextmanager
def gunicorn(extra_env: dict | None = None):
    """The production profile on a free port: 2 gthread workers × 4 threads, whitenoise static files."""
    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0",
           "DJANGO_STATIC_ROOT": tempfile.mkdtemp(), "DJANGO_CACHE_DIR": str(ROOT / "var" / "bench-cache"),
           **(extra_env or {})}
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "config.wsgi", "--workers", "2", "--worker-class", "gthread",
         "--threads", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def fetch(url: str, cookie: str | None = None) -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def wrk(url: str, cookie: str | None = None, *, connections: int = 32, seconds: int = 20) -> dict:
    command = [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    connect, read, write, timeouts = (int(n) for n in sockets.groups()) if sockets else (0, 0, 0, 0)
    return {"rps": rps, "p99_ms": round(float(p99.group(1)) * scale, 1) if p99 else None,
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0, "socket_errors": connect + read + write,
            "timeouts": timeouts}


@contextmanager
def redis_server():
    """A throwaway Redis on a free port, or None when redis-server is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, 10)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
