"""A real public-inbox archive served over HTTP on loopback, as lore.kernel.org serves one:
Debian's public-inbox (`public-inbox-init -V2`, mail delivered with `public-inbox-mda`,
served by `public-inbox-httpd`), for the tests that fetch threads by Message-ID through b4.
Also a server that answers every request with the same bytes (garbage, for error paths)."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import require_program

NAME = "xen-devel"  # the inbox's name: its path under the server's root
LIST = "xen-devel@lists.xensource.com"


class Inbox:
    """A public-inbox v2 archive (`public-inbox-init -V2`), mail delivered with
    `public-inbox-mda`; `level="medium"` adds the Xapian search index b4 queries to find a
    series' other revisions by change-id."""

    def __init__(self, root: Path, level: str = "basic") -> None:
        for program in ("git", "public-inbox-init", "public-inbox-mda"):
            require_program(program)
        self.dir = root / "inbox"
        home = root / "pi-home"
        home.mkdir()
        self.env = {
            **os.environ,
            "HOME": str(home),
            "PI_CONFIG": str(home / "config"),
            "ORIGINAL_RECIPIENT": LIST,
        }
        self._run(
            [
                "public-inbox-init",
                "-V2",
                "-L",
                level,
                NAME,
                str(self.dir),
                f"http://example.org/{NAME}",
                LIST,
            ]
        )
        self._run(["git", "config", "-f", str(home / "config"), "publicinboxmda.spamcheck", "none"])

    def _run(self, argv: list[str], stdin: bytes | None = None) -> None:
        done = subprocess.run(argv, env=self.env, input=stdin, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")

    def deliver(self, raws: list[bytes]) -> None:
        for raw in raws:
            self._run(["public-inbox-mda", "--no-precheck"], raw)


def free_port() -> int:
    """A loopback port nothing listens on now (the server binds it next)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def served(inbox: Inbox, root: Path) -> Iterator[str]:
    """`public-inbox-httpd` serving `inbox` on a loopback port, for the `with` block; yields
    the inbox's base URL (`http://127.0.0.1:PORT/xen-devel/`)."""
    program = require_program("public-inbox-httpd")
    log = (root / "httpd.log").open("wb")
    port = free_port()
    server = subprocess.Popen(
        [program, "-W0", "-l", f"http://127.0.0.1:{port}"],
        env=inbox.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # wait for it to listen: no timed assertion, only a bound on a server that died
        deadline = time.monotonic() + 120
        while not _listening(port):
            assert server.poll() is None, (root / "httpd.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "public-inbox-httpd never listened"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/{NAME}/"
    finally:
        server.terminate()
        server.wait()
        log.close()


@contextmanager
def answering(body: bytes) -> Iterator[str]:
    """An HTTP server on loopback answering 200 and `body` to every request; yields a base
    URL under it."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{NAME}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
