"""A real SMTP server for the bot tests (aiosmtpd on 127.0.0.1), run as its own process so the
test can fork bot processes without threads around and kill them at will.

Every message it accepts is appended to a JSON-lines log (Message-ID, envelope sender and
recipients, whether the session was authenticated and encrypted) before `250` is answered;
with --echo MAILDIR it is also delivered into that maildir, as a list would deliver it back
to a subscribed bot. Prints `ready PORT` when it listens.

    python smtp_sink.py --log FILE [--echo MAILDIR] [--tls CERT KEY] [--auth USER:PASS]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import ssl
import sys
import time
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, log: Path, echo: Path | None) -> None:
        self.log = log
        self.echo = echo
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # no await below: the message is logged and delivered in one step of the loop
        data: bytes = envelope.original_content or envelope.content
        headers = BytesHeaderParser(policy=compat32).parsebytes(data)
        record = {
            "message_id": str(headers["Message-ID"] or "").strip(),
            "mail_from": envelope.mail_from,
            "rcpt": list(envelope.rcpt_tos),
            "authenticated": bool(session.authenticated),
            "tls": session.ssl is not None,
            "time": time.time(),
        }
        with self.log.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        if self.echo is not None:
            self.count += 1
            name = f"{time.time():.6f}.{os.getpid()}_{self.count}.sink"
            tmp = self.echo / "tmp" / name
            tmp.write_bytes(data)
            os.replace(tmp, self.echo / "new" / name)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--echo", type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", metavar="USER:PASS")
    args = parser.parse_args()
    port = args.port
    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    kwargs: dict[str, Any] = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.tls)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(
            server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
        ) -> AuthResult:
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == user.encode()
                and auth_data.password == password.encode()
            )
            return AuthResult(success=ok, handled=False)

        kwargs.update(
            authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.tls)
        )
    controller = Controller(Sink(args.log, args.echo), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print(f"ready {port}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
