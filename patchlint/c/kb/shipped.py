"""The KBs shipped as package data (`patchlint/data/kb/PROJECT-MAJOR.MINOR.json`), and how a
name picks among them: `linux-6.12` (exact), `linux-*` (a glob), `xen` (a project),
`linux-6` (a prefix ending at a `-` or `.`).
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from patchlint import lazyre
from patchlint.c.kb.fileformat import parse_kb, read_kb_file
from patchlint.c.kb.lookup import KnowledgeBase
from patchlint.c.kb.model import KBFile
from patchlint.errors import InputError, UsageError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_GLOB = lazyre.compile(r"[*?\[]")


def kb_root() -> Traversable:
    """`patchlint/data/kb` as `importlib.resources.files` gives it. For a package imported
    from files that is the folder beside its `__init__` (what the file loaders' resource
    reader returns), taken here without importing importlib.resources (~3 ms of a
    one-patch check's start-up); any other loader goes through importlib.resources."""
    from importlib.machinery import SourceFileLoader, SourcelessFileLoader

    spec = getattr(sys.modules.get("patchlint"), "__spec__", None)  # imported before this
    loader = spec.loader if spec is not None else None
    if isinstance(loader, (SourceFileLoader, SourcelessFileLoader)):
        return Path(loader.path).parent.joinpath("data", "kb")
    from importlib import resources

    return resources.files("patchlint").joinpath("data", "kb")


def _shipped() -> dict[str, Traversable]:
    root = kb_root()
    if not root.is_dir():
        return {}
    return {e.name[:-5]: e for e in root.iterdir() if e.name.endswith(".json")}


def release_key(name: str) -> tuple[str, tuple[int, ...]]:
    """`linux-6.12` -> ("linux", (6, 12)): the order of releases within a project."""
    project, _, rel = name.partition("-")
    return project, tuple(int(x) for x in re.findall(r"\d+", rel))


def available_kbs() -> list[str]:
    """Names of the shipped KBs (`linux-6.1`, `linux-6.12`, `xen-4.20`), oldest first per
    project."""
    return sorted(_shipped(), key=release_key)


def select(pattern: str, names: Iterable[str]) -> list[str]:
    """The names `pattern` picks: itself if it is one; else those a glob matches; else
    those it begins up to a `-` or `.` (`xen` picks `xen-4.20`, `linux-6` picks `linux-6.1`
    and `linux-6.12`, `linux-6.1` picks only itself)."""
    names = list(names)
    if pattern in names:
        return [pattern]
    if _GLOB.search(pattern):
        return [n for n in names if fnmatch.fnmatchcase(n, pattern)]
    return [
        n
        for n in names
        if n.startswith(pattern) and n[len(pattern) : len(pattern) + 1] in ("-", ".")
    ]


def _read_shipped(name: str, entry: Traversable) -> KBFile:
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"shipped KB {name}: {exc}") from exc
    return parse_kb(data, name)


def load_kb(names: Iterable[str] | None = None, paths: Iterable[Path] = ()) -> KnowledgeBase:
    """The shipped KBs named (each name as `select` reads it; default: all), plus KB files
    at `paths`. Newest release first within a project, so `members()` lists the current
    prototype before older ones."""
    shipped = _shipped()
    chosen: list[str] = []
    if names is None:
        chosen = list(shipped)
    else:
        for pattern in names:
            hits = select(pattern, shipped)
            if not hits:
                raise UsageError(
                    f"no shipped ops KB matches {pattern!r} "
                    f"(have: {', '.join(available_kbs()) or 'none'})"
                )
            chosen.extend(h for h in hits if h not in chosen)
    files = [_read_shipped(n, shipped[n]) for n in sorted(chosen, key=release_key, reverse=True)]
    files.extend(read_kb_file(Path(p)) for p in paths)
    return KnowledgeBase(files)


@cache
def shipped_kb(pattern: str) -> KnowledgeBase:
    """`load_kb([pattern])`, loaded once per process (rules ask for it on every patch)."""
    return load_kb([pattern])
