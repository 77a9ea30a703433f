"""The shipped KBs as an index keyed by member (`patchlint/data/kb/index.sqlite`), so that
checking one patch reads the few prototypes it asks for instead of parsing three whole KBs
(about 2 MB of JSON and 14,000 members: 0.3-0.8 s in every process that met an ops table).

The JSON files stay the source of truth (readable, diffable); the index is derived from them
by `patchlint kb index` (and refreshed by `patchlint kb build` when it writes into a directory
that has one). It records each JSON file's size and SHA-256: an index whose sizes do not
match the files beside it is stale and not used (`shipped_prototypes` falls back to the
JSON), and a test checks the hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import quote

from patchlint.c.kb.fileformat import member_json, parse_member, read_kb_file
from patchlint.c.kb.lookup import KBCheck, KnowledgeBase, PrototypeSource, check_candidates
from patchlint.c.kb.model import MemberProto
from patchlint.c.kb.shipped import available_kbs, kb_root, release_key, select, shipped_kb
from patchlint.errors import InputError

INDEX_NAME = "index.sqlite"
SCHEMA = "1"

_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE kb (name TEXT PRIMARY KEY, project TEXT NOT NULL, release TEXT NOT NULL,
                 released TEXT, origin TEXT NOT NULL, rank INTEGER NOT NULL,
                 size INTEGER NOT NULL, sha256 TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE member (id INTEGER PRIMARY KEY, member TEXT NOT NULL, struct TEXT NOT NULL,
                     kb TEXT NOT NULL, file TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX member_by_name ON member (member);
"""


def build_index(kb_dir: Path) -> Path:
    """(Re)write `kb_dir/index.sqlite` from every `*.json` KB in `kb_dir`; the path written.
    Written beside the target and renamed, so a reader never sees half an index."""
    sources = sorted(p for p in kb_dir.glob("*.json") if p.is_file())
    if not sources:
        raise InputError(f"{kb_dir}: no KB (*.json) to index")
    kbs = [(p, read_kb_file(p)) for p in sources]
    ranked = sorted(kbs, key=lambda item: release_key(item[0].stem), reverse=True)
    target = kb_dir / INDEX_NAME
    tmp = kb_dir / f".{INDEX_NAME}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.executescript(_DDL)
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
            for rank, (path, kb) in enumerate(ranked):
                raw = path.read_bytes()
                db.execute(
                    "INSERT INTO kb VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        path.stem,
                        kb.project,
                        kb.release,
                        kb.released.isoformat() if kb.released else None,
                        kb.origin,
                        rank,
                        len(raw),
                        hashlib.sha256(raw).hexdigest(),
                    ),
                )
                db.executemany(
                    "INSERT INTO member (member, struct, kb, file, data) VALUES (?, ?, ?, ?, ?)",
                    (
                        (
                            m.member,
                            st.name,
                            path.stem,
                            st.file,
                            json.dumps(member_json(m), separators=(",", ":")),
                        )
                        for st in kb.structs
                        for m in st.members
                    ),
                )
            db.commit()
            db.execute("VACUUM")
        finally:
            db.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{target}: cannot write the KB index: {exc}") from exc
    return target


@dataclass(frozen=True, slots=True)
class IndexedKB:
    name: str
    project: str
    release: str
    released: date | None
    size: int
    sha256: str


