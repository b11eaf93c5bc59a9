"""Serving a published feed folder over HTTP, for an intranet or a quick test.

Calendar clients poll: cheap, correct revalidation matters more than speed. Every response
carries a strong ETag (a hash of the body) and the file's Last-Modified, and 304 is sent only
when the validator really matches - a wrong 304 freezes Apple subscribers. Nothing outside the
folder is reachable, there are no directory listings, and the number of requests in flight and
the time a slow client may hold one are both bounded.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from inspectcal.errors import BadInput

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}
CACHE_CONTROL = "public, max-age=300"
MAX_FILE = 32 * 1024 * 1024
MAX_IN_FLIGHT = 32
SOCKET_TIMEOUT = 15.0

Log = Callable[[str], None]


class FeedServer(ThreadingHTTPServer):
    """A threading server that holds at most `MAX_IN_FLIGHT` requests at once.

    When all slots are busy the accept loop waits, so excess clients queue in the listen
    backlog instead of each getting a thread.
    """

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, root: Path, log: Log | None) -> None:
        self.root = root
        self.log = log
        self.slots = threading.BoundedSemaphore(MAX_IN_FLIGHT)
        super().__init__(address, FeedHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{text}]" if ":" in text else text
        return f"http://{shown}:{port}/"


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer
    timeout = SOCKET_TIMEOUT
    server_version = "inspectcal"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _not_allowed(self) -> None:
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed\n", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} - {format % args}")

    def _respond(self, *, body: bool) -> None:
        path = resolve(self.server.root, self.path)
        if path is None:
            self._plain(HTTPStatus.NOT_FOUND, "not found\n", send_body=body)
            return
        try:
            stat = path.stat()
            if stat.st_size > MAX_FILE:
                self._plain(HTTPStatus.NOT_FOUND, "not found\n", send_body=body)
                return
            data = path.read_bytes()
        except OSError:
            self._plain(HTTPStatus.NOT_FOUND, "not found\n", send_body=body)
            return
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        modified = int(stat.st_mtime)
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(modified, usegmt=True),
            "Cache-Control": CACHE_CONTROL,
            "Content-Type": CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream"),
            "X-Content-Type-Options": "nosniff",
        }
        if not_modified(self.headers, etag=etag, modified=modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for key, value in headers.items():
                if key != "Content-Type":
                    self.send_header(key, value)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _plain(
        self,
        status: HTTPStatus,
        text: str,
        extra: dict[str, str] | None = None,
        *,
        send_body: bool = True,
    ) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)


def resolve(root: Path, raw: str) -> Path | None:
    """The file a request path names inside `root`, or None.

    Refused: dot segments, hidden files (the temporary files of atomic writes start with a
    dot), backslashes and NULs, anything whose real path (symlinks followed) leaves `root`,
    and folders without an index.html - there are no listings.
    """
    text = unquote(urlsplit(raw).path)
    if "\\" in text or "\x00" in text or not text.startswith("/"):
        return None
    parts = [p for p in text.split("/") if p]
    if any(p.startswith(".") for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root):
        return None
    if real.is_dir():
        real = real / "index.html"
        if not real.is_file():
            return None
    return real if real.is_file() else None


def not_modified(headers: Any, *, etag: str, modified: int) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only when it is absent."""
    match = headers.get("If-None-Match")
    if match is not None:
        tags = [t.strip() for t in match.split(",")]
        return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None or when.timestamp() > time.time():
        return False  # a date in the future is not one this server could have sent
    return modified <= int(when.timestamp())


def make_server(
    folder: Path, *, host: str = "127.0.0.1", port: int = 8080, log: Log | None = None
) -> FeedServer:
    """Bind the server (port 0 picks a free port); the caller runs `serve_forever`."""
    if not folder.is_dir():
        raise BadInput(f"{folder} is not a folder; give the folder `inspectcal publish` wrote")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise BadInput(f"cannot read the folder {folder}; check its permissions")
    if not 0 <= port <= 65535:
        raise BadInput(f"--port {port} is out of range; choose 1-65535 (or 0 for any free port)")
    try:
        return FeedServer((host, port), root=folder.resolve(), log=log)
    except OSError as err:
        raise BadInput(
            f"cannot listen on {host}:{port} ({err.strerror or err}); choose another --port "
            "or --host"
        ) from err
