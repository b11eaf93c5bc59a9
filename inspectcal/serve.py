"""Serving a published feed folder over HTTP, for an intranet or a quick test.

Calendar clients poll: cheap, correct revalidation matters more than speed. Every response
carries a strong ETag (a hash of the body) and the file's Last-Modified, and 304 is sent only
when the validator really matches - a wrong 304 freezes Apple subscribers. Nothing outside the
folder is reachable, there are no directory listings, and the number of requests in flight and
the time a slow client may hold one are both bounded.

The standard library's server is enough here: the folder is static, the load is a few calendar
clients polling every few hours, and what it lacked (a whole-request deadline, streaming,
quiet hang-ups) is a few lines below. A production host puts nginx or similar in front, as
the README says, rather than a Python server of any kind.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import socket
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
MAX_IN_FLIGHT = 32
# A client has this long, in total, to send its request line and headers: a per-read timeout
# alone lets a client that trickles one byte every few seconds hold a slot for ever.
REQUEST_DEADLINE = 15.0
# Each send of the response may wait this long for a client that reads slowly.
SOCKET_TIMEOUT = 15.0
# And the whole response must be taken at this rate at least (after the request's own
# allowance): a client reading a few bytes now and then must not hold a slot for ever either.
MIN_RATE = 64 * 1024
CHUNK = 64 * 1024

Log = Callable[[str], None]


class FeedServer(ThreadingHTTPServer):
    """A threading server that holds at most `MAX_IN_FLIGHT` requests at once.

    When all slots are busy the accept loop waits, so excess clients queue in the listen
    backlog instead of each getting a thread.
    """

    daemon_threads = True
    block_on_close = False
    # With every slot busy, new clients wait in the backlog (and connect) instead of failing.
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        *,
        root: Path,
        log: Log | None,
        request_deadline: float = REQUEST_DEADLINE,
        min_rate: float = MIN_RATE,
    ) -> None:
        self.root = root
        self.log = log
        self.request_deadline = request_deadline
        self.min_rate = min_rate
        self.slots = threading.BoundedSemaphore(MAX_IN_FLIGHT)
        super().__init__(address, FeedHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-download is ordinary: one log line, no traceback."""
        import sys

        err = sys.exc_info()[1]
        if self.log is not None and err is not None:
            self.log(f"{client_address[0]} - connection ended early ({type(err).__name__})")

    def process_request(self, request: Any, client_address: Any) -> None:
        """Take a slot before starting the request's thread: a flood of connections waits for a
        slot instead of starting unbounded threads.

        The request's thread is started with Ctrl-C and SIGTERM blocked, so the kernel always
        hands them to the main thread: delivered to a worker, CPython 3.11 can leave the main
        thread asleep in `select` and the server deaf to Ctrl-C (seen under load).
        """
        self.slots.acquire()
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Give the slot back however the request ends."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    @property
    def url(self) -> str:
        """The address to print and to paste into a calendar app; an IPv6 host is bracketed as
        URLs need."""
        host, port = self.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{text}]" if ":" in text else text
        return f"http://{shown}:{port}/"


