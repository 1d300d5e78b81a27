"""A local stand-in for the robots' servers: records every request (path, query, headers, JSON body)
and answers as WeCom and DingTalk do ({"errcode": 0, "errmsg": "ok"}) unless told otherwise."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    def __init__(self):
        self.requests: list[dict] = []
        self.answer = {"errcode": 0, "errmsg": "ok"}
        self.status = 200
        self.hold_at: int | None = None  # the n-th request (1-based) is held until released
        self.held = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                url = urllib.parse.urlsplit(self.path)
                receiver.requests.append({"path": url.path, "query": dict(urllib.parse.parse_qsl(url.query)),
                                          "headers": dict(self.headers), "raw": raw, "json": json.loads(raw)})
                if receiver.hold_at == len(receiver.requests):
                    receiver.held.set()
                    receiver.release.wait(30)
                body = json.dumps(receiver.answer).encode()
                try:
                    self.send_response(receiver.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the sender was killed while this request was held

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def texts(self) -> list[str]:
        return [r["json"].get("text", {}).get("content", "") if isinstance(r["json"].get("text"), dict)
                else r["json"].get("text", "") for r in self.requests]

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()
