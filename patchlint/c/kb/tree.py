"""Ops-struct prototypes read from a source tree's own headers: where a tree is at hand (the
pre-send hook runs inside one, `--tree DIR` names one), the member's prototype there is
proof, whatever release the tree is and whatever the shipped KBs say.

The header that declares a struct is found cheaply (`git grep` in a git tree; else a bounded
walk over the tree's `*.h` files), read with the KB extractor (`patchlint.c.kb.extract`), and
remembered under the repository's git directory (`<git dir>/patchlint/kb-tree/`): which
headers declare which struct, and the structs of each header keyed by the SHA-256 of its
content. A later run (the next mail of the same `git send-email`) reads the header again and
hashes it, and re-extracts only when it changed.

A struct name comes from the patch (mail from strangers), so only identifiers are searched
for, and never anything but the tree's own files is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from patchlint import lazyre
from patchlint.c.kb.build import detect_project, detect_release, struct_protos
from patchlint.c.kb.extract import Extractor
from patchlint.c.kb.fileformat import dumps_kb, parse_kb
from patchlint.c.kb.lookup import KBCheck, check_candidates
from patchlint.c.kb.model import KBFile, MemberProto, StructProto
from patchlint.errors import PatchlintError, UsageError

_IDENT = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
# `struct NAME {` (or the brace on the next line) starting a definition
_DEFINES = lazyre.compile(rb"(?<![\w])struct[ \t]+([A-Za-z_]\w{0,127})[ \t]*(?:\{|$)", re.M)
HEADER_BYTES = 4 * 1024 * 1024  # a header larger than this is not read
WALK_FILES = 100_000  # *.h files looked at without git
WALK_BYTES = 512 * 1024 * 1024  # bytes read without git
MAX_HEADERS = 8  # headers declaring one struct that are read
CACHE_ENTRIES = 256  # header extractions kept under the git dir
GIT_TIMEOUT = 60.0
CACHE_FORMAT = 1


@dataclass(slots=True)
class TreeHeaders:
    """The headers of one tree, asked struct by struct. `cache` is a folder for what
    survives the process (None: remember within the process only)."""

    root: Path
    cache: Path | None = None
    git: bool = False
    project: str | None = None
    release: str | None = None
    _structs: dict[str, list[StructProto]] = field(default_factory=dict)
    _where: dict[str, list[str]] | None = None

    @classmethod
    def at(cls, root: Path, git_dir: Path | None = None) -> TreeHeaders:
        """The tree at `root` (its project and release from its Makefile, when it says);
        a git work tree keeps its cache under `git_dir` (default: found by git)."""
        if not root.is_dir():
            raise UsageError(f"--tree {root}: not a directory")
        root = root.resolve()
        if git_dir is None:
            git_dir = _git_dir(root)
        try:
            project: str | None = detect_project(root)
        except UsageError:
            project = None
        release = detect_release(root, project) if project else None
        cache = git_dir / "patchlint" / "kb-tree" if git_dir is not None else None
        return cls(root, cache, git_dir is not None, project, release)

    @property
    def label(self) -> str:
        """How findings name the tree: `the tree, linux 6.30.0`."""
        if self.project and self.release:
            return f"the tree, {self.project} {self.release}"
        return "the tree"

    def version(self) -> tuple[int, ...] | None:
        """The tree's release as numbers (`6.30` -> (6, 30)), if its Makefile says."""
        if not self.release:
            return None
        parts = re.findall(r"\d+", self.release)
        return tuple(int(p) for p in parts[:3]) or None

    # -- the PrototypeSource interface ----------------------------------------------------

    def struct(self, name: str) -> list[StructProto]:
        """The struct as the tree's headers declare it ([] when no header does)."""
        if not _IDENT.fullmatch(name):
            return []
        if name not in self._structs:
            self._structs[name] = self._lookup(name)
        return list(self._structs[name])

    def members(self, member_name: str, struct: str | None = None) -> list[MemberProto]:
        if struct is None:
            return []  # the tree is searched by struct, never by member
        return [m for st in self.struct(struct) for m in st.members if m.member == member_name]

    def releases(self) -> list[tuple[date, str]]:
        return []

    def check(
        self, member_name: str, ret: str, params: Sequence[str], struct: str | None = None
    ) -> KBCheck:
        return check_candidates(self.members(member_name, struct), member_name, ret, params, struct)

    # -- finding and reading headers ------------------------------------------------------

    def _lookup(self, name: str) -> list[StructProto]:
        where = self._load_where()
        known = where.get(name)
        if known is not None:
            found = [st for path in known for st in self._header(path) if st.name == name]
            if found:
                return found
        paths = self._search(name)[:MAX_HEADERS]
        found = [st for path in paths for st in self._header(path) if st.name == name]
        where[name] = sorted({st.file for st in found})
        self._save_where()
        return found

    def _search(self, name: str) -> list[str]:
        """Headers (relative paths) that may define `struct name {`."""
        if self.git:
            pattern = rf"(^|[^[:alnum:]_])struct[[:space:]]+{name}[[:space:]]*(\{{|$)"
            try:
                done = subprocess.run(
                    [
                        "git",
                        "-C",
                        str(self.root),
                        "grep",
                        "-l",
                        "-I",
                        "-E",
                        "-e",
                        pattern,
                        "--",
                        "*.h",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=GIT_TIMEOUT,
                    check=False,
                )
            except (OSError, subprocess.SubprocessError):
                done = None
            if done is not None and done.returncode in (0, 1):
                return sorted(p for p in done.stdout.splitlines() if p)
        return self._walk(name)

    def _walk(self, name: str) -> list[str]:
        """Without git: every `*.h` under the tree, within WALK_FILES and WALK_BYTES."""
        wanted = name.encode()
        out: list[str] = []
        files = 0
        budget = WALK_BYTES
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for fname in sorted(names):
                if not fname.endswith(".h"):
                    continue
                files += 1
                if files > WALK_FILES or budget <= 0:
                    return out
                path = Path(folder) / fname
                data = _read(path)
                if data is None:
                    continue
                budget -= len(data)
                if any(m.group(1) == wanted for m in _DEFINES.finditer(data)):
                    out.append(path.relative_to(self.root).as_posix())
        return out

    def _header(self, rel: str) -> list[StructProto]:
        """The ops structs of one header, from the cache when its content is unchanged."""
        path = self.root / rel
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return []
        if not resolved.is_relative_to(self.root) or not resolved.is_file():
            return []
        raw = _read(resolved)
        if raw is None:
            return []
        digest = hashlib.sha256(raw).hexdigest()
        cached = self._cached(digest, rel)
        if cached is not None:
            return cached
        extractor = Extractor()
        extractor.add(rel, raw)
        source = f"{self.project or 'tree'} {self.release or 'tree'}"
        structs = struct_protos(extractor.structs(), source)
        self._store(digest, rel, structs)
        return structs

    # -- the cache under the git dir ------------------------------------------------------

    def _load_where(self) -> dict[str, list[str]]:
        if self._where is None:
            self._where = {}
            if self.cache is not None:
                try:
                    data = json.loads((self.cache / "where.json").read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = None
                if isinstance(data, dict) and data.get("format") == CACHE_FORMAT:
                    self._where = {
                        k: [p for p in v if isinstance(p, str)]
                        for k, v in data.get("structs", {}).items()
                        if isinstance(k, str) and isinstance(v, list)
                    }
        return self._where

    def _save_where(self) -> None:
        if self.cache is None or self._where is None:
            return
        found = {k: v for k, v in self._where.items() if v}  # a miss is searched again
        _write(
            self.cache / "where.json",
            json.dumps({"format": CACHE_FORMAT, "structs": found}, sort_keys=True),
        )

    def _cached(self, digest: str, rel: str) -> list[StructProto] | None:
        if self.cache is None:
            return None
        entry = self.cache / f"{digest}.json"
        try:
            kb = parse_kb(json.loads(entry.read_text(encoding="utf-8")), entry.name)
        except (OSError, ValueError, PatchlintError):
            return None
        source = f"{self.project or 'tree'} {self.release or 'tree'}"
        return [_with(st, rel, source) for st in kb.structs]

    def _store(self, digest: str, rel: str, structs: list[StructProto]) -> None:
        if self.cache is None:
            return
        kb = KBFile(
            digest[:16], self.project or "tree", self.release or "tree", rel, tuple(structs)
        )
        _write(self.cache / f"{digest}.json", dumps_kb(kb, [rel], {"structs": len(structs)}))
        _prune(self.cache)


def _with(st: StructProto, rel: str, source: str) -> StructProto:
    """A cached struct as this tree names it (the same content may sit at another path)."""
    members = tuple(
        MemberProto(
            struct=m.struct,
            member=m.member,
            ret=m.ret,
            params=m.params,
            param_names=m.param_names,
            source=source,
            file=rel,
            line=m.line,
            variadic=m.variadic,
            prototyped=m.prototyped,
            condition=m.condition,
            typedef=m.typedef,
            path=m.path,
            array=m.array,
        )
        for m in st.members
    )
    return StructProto(st.name, st.kind, rel, st.line, source, members)


def _read(path: Path) -> bytes | None:
    try:
        if path.stat().st_size > HEADER_BYTES:
            return None
        with open(path, "rb") as fh:
            data = fh.read(HEADER_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= HEADER_BYTES else None


def _write(path: Path, text: str) -> None:
    """Best effort: the cache is an optimisation, a read-only git dir only makes it slow."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Keep the newest CACHE_ENTRIES header extractions."""
    try:
        entries = sorted(
            (p for p in folder.glob("*.json") if p.name != "where.json"),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in entries[CACHE_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _git_dir(root: Path) -> Path | None:
    """The git directory shared by `root`'s work trees, or None if `root` is not in one."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--git-common-dir"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    path = Path(done.stdout.strip())
    return (path if path.is_absolute() else root / path).resolve()
