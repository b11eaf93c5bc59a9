"""The feed server, over a real socket on 127.0.0.1 with a real HTTP client (http.client, which
sends paths exactly as written, so traversal attempts reach the server unnormalised)."""

from __future__ import annotations

import hashlib
import http.client
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import types
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from inspectcal.errors import BadInput
from inspectcal.serve import (
    MAX_IN_FLIGHT,
    FeedServer,
    last_modified,
    make_server,
    not_modified,
    resolve,
)

FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "bedford").mkdir(parents=True)
    (root / "bedford" / "la.ics").write_bytes(FEED)
    (root / "index.html").write_text("<h1>feeds</h1>")
    (root / ".all.ics.x1.tmp").write_bytes(b"half a file")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("not for you")
    (root / "escape.ics").symlink_to(tmp_path / "secret.txt")
    os.utime(root / "bedford" / "la.ics", (1_476_000_000, 1_476_000_000))
    return root


@pytest.fixture
def server(site: Path) -> Iterator[FeedServer]:
    srv = make_server(site, host="127.0.0.1", port=0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def fetch(
    srv: FeedServer, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=5)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


ETAG = '"' + hashlib.sha256(FEED).hexdigest()[:32] + '"'
MODIFIED = "Sun, 09 Oct 2016 08:00:00 GMT"  # 1_476_000_000


def test_feed_is_served_with_calendar_type_and_validators(server: FeedServer) -> None:
    status, headers, body = fetch(server, "/bedford/la.ics")
    assert status == 200
    assert body == FEED
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["ETag"] == ETAG
    assert headers["Last-Modified"] == MODIFIED
    assert headers["Content-Length"] == str(len(FEED))
    assert headers["Cache-Control"] == "public, max-age=300"


def test_revalidation_gives_304_only_when_the_validator_matches(server: FeedServer) -> None:
    status, headers, body = fetch(server, "/bedford/la.ics", headers={"If-None-Match": ETAG})
    assert (status, body) == (304, b"")
    assert headers["ETag"] == ETAG
    assert fetch(server, "/bedford/la.ics", headers={"If-None-Match": '"other"'})[0] == 200
    assert fetch(server, "/bedford/la.ics", headers={"If-None-Match": f'"x", W/{ETAG}'})[0] == 304
    assert fetch(server, "/bedford/la.ics", headers={"If-Modified-Since": MODIFIED})[0] == 304
    earlier = formatdate(1_475_999_999, usegmt=True)
    assert fetch(server, "/bedford/la.ics", headers={"If-Modified-Since": earlier})[0] == 200
    assert fetch(server, "/bedford/la.ics", headers={"If-Modified-Since": "yesterday"})[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    both = {"If-None-Match": '"other"', "If-Modified-Since": MODIFIED}
    assert fetch(server, "/bedford/la.ics", headers=both)[0] == 200


def test_a_changed_file_gets_a_new_etag(server: FeedServer, site: Path) -> None:
    (site / "bedford" / "la.ics").write_bytes(FEED.replace(b"2.0", b"2.0\r\nX-A:1"))
    status, headers, _ = fetch(server, "/bedford/la.ics", headers={"If-None-Match": ETAG})
    assert status == 200 and headers["ETag"] != ETAG


def test_head_sends_headers_without_a_body(server: FeedServer) -> None:
    status, headers, body = fetch(server, "/bedford/la.ics", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Length"] == str(len(FEED))
    assert headers["ETag"] == ETAG


def test_the_root_serves_index_html(server: FeedServer) -> None:
    status, headers, body = fetch(server, "/")
    assert (status, body) == (200, b"<h1>feeds</h1>")
    assert headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/bedford/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/bedford/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/escape.ics",  # a symlink that leads outside
        "/.all.ics.x1.tmp",  # a half-written temporary file
        "/empty/",  # a folder: no listings
        "/bedford",
        "/missing.ics",
        "//etc/passwd",
        "/bedford%5c..%5c..%5csecret.txt",
    ],
)
def test_nothing_outside_the_folder_and_no_listings(server: FeedServer, path: str) -> None:
    status, _, body = fetch(server, path)
    assert status == 404, path
    assert b"not for you" not in body


def test_other_methods_are_refused(server: FeedServer) -> None:
    status, headers, _ = fetch(server, "/bedford/la.ics", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_resolve_keeps_to_the_root(site: Path) -> None:
    root = site.resolve()
    assert resolve(root, "/bedford/la.ics?x=1") == root / "bedford" / "la.ics"
    assert resolve(root, "/bedford//la.ics") == root / "bedford" / "la.ics"
    assert resolve(root, "/bedford/./la.ics") is None  # every dot segment is refused
    assert resolve(root, "/../site/bedford/la.ics") is None


def test_make_server_errors(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="is not a folder"):
        make_server(tmp_path / "nope", port=0)
    taken = make_server(tmp_path, port=0)
    try:
        port = taken.server_address[1]
        with pytest.raises(BadInput, match=f"cannot listen on 127.0.0.1:{port} .*choose another"):
            make_server(tmp_path, port=port)
    finally:
        taken.server_close()


def test_cli_serve_stops_cleanly_on_ctrl_c(site: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from inspectcal.cli import main; main()", "serve", str(site),
         "--port", "0", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith(f"serving {site} at http://127.0.0.1:"), line
        port = int(line.split(":")[2].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/bedford/la.ics")
        assert conn.getresponse().read() == FEED
        conn.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0
        assert proc.stderr.read() == "stopped\n"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# -- hostile clients ---------------------------------------------------------------------------


@pytest.fixture
def quick_server(site: Path) -> Iterator[tuple[FeedServer, list[str]]]:
    """A server whose request deadline is 1.5 s instead of 15, so the tests stay short."""
    lines: list[str] = []
    srv = make_server(site, host="127.0.0.1", port=0, log=lines.append, request_deadline=1.5)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv, lines
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def test_trickling_clients_lose_their_slots_and_a_normal_client_is_answered(
    quick_server: tuple[FeedServer, list[str]],
) -> None:
    srv, _ = quick_server
    port = srv.server_address[1]
    stop = threading.Event()

    def trickle() -> None:
        # One byte every 0.2 s: each read is quick, so only a whole-request deadline ends it.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(b"GET /bedford/la.ics HTTP/1.1\r\n")
            while not stop.wait(0.2):
                try:
                    conn.sendall(b"X")
                except OSError:
                    return  # the server hung up on us: the point of the test

    clients = [threading.Thread(target=trickle, daemon=True) for _ in range(MAX_IN_FLIGHT)]
    for client in clients:
        client.start()
    try:
        time.sleep(0.3)  # every slot is taken by now
        # Well under the 5 s this normal client waits, but only because the tricklers are
        # cut off at 1.5 s (they would go on trickling until `stop`).
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/bedford/la.ics")
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, FEED)
        conn.close()
    finally:
        stop.set()
        for client in clients:
            client.join(5)


def test_a_file_rewritten_in_the_same_second_is_not_answered_304(
    server: FeedServer, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = site / "bedford" / "la.ics"
    second = 1_476_000_000  # T; MODIFIED is its HTTP date
    clock = {"now": second + 0.5}
    fake = types.SimpleNamespace(time=lambda: clock["now"], monotonic=time.monotonic)
    monkeypatch.setattr("inspectcal.serve.time", fake)

    def write(content: bytes, at: float) -> None:
        feed.write_bytes(content)
        os.utime(feed, ns=(int(at * 10**9),) * 2)

    write(FEED, second + 0.1)  # published at T.1, fetched at T.5
    status, headers, _ = fetch(server, "/bedford/la.ics")
    assert status == 200 and "Last-Modified" not in headers and headers["ETag"] == ETAG
    newer = FEED.replace(b"2.0", b"2.0\r\nX-NEW:1")
    write(newer, second + 0.9)  # re-published at T.9, revalidated at T.95 with "T"
    clock["now"] = second + 0.95
    status, _, body = fetch(server, "/bedford/la.ics", headers={"If-Modified-Since": MODIFIED})
    assert (status, body) == (200, newer)
    # Once T is over the server sends "Last-Modified: T"; any later rewrite lands after T.
    clock["now"] = second + 5
    status, headers, _ = fetch(server, "/bedford/la.ics")
    assert headers["Last-Modified"] == MODIFIED
    assert fetch(server, "/bedford/la.ics", headers={"If-Modified-Since": MODIFIED})[0] == 304
    write(FEED, second + 5.2)
    clock["now"] = second + 5.3
    status, _, body = fetch(server, "/bedford/la.ics", headers={"If-Modified-Since": MODIFIED})
    assert (status, body) == (200, FEED)


def test_last_modified_is_withheld_while_its_second_runs() -> None:
    # Sent during second T, "Last-Modified: T" could not tell a rewrite later in T apart.
    assert last_modified(1_476_000_000.1, now=1_476_000_000.8) is None
    assert last_modified(1_476_000_000.1, now=1_476_000_001.0) == 1_476_000_000
    fresh = {"If-Modified-Since": formatdate(1_476_000_000, usegmt=True)}
    assert not not_modified(fresh, etag='"x"', modified=None)


def test_a_large_file_is_streamed_whole(
    quick_server: tuple[FeedServer, list[str]], site: Path
) -> None:
    srv, _ = quick_server
    big = site / "big.ics"
    block = hashlib.sha256(b"seed").digest() * 2048  # 64 KiB
    with big.open("wb") as out:
        for _ in range(33 * 16):  # 33 MiB, over the old 32 MiB limit that gave 404
            out.write(block)
    status, headers, body = fetch(srv, "/big.ics")
    assert status == 200
    assert headers["Content-Length"] == str(33 * 1024 * 1024) == str(len(body))
    assert headers["ETag"] == '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def test_a_client_hanging_up_mid_download_leaves_no_traceback(
    quick_server: tuple[FeedServer, list[str]], site: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    srv, lines = quick_server
    big = site / "big.ics"
    big.write_bytes(b"x" * (20 * 1024 * 1024))
    conn = socket.create_connection(("127.0.0.1", srv.server_address[1]), timeout=5)
    conn.sendall(b"GET /big.ics HTTP/1.1\r\nHost: x\r\n\r\n")
    conn.recv(65536)
    # Reset, not a polite close: what a phone leaving the network does.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
    assert fetch(srv, "/bedford/la.ics")[0] == 200  # still serving
    srv.shutdown()
    _, err = capfd.readouterr()
    assert "Traceback" not in err and "Traceback" not in "\n".join(lines)


def test_a_client_that_will_not_read_the_answer_loses_its_slot(site: Path) -> None:
    # 32 MiB at no less than 32 MiB/s, plus 0.5 s: the server gives up after 1.5 s.
    size = 32 * 1024 * 1024
    (site / "big.ics").write_bytes(b"x" * size)
    srv = make_server(site, port=0, request_deadline=0.5, min_rate=size)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        conn = socket.socket()
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        conn.connect(("127.0.0.1", srv.server_address[1]))
        conn.sendall(b"GET /big.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(3)  # reading nothing, well past the 1.5 s allowed
        conn.settimeout(10)
        received = 0
        try:
            while chunk := conn.recv(1024 * 1024):
                received += len(chunk)
        except ConnectionResetError:
            pass
        conn.close()
        assert received < size  # cut off: the rest was never sent
        assert fetch(srv, "/bedford/la.ics")[0] == 200
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)