class KBIndex:
    """The KBs of one index (all of them, or those `names` lists), queried member by
    member. Answers like `KnowledgeBase` (`PrototypeSource`)."""

    def __init__(self, path: Path, names: Iterable[str] | None = None) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(
                f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            if self._meta("schema") != SCHEMA:
                raise InputError(
                    f"{path}: KB index schema {self._meta('schema')!r}, this "
                    f"patchlint reads {SCHEMA}"
                )
            rows = self._db.execute(
                "SELECT name, project, release, released, size, sha256 FROM kb ORDER BY rank"
            ).fetchall()
        except sqlite3.Error as exc:
            raise InputError(f"{path}: not a KB index: {exc}") from exc
        wanted = None if names is None else set(names)
        self.all_kbs = tuple(
            IndexedKB(n, p, r, date.fromisoformat(d) if d else None, s, h)
            for n, p, r, d, s, h in rows
        )
        self.kbs = tuple(kb for kb in self.all_kbs if wanted is None or kb.name in wanted)
        self._names = tuple(kb.name for kb in self.kbs)
        self._source = {kb.name: f"{kb.project} {kb.release}" for kb in self.kbs}
        self._cache: dict[tuple[str, str | None], list[MemberProto]] = {}
        self._structs_read: dict[str, frozenset[str]] | None = None

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def members(self, member_name: str, struct: str | None = None) -> list[MemberProto]:
        """Every prototype of a member of that name (of `struct` only, if given), newest
        release first, in the order the KB files list them."""
        key = (member_name, struct)
        if key not in self._cache:
            marks = ",".join("?" * len(self._names))
            sql = (
                f"SELECT m.struct, m.kb, m.file, m.data FROM member m JOIN kb k "
                f"ON k.name = m.kb WHERE m.member = ? AND m.kb IN ({marks})"
            )
            args: list[str] = [member_name, *self._names]
            if struct is not None:
                sql += " AND m.struct = ?"
                args.append(struct)
            sql += " ORDER BY k.rank, m.id"
            try:
                rows = self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise InputError(f"{self.path}: {exc}") from exc
            self._cache[key] = [
                parse_member(
                    json.loads(data), st, file, self._source[kb], f"{self.path}: {st}.{member_name}"
                )
                for st, kb, file, data in rows
            ]
        return list(self._cache[key])

    def releases(self) -> list[tuple[date, str]]:
        """(release date, KB name) of each KB that records its date, oldest first."""
        return sorted((kb.released, kb.name) for kb in self.kbs if kb.released is not None)

    def member_structs(self) -> dict[str, frozenset[str]]:
        """Every member's name, with the structs these KBs declare it in (read once)."""
        if self._structs_read is None:
            marks = ",".join("?" * len(self._names))
            sql = f"SELECT DISTINCT member, struct FROM member WHERE kb IN ({marks})"
            try:
                rows = self._db.execute(sql, self._names).fetchall()
            except sqlite3.Error as exc:
                raise InputError(f"{self.path}: {exc}") from exc
            found: dict[str, set[str]] = {}
            for member, struct in rows:
                found.setdefault(str(member), set()).add(str(struct))
            self._structs_read = {k: frozenset(v) for k, v in found.items()}
        return self._structs_read

    def check(
        self, member_name: str, ret: str, params: Sequence[str], struct: str | None = None
    ) -> KBCheck:
        return check_candidates(self.members(member_name, struct), member_name, ret, params, struct)


def shipped_dir() -> Path | None:
    """The folder of the shipped KB files, when the package is on disk."""
    entry = kb_root()
    return entry if isinstance(entry, Path) and entry.is_dir() else None


def fresh(index: KBIndex, kb_dir: Path) -> bool:
    """Does the index describe the JSON files beside it (same names and sizes)? A cheap
    test (one stat per KB); the hashes are for tests and `kb list`."""
    on_disk = {p.stem: p.stat().st_size for p in kb_dir.glob("*.json") if p.is_file()}
    return on_disk == {kb.name: kb.size for kb in index.all_kbs}


@cache
def shipped_prototypes(pattern: str) -> PrototypeSource:
    """The shipped KBs `pattern` picks (as `load_kb` reads a name), once per process: from
    the member index when it is there and fresh, else from the JSON files."""
    folder = shipped_dir()
    names = select(pattern, available_kbs())
    if folder is not None and names and (folder / INDEX_NAME).is_file():
        try:
            index = KBIndex(folder / INDEX_NAME, names)
        except InputError:
            return shipped_kb(pattern)
        if fresh(index, folder):
            return index
    return shipped_kb(pattern)


@cache
def shipped_tables(pattern: str) -> dict[str, tuple[bytes, ...]]:
    """The shipped KBs `pattern` picks (`shipped_prototypes`): each member's name, with the
    names of the structs that declare it, as bytes to find in C text. A member not there,
    or not in that struct, has no prototype in them."""
    source = shipped_prototypes(pattern)
    if isinstance(source, KBIndex | KnowledgeBase):
        return {k: tuple(sorted(s.encode() for s in v)) for k, v in source.member_structs().items()}
    raise TypeError(f"shipped prototypes of {pattern!r}: {type(source).__name__}")
