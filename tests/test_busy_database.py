"""SQLite behind a long write (an import): other writers wait a bounded time, then get a Chinese 503
page, never a 500. Run against a served app on a SQLite file, with another connection holding the
write lock as a long import does."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_login_while_the_database_is_busy_gets_a_chinese_503_and_works_once_it_is_free(tmp_path):
    database = tmp_path / "busy.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0",
           "DJANGO_STATIC_ROOT": str(tmp_path / "static"), "DJANGO_SQLITE_TIMEOUT": "2",
           "DJANGO_MEDIA_ROOT": str(tmp_path / "media")}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "shell", "-c", "from django.contrib.auth.models import User; "
                    "User.objects.create_user('busy-editor', password='Secret-pass-2026', is_staff=True)"],
                   cwd=ROOT, env=env, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--workers", "1",
                               "--worker-class", "gthread", "--threads", "4", "--bind", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stderr=open(tmp_path / "server.log", "w"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        cookies = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies),
                                              NoRedirects())

        def log_in() -> tuple[int, str, float]:
            page = browser.open(f"{base}/accounts/login/", timeout=30).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode({"username": "busy-editor", "password": "Secret-pass-2026",
                                           "csrfmiddlewaretoken": token}).encode()
            request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": base})
            started = time.monotonic()
            try:
                with browser.open(request, timeout=30) as response:
                    return response.status, response.read().decode(), time.monotonic() - started
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode(), time.monotonic() - started

        importer = sqlite3.connect(database, isolation_level=None)
        importer.execute("BEGIN IMMEDIATE")  # what a long import holds for its whole transaction
        status, page, waited = log_in()
        assert status == 503, (status, page[-500:], (tmp_path / "server.log").read_text()[-2000:])
        assert "系统正在导入数据，请稍后再试" in page
        assert 1.5 < waited < 15  # a bounded wait, then the answer
        importer.execute("ROLLBACK")
        importer.close()
        status, _, _ = log_in()
        assert status == 302
    finally:
        server.terminate()
        server.wait(timeout=30)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, request, response, code, message, headers):
        return response
