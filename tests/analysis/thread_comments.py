"""The review comments patchlint reports for a fixture thread, reviewed once per test process,
and the comments of one mail holding given words: the scaffolding the comment tracker's
tests on real mail share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from patchlint.pipeline import review
from tests.conftest import FIXTURES

LINUX = FIXTURES / "threads" / "linux"
XEN = FIXTURES / "threads" / "xen"

_REPORTS: dict[Path, list[dict[str, Any]]] = {}


def comments(path: Path) -> list[dict[str, Any]]:
    """Every review comment of every series of the thread (its review is kept)."""
    if path not in _REPORTS:
        report = review([str(path)])
        _REPORTS[path] = [c for s in report["series"] for c in s.get("review_comments", [])]
    return _REPORTS[path]


def in_mail(path: Path, message_id: str, words: str) -> list[dict[str, Any]]:
    """The comments of the mail `message_id` that hold `words` (white space aside)."""
    wanted = " ".join(words.split())
    return [
        c
        for c in comments(path)
        if (c["message_id"] or "").strip("<>") == message_id
        and wanted in " ".join(c["comment"].split())
    ]


def find(path: Path, message_id: str, words: str) -> dict[str, Any]:
    """The first such comment; the test fails when there is none."""
    hits = in_mail(path, message_id, words)
    assert hits, f"no comment {words!r} in {message_id}"
    return hits[0]
