"""A PostgreSQL restart under load: the served app recovers as soon as the database is back
(persistent connections with health checks), with no errors once it is."""

import os
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db(transaction=True)
def test_the_app_serves_again_right_after_a_database_restart(tmp_path):
    restart = os.environ.get("RENDA_PG_RESTART")
    if connection.vendor != "postgresql" or not restart:
        pytest.skip("需要 scripts/with-postgres 启动的临时 PostgreSQL（make test-postgres）才能重启数据库。")
    editor = UserFactory(username="restart-editor", role="编辑")
    client = Client()
    client.force_login(editor)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    db = connection.settings_dict
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0",
           "DJANGO_STATIC_ROOT": str(tmp_path / "static"), "DJANGO_CONN_MAX_AGE": "600",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--workers", "2",
                               "--worker-class", "gthread", "--threads", "4", "--bind", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stderr=open(tmp_path / "server.log", "w"))
    outcomes: list[tuple[float, bool]] = []
    failures: list[str] = []
    stop = threading.Event()

    def load():
        request = urllib.request.Request(f"http://127.0.0.1:{port}/desk/", headers={"Cookie": cookie})
        while not stop.is_set():
            started = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    ok = response.status == 200
            except (urllib.error.URLError, OSError) as error:
                ok = False
                failures.append(repr(error))
            outcomes.append((started, ok))
            time.sleep(0.02)

    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        workers = [threading.Thread(target=load) for _ in range(4)]
        for worker in workers:
            worker.start()
        time.sleep(3)
        restart_began = time.monotonic()
        subprocess.run(shlex.split(restart), check=True, capture_output=True, timeout=60)
        restart_ended = time.monotonic()
        time.sleep(5)
        stop.set()
        for worker in workers:
            worker.join(timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=30)
        connection.close()  # our own connection died with the restart; the next use reconnects

    before = [ok for started, ok in outcomes if started < restart_began - 0.5]
    after = [ok for started, ok in outcomes if started > restart_ended + 0.5]
    assert before and all(before), f"errors before the restart: {failures[:3]}" + (tmp_path / "server.log").read_text()[-3000:]
    during = [ok for started, ok in outcomes if restart_began - 0.5 <= started <= restart_ended + 0.5]
    print(f"requests before {len(before)}, during the restart {len(during)} ({during.count(False)} failed, "
          f"restart took {restart_ended - restart_began:.1f} s), after {len(after)} ({after.count(False)} failed)")
    assert len(after) > 20
    assert all(after), f"{after.count(False)} errors after the database was back: {failures[-3:]}"
