"""An import killed in the middle of its transaction leaves the database exactly as it was."""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

from contributions.placement_sheets import HEADERS

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
from correspondents.models import Correspondent, Unit
from outlets.models import Outlet
unit = Unit.objects.create(name="枝江市人大常委会")
Correspondent.objects.create(name="王丽华", unit=unit)
Outlet.objects.create(name="《三峡日报》", level="municipal", medium="newspaper")
"""
COUNTED = ["contributions_contribution", "contributions_placement", "contributions_transition",
           "contributions_authorship", "contributions_historicalplacement", "contributions_historicalcontribution"]


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, **kwargs)


def counts(database: Path) -> dict:
    with sqlite3.connect(database) as connection:
        return {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in COUNTED}


def test_killing_an_import_mid_transaction_saves_nothing_and_the_next_import_succeeds(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_MEDIA_ROOT": str(tmp_path / "media")}
    assert manage(env, "migrate", "-v", "0").returncode == 0
    assert manage(env, "shell", "-c", SETUP).returncode == 0

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for i in range(8000):
        sheet.append([f"稿件{i}", "王丽华", "枝江市人大常委会", "消息", "《三峡日报》",
                      datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 365), "", "", "一般", ""])
    sheet_file = tmp_path / "用稿.xlsx"
    book.save(sheet_file)
    before = counts(database)

    process = subprocess.Popen([sys.executable, "manage.py", "import_placements", str(sheet_file)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wal = Path(f"{database}-wal")
    deadline = time.monotonic() + 120
    # Rows are checked first without writing; the write-ahead log grows only once the one
    # transaction that saves them has begun. Kill the process while that log is growing.
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 256 * 1024:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the import finished before it could be interrupted"
    wal_size_at_kill = wal.stat().st_size
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL and wal_size_at_kill > 256 * 1024

    assert counts(database) == before
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    finished = manage(env, "import_placements", str(sheet_file))
    assert finished.returncode == 0, finished.stderr
    assert counts(database)["contributions_placement"] == 8000
