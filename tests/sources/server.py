"""A local HTTP server for the archive and linkcheck tests: 127.0.0.1 only, in a thread,
bounded in time (each slow answer waits at most SLOW seconds; the server is shut down
with the test) and in requests (past LIMIT it answers 503 to everything).

Routes: /page.html, /doc.pdf, /gb.html (GB18030, declared only in the HTTP header),
/notes.txt, /moved (301), /found (302), /perm (308), /chain (301 to /found),
/missing (404), /error (500), /slow (answers after SLOW s), /drop (closes the
connection without answering), /nohead (405 to HEAD), /flaky (503, then 200),
/loop (redirects to itself), /save/<url> (Save Page Now: 302 to /web/<stamp>/<url>),
/web/... (a snapshot), /save-fails/... (404).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.sources.pdfs import pdf

SLOW = 3.0
LIMIT = 500
STAMP = "20261207120000"

PAGE = (
    b"<!doctype html><html><head><title>Notice</title></head><body>"
    b"<p>The municipality will set up a special fund.</p></body></html>"
)
PDF = pdf([["The regu-", "lation applies."]])
GB = "<html><body><p>北京市地方金融监督管理局</p></body></html>".encode("gb18030")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: int = 0
    flaky: int = 0
    seen: list[tuple[str, str, str]]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a dropped connection (/drop) is on purpose; nothing is printed


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, code: int, body: bytes = b"", kind: str = "text/html", **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._route()

    def do_GET(self) -> None:
        self._route()

    def _route(self) -> None:
        s = self.server
        s.requests += 1
        s.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if s.requests > LIMIT:
            self._send(503)
        elif path == "/page.html":
            self._send(200, PAGE)
        elif path == "/doc.pdf":
            self._send(200, PDF, "application/pdf")
        elif path == "/gb.html":
            self._send(200, GB, "text/html; charset=gb18030")
        elif path == "/notes.txt":
            self._send(200, "北京 市\n".encode(), "text/plain; charset=utf-8")
        elif path in ("/moved", "/found", "/perm", "/chain"):
            code = {"/moved": 301, "/found": 302, "/perm": 308, "/chain": 301}[path]
            target = "/found" if path == "/chain" else "/page.html"
            self._send(code, Location=target)
        elif path == "/missing":
            self._send(404, b"not here")
        elif path == "/error":
            self._send(500, b"broken")
        elif path == "/slow":
            time.sleep(SLOW)
            self._send(200, PAGE)
        elif path == "/drop":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif path == "/nohead":
            self._send(405 if self.command == "HEAD" else 200, PAGE)
        elif path == "/flaky":
            s.flaky += 1
            self._send(503 if s.flaky == 1 else 200, PAGE)
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path.startswith("/save/"):
            self._send(302, Location=f"/web/{STAMP}/{path.removeprefix('/save/')}")
        elif path.startswith("/web/"):
            self._send(200, PAGE)
        else:
            self._send(404, b"no such route")


@contextmanager
def serving() -> Iterator[tuple[str, Server]]:
    """The server's base URL (``http://127.0.0.1:PORT``), running until the block ends."""
    server = Server(("127.0.0.1", 0), Handler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=SLOW + 2)