class _DeadlineReader(io.RawIOBase):
    """The request's socket, where every receive waits at most until one shared deadline."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.deadline = time.monotonic()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request took too long to arrive")
        self.sock.settimeout(remaining)
        return self.sock.recv_into(buffer)


class FeedHandler(BaseHTTPRequestHandler):
    """Serves the published folder read-only over HTTP/1.1, with validators so calendar apps
    polling every hour mostly get 304s."""

    server: FeedServer
    timeout = SOCKET_TIMEOUT
    server_version = "inspectcal"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        """Read the request through a deadline, so a client that trickles bytes cannot hold a
        slot."""
        super().setup()
        self.reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self.reader)

    def handle_one_request(self) -> None:
        """One request under one deadline; a client that hangs up or stalls ends its
        connection, not the server."""
        self.reader.deadline = time.monotonic() + self.server.request_deadline
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def do_GET(self) -> None:
        """A file of the folder, or 304 when the client's copy is current."""
        self._respond(body=True)

    def do_HEAD(self) -> None:
        """As GET without the body: some calendar apps check for changes this way."""
        self._respond(body=False)

    def _not_allowed(self) -> None:
        """The folder is read-only: every other method gets 405 and the two it allows."""
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed\n", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def log_message(self, format: str, *args: Any) -> None:
        """Access lines go to the server's log function (the CLI's stderr), or nowhere."""
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} - {format % args}")

    def _respond(self, *, body: bool) -> None:
        self.connection.settimeout(SOCKET_TIMEOUT)
        path = resolve(self.server.root, self.path)
        if path is None:
            self._plain(HTTPStatus.NOT_FOUND, "not found\n", send_body=body)
            return
        try:
            # One open file for hash and body: a publish renaming a new version in meanwhile
            # cannot make the ETag describe other bytes than those sent.
            handle = path.open("rb")
        except OSError:
            self._plain(HTTPStatus.NOT_FOUND, "not found\n", send_body=body)
            return
        with handle:
            stat = os.fstat(handle.fileno())
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
            size = handle.tell()
            handle.seek(0)
            etag = '"' + digest.hexdigest()[:32] + '"'
            modified = last_modified(stat.st_mtime)
            headers = {
                "ETag": etag,
                "Cache-Control": CACHE_CONTROL,
                "Content-Type": CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream"),
                "X-Content-Type-Options": "nosniff",
            }
            if modified is not None:
                headers["Last-Modified"] = formatdate(modified, usegmt=True)
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
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if body:
                self._send_body(handle, size)

    def _send_body(self, handle: Any, size: int) -> None:
        """Stream the file, within a deadline that grows with its size."""
        allowance = self.server.request_deadline + size / self.server.min_rate
        deadline = time.monotonic() + allowance
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the client took too long to read the answer")
            self.connection.settimeout(min(SOCKET_TIMEOUT, remaining))
            self.wfile.write(chunk)

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


def last_modified(mtime: float, *, now: float | None = None) -> int | None:
    """The Last-Modified second to send, or None while the file's second is still running.

    Last-Modified has whole seconds: a file rewritten within the second it was served in
    would carry the same value, and a client revalidating with If-Modified-Since would get a
    wrong 304. Sending the value only once that second is over means any later rewrite lands
    in a later second. Clients still get the ETag, which is exact.
    """
    second = int(mtime)
    current = int(time.time() if now is None else now)
    return second if second < current else None


def not_modified(headers: Any, *, etag: str, modified: int | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only when it is absent."""
    match = headers.get("If-None-Match")
    if match is not None:
        tags = [t.strip() for t in match.split(",")]
        return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
    since = headers.get("If-Modified-Since")
    if since is None or modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None or when.timestamp() > time.time():
        return False  # a date in the future is not one this server could have sent
    return modified <= int(when.timestamp())


def make_server(
    folder: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    log: Log | None = None,
    request_deadline: float = REQUEST_DEADLINE,
    min_rate: float = MIN_RATE,
) -> FeedServer:
    """Bind the server (port 0 picks a free port); the caller runs `serve_forever`."""
    if not folder.is_dir():
        raise BadInput(f"{folder} is not a folder; give the folder `inspectcal publish` wrote")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise BadInput(f"cannot read the folder {folder}; check its permissions")
    if not 0 <= port <= 65535:
        raise BadInput(f"--port {port} is out of range; choose 1-65535 (or 0 for any free port)")
    try:
        return FeedServer(
            (host, port),
            root=folder.resolve(),
            log=log,
            request_deadline=request_deadline,
            min_rate=min_rate,
        )
    except OSError as err:
        raise BadInput(
            f"cannot listen on {host}:{port} ({err.strerror or err}); choose another --port "
            "or --host"
        ) from err
