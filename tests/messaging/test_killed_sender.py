"""`send_messages` killed (SIGKILL) in the middle of a send, in a real process on its own database
file: nothing is lost, nothing reaches a group twice. The message in flight is sent again with the
same key to a webhook (whose receiver drops a repeat by it), and is held for an administrator when a
WeCom robot, which cannot drop a repeat, may already have posted it."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MAKE = """
from django.utils import timezone
from correspondents.network import root_office
from messaging.models import Message, Robot
robot = Robot.objects.create(name="{channel}", channel="{channel}", url="{url}", office=root_office())
for n in range(1, 5):
    Message.objects.create(key=f"notice:{{n}}:{channel}:robot{{robot.pk}}", event="notice", channel="{channel}",
                           robot=robot, subject=f"{channel} 消息 {{n}}", body="正文", next_attempt_at=timezone.now())
"""


def manage(db: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def run(db: Path, *args: str) -> str:
    process = manage(db, *args)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


def states(db: Path, channel: str) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT subject, state FROM messaging_message WHERE channel = ? ORDER BY id",
                                  [channel]).fetchall()


def kill_during_second_send(db: Path, receiver) -> None:
    receiver.hold_at = len(receiver.requests) + 2
    receiver.held.clear()
    receiver.release.clear()  # (set by the previous kill: the second send must really be held)
    sender = manage(db, "send_messages")
    assert receiver.held.wait(60), "the sender never reached the second message"
    sender.send_signal(signal.SIGKILL)
    sender.wait(30)
    receiver.release.set()  # the held request is answered to nobody


@pytest.fixture
def database(tmp_path):
    db = tmp_path / "outbox.sqlite3"
    run(db, "migrate", "--no-input", "-v", "0")
    return db


def test_a_killed_sender_loses_nothing_and_repeats_only_by_key(database, receiver):
    run(database, "shell", "-c", MAKE.format(channel="webhook", url=f"{receiver.url}/hook"))
    kill_during_second_send(database, receiver)
    assert states(database, "webhook") == [("webhook 消息 1", "sent"), ("webhook 消息 2", "sending"),
                                           ("webhook 消息 3", "pending"), ("webhook 消息 4", "pending")]
    out = run(database, "send_messages", "--lease-minutes", "0")
    assert "送达 3 条" in out and "中断后重发 1 条" in out
    assert [state for _, state in states(database, "webhook")] == ["sent"] * 4
    keys = [request["headers"]["Idempotency-Key"] for request in receiver.requests]
    # Every message arrived; the one in flight came twice under one key, which the receiver drops.
    assert len(set(keys)) == 4 and len(keys) == 5
    again = [request for request in receiver.requests if request["headers"]["Idempotency-Key"] == keys[1]]
    assert len(again) == 2 and again[0]["json"] == again[1]["json"] and again[0]["json"]["subject"] == "webhook 消息 2"

    receiver.requests.clear()
    run(database, "shell", "-c", MAKE.format(channel="wecom", url=f"{receiver.url}/cgi-bin/webhook/send?key=k"))
    kill_during_second_send(database, receiver)
    out = run(database, "send_messages", "--lease-minutes", "0")
    assert "送达 2 条" in out and "待管理员确认 1 条" in out
    assert states(database, "wecom") == [("wecom 消息 1", "sent"), ("wecom 消息 2", "uncertain"),
                                         ("wecom 消息 3", "sent"), ("wecom 消息 4", "sent")]
    posted = [text.splitlines()[0] for text in receiver.texts()]
    assert posted == ["【wecom 消息 1】", "【wecom 消息 2】", "【wecom 消息 3】", "【wecom 消息 4】"]  # each once
    assert "送达 0 条" in run(database, "send_messages", "--lease-minutes", "0")  # nothing more, ever
    assert len(receiver.requests) == 4
