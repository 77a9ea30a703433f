"""Raw mails by Message-ID, for show.py: one SQLite file per input (keyed by the input's
bytes, not by the patchlint source), built the first time a mail of that input is shown."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

from bench.precision.cache import CACHE
from bench.precision.inputs import Input
from patchlint.ingest import iter_raw
from patchlint.ingest.decode import parse_msgid, parse_msgid_list

_HEADERS = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def _path(inp: Input) -> Path:
    return CACHE / f"mails-{hashlib.sha256(inp.identity().encode()).hexdigest()[:16]}.sqlite"


def _build(inp: Input, path: Path) -> None:
    part = path.with_suffix(".part")
    part.unlink(missing_ok=True)
    with closing(sqlite3.connect(part)) as db:
        db.executescript("""
            CREATE TABLE mail (n INTEGER PRIMARY KEY, msgid TEXT, parent TEXT, refs TEXT,
                               raw BLOB);
            CREATE INDEX mail_id ON mail (msgid);
            CREATE INDEX mail_parent ON mail (parent);
        """)
        for n, (_source, raw) in enumerate(iter_raw([str(inp.path)]), 1):
            head = _HEADERS.parsebytes(raw.split(b"\n\n", 1)[0] + b"\n\n")
            msgid = parse_msgid(str(head.get("Message-ID", "") or "")) or f"#{n}"
            refs = parse_msgid_list(str(head.get("References", "") or ""))
            parent = parse_msgid(str(head.get("In-Reply-To", "") or "")) or (
                refs[-1] if refs else None
            )
            db.execute(
                "INSERT INTO mail VALUES (?, ?, ?, ?, ?)",
                (n, msgid, parent, " ".join(refs), zlib.compress(raw, 6)),
            )
        db.commit()
    part.replace(path)


class Mails:
    """The mails of one input."""

    def __init__(self, inp: Input) -> None:
        path = _path(inp)
        if not path.exists():
            CACHE.mkdir(parents=True, exist_ok=True)
            _build(inp, path)
        self.db = sqlite3.connect(path)

    def raw(self, msgid: str) -> bytes | None:
        row = self.db.execute(
            "SELECT raw FROM mail WHERE msgid = ? ORDER BY n LIMIT 1", (msgid,)
        ).fetchone()
        return zlib.decompress(row[0]) if row else None

    def children(self, msgid: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute("SELECT msgid FROM mail WHERE parent = ? ORDER BY n", (msgid,))
        ]

    def descendants(self, msgid: str, limit: int = 200) -> list[str]:
        """Replies to `msgid`, replies to those, ... in archive order (depth first)."""
        out: list[str] = []
        todo = [msgid]
        seen = {msgid}
        while todo and len(out) < limit:
            for child in self.children(todo.pop(0)):
                if child not in seen:
                    seen.add(child)
                    out.append(child)
                    todo.append(child)
        return out
