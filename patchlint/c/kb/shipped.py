"""The KBs shipped as package data (`patchlint/data/kb/PROJECT-MAJOR.MINOR.json`), and how a
name picks among them: `linux-6.12` (exact), `linux-*` (a glob), `xen` (a project),
`linux-6` (a prefix ending at a `-` or `.`).
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from patchlint import lazyre
from patchlint.c.kb.fileformat import parse_kb, read_kb_file
from patchlint.c.kb.lookup import KnowledgeBase
from patchlint.c.kb.model import KBFile
from patchlint.errors import InputError, UsageError

_GLOB = lazyre.compile(r"[*?\[]")


def _shipped() -> dict[str, Traversable]:
    root = resources.files("patchlint").joinpath("data", "kb")
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
