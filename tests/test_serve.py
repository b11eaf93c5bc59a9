"""The feed server, over a real socket on 127.0.0.1 with a real HTTP client (http.client, which
sends paths exactly as written, so traversal attempts reach the server unnormalised)."""

from __future__ import annotations

import hashlib
import http.client
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from inspectcal.errors import BadInput
from inspectcal.serve import FeedServer, make_server, resolve

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
