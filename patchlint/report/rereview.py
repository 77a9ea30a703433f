"""`patchlint review --rereview`: a new revision as each reviewer of the previous one needs
to see it (schema `patchlint-rereview/1`).

For every series whose newest revision is still under review and follows another one, for
each person who reviewed that previous revision (wrote a review comment on it, or gave a
review tag for it by reply; never its author):
  hunks    - only the hunks of the interdiff (previous -> newest) that touch what they
             quoted (the post-image line a comment is anchored at lies in the hunk's old
             side, or a line the comment quotes is among the hunk's lines) or a file they
             maintain or review (with a MAINTAINERS file: `M:`/`R:` of a section covering
             it in the newest revision), each with why it is shown;
  comments - every review comment of theirs on the series, with its status;
  tags     - their review tags on each patch of the newest revision and whether each still
             stands (`attention.tag_checks`).
"""

from __future__ import annotations

import json
from functools import partial
from typing import Final, Literal, TypedDict

from patchlint import __version__, lazyre
from patchlint.analysis.involvement import Identity, person
from patchlint.errors import UsageError
from patchlint.report.attention import TagCheck, tag_checks
from patchlint.report.identity import entry_people
from patchlint.report.links import mail_link
from patchlint.report.render import template
from patchlint.report.types import (
    InterdiffEntry,
    InterdiffPatch,
    Report,
    ReviewCommentEntry,
    RevisionEntry,
    SeriesEntry,
    ToolInfo,
)

REREVIEW_SCHEMA: Final = "patchlint-rereview/1"
Why = Literal["quoted", "maintains"]

_HUNK = lazyre.compile(r"^@@@? -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@@?")
_MIN_QUOTED = 16  # a quoted line shorter than this is too common to tell places apart


class HunkView(TypedDict):
    """One hunk of the interdiff, as a diff of its own (file headers, `@@` line, lines)."""

    from_index: int | None
    to_index: int | None
    title: str
    file: str
    method: str | None
    diff: str
    why: list[Why]
    comments: list[int]  # positions in the reviewer's `comments` the hunk touches


class ReviewerView(TypedDict):
    person: str
    maintains: list[str]  # files of the newest revision they maintain or review
    comments: list[ReviewCommentEntry]
    tags: list[TagCheck]
    hunks: list[HunkView]
    hunks_left_out: int  # hunks of the interdiff that touch nothing of theirs


class RereviewSeries(TypedDict):
    title: str
    author: str
    from_version: int
    to_version: int
    from_message_id: str | None
    to_message_id: str | None
    hunks: int  # hunks in the whole interdiff
    reviewers: list[ReviewerView]


class Rereview(TypedDict):
    schema: Literal["patchlint-rereview/1"]
    tool: ToolInfo
    me: str | None
    archive_url: str
    series: list[RereviewSeries]


class _Hunk(TypedDict):
    pair: InterdiffPatch
    file: str
    head: str  # the file's ---/+++ lines
    lines: list[str]  # the @@ line and the hunk's lines
    old: tuple[int, int] | None  # old-side [first, last] line numbers


def split_hunks(pair: InterdiffPatch) -> list[_Hunk]:
    """The hunks of one patch's interdiff, each with its file's header lines. A hunk's
    lines are counted from its `@@` line, so a removed `-- x` line is no file header; a
    diff of diffs (`@@@`) has no usable counts and ends where the next header starts."""
    out: list[_Hunk] = []
    head: list[str] = []
    file = ""
    lines = pair["diff"].splitlines()
    old_left = new_left = 0
    for n, line in enumerate(lines):
        if old_left > 0 or new_left > 0:
            out[-1]["lines"].append(line)
            kind = line[:1]
            old_left -= kind in (" ", "-", "")
            new_left -= kind in (" ", "+", "")
            continue
        if line.startswith("--- ") and n + 1 < len(lines) and lines[n + 1].startswith("+++ "):
            head = [line]
            continue
        if line.startswith("+++ ") and len(head) == 1:
            head.append(line)
            file = _path(line)
            continue
        m = _HUNK.match(line)
        if m:
            first = int(m.group(1))
            count = int(m.group(2)) if m.group(2) is not None else 1
            if not line.startswith("@@@"):
                old_left = count
                new_left = int(m.group(3)) if m.group(3) is not None else 1
            out.append(
                {
                    "pair": pair,
                    "file": file or (pair["files"] or [""])[0],
                    "head": "\n".join(head),
                    "lines": [line],
                    "old": (first, first + max(count, 1) - 1),
                }
            )
            head = head[:2]
        elif out:
            out[-1]["lines"].append(line)
    return out


def _path(header: str) -> str:
    path = header[4:].split("\t")[0].removesuffix(" (diff of diffs)").strip()
    return path[2:] if path.startswith(("a/", "b/")) else path


def _quoted_lines(excerpt: str) -> set[str]:
    """The code lines a comment quotes that say something (not `}` or `return 0;`),
    without their diff markers."""
    out = set()
    for line in excerpt.splitlines():
        text = line[1:].strip() if line[:1] in "+- " else line.strip()
        if len(text) >= _MIN_QUOTED:
            out.add(text)
    return out


def _hunk_texts(hunk: _Hunk) -> set[str]:
    """The hunk's lines on the previous revision's side (context and removed)."""
    if hunk["pair"]["method"] == "range-diff":
        return {line[2:].strip() for line in hunk["lines"][1:]}
    return {line[1:].strip() for line in hunk["lines"][1:] if line[:1] in (" ", "-")}


def _span(comment: ReviewCommentEntry) -> tuple[int, int] | None:
    """The post-image lines the comment quotes, ending at the line it is anchored at."""
    if comment["line"] is None:
        return None
    quoted = sum(1 for line in comment["excerpt"].splitlines() if line[:1] in ("+", " "))
    return comment["line"] - max(quoted, 1) + 1, comment["line"]


def _touches(hunk: _Hunk, comment: ReviewCommentEntry, version: int) -> bool:
    """The hunk holds what the comment is about. A comment anchored on the previous
    revision (whose post-image the interdiff's old side numbers): the lines it quotes
    overlap the hunk's. Otherwise (an older revision, a diff of diffs, no anchor): a line
    it quotes is among the hunk's."""
    if comment["file"] != hunk["file"]:
        return False
    pair = hunk["pair"]
    span = _span(comment)
    if (
        comment["revision"] == version
        and comment["patch"] == pair["from_index"]
        and span is not None
        and hunk["old"] is not None
        and pair["method"] != "range-diff"
    ):
        return span[0] <= hunk["old"][1] and hunk["old"][0] <= span[1]
    return bool(_quoted_lines(comment["excerpt"]) & _hunk_texts(hunk))


def _step(entry: SeriesEntry, new: RevisionEntry) -> InterdiffEntry | None:
    return next((s for s in reversed(entry["interdiffs"]) if s["to"] == new["version"]), None)


def _maintained(revisions: tuple[RevisionEntry, ...], me: Identity) -> list[str]:
    """Files of these revisions a section lists the person for (`M:` or `R:`)."""
    out: list[str] = []
    patches = [p for rev in revisions if rev.get("approval") for p in rev["approval"]["patches"]]  # type: ignore[index]
    for p in patches:
        for f in p["files"]:
            if f["path"] not in out and any(
                me.any((*s["maintainers"], *s["reviewers"])) for s in f["sections"]
            ):
                out.append(f["path"])
    return out


def _reviewers(entry: SeriesEntry, old: RevisionEntry, new: RevisionEntry) -> list[str]:
    """Who reviewed `old`: comment writers and reply tag givers, each person once, never
    an author of the series."""
    people = entry_people(entry)
    authors = [Identity(person(r["author"]), people) for r in (old, new)]
    seen: list[Identity] = []
    out: list[str] = []
    candidates = [c["author"] for c in entry["review_comments"] if c["revision"] == old["version"]]
    candidates += [
        t["person"] or ""
        for t in entry.get("trailer_lineage", [])
        if t["review"] and t["origin"] == "reply" and t["revision"] == old["version"]
    ]
    for who in candidates:
        if (
            not who.strip()
            or any(a.matches(who) for a in authors)
            or any(s.matches(who) for s in seen)
        ):
            continue
        seen.append(Identity(person(who), people))
        out.append(who)
    return out


def reviewer_view(
    entry: SeriesEntry, old: RevisionEntry, new: RevisionEntry, hunks: list[_Hunk], who: str
) -> ReviewerView:
    me = Identity(person(who), entry_people(entry))
    comments = [c for c in entry["review_comments"] if me.matches(c["author"])]
    maintains = _maintained((new, old), me)
    shown: list[HunkView] = []
    for hunk in hunks:
        touched = [n for n, c in enumerate(comments) if _touches(hunk, c, old["version"])]
        why: list[Why] = []
        if touched:
            why.append("quoted")
        if hunk["file"] in maintains:
            why.append("maintains")
        if why:
            pair = hunk["pair"]
            shown.append(
                {
                    "from_index": pair["from_index"],
                    "to_index": pair["to_index"],
                    "title": pair.get("to_title") or pair.get("from_title") or "",
                    "file": hunk["file"],
                    "method": pair["method"],
                    "diff": "\n".join([hunk["head"], *hunk["lines"]]).strip("\n") + "\n",
                    "why": why,
                    "comments": touched,
                }
            )
    return {
        "person": who,
        "maintains": maintains,
        "comments": comments,
        "tags": tag_checks(entry, me, new),
        "hunks": shown,
        "hunks_left_out": len(hunks) - len(shown),
    }


def rereview_series(entry: SeriesEntry, me: str | None = None) -> RereviewSeries | None:
    """The re-review of one series' newest revision; None when there is nothing to
    re-review (one revision, the newest applied, or no reviewer)."""
    revisions = entry["revisions"]
    if len(revisions) < 2 or revisions[-1]["state"] != "latest":
        return None
    new = revisions[-1]
    step = _step(entry, new)
    if step is None:
        return None
    old = next((r for r in reversed(revisions[:-1]) if r["version"] == step["from"]), revisions[-2])
    hunks = [
        h for pair in step["patches"] if pair["status"] == "modified" for h in split_hunks(pair)
    ]
    reviewers = _reviewers(entry, old, new)
    if me is not None:
        reader = Identity(person(me), entry_people(entry))
        mine = [r for r in reviewers if reader.matches(r)]
        reviewers = mine or ([me] if _maintained((new, old), reader) else [])
    views = [reviewer_view(entry, old, new, hunks, who) for who in reviewers]
    if not views:
        return None
    return {
        "title": entry["title"],
        "author": entry.get("author", new["author"]),
        "from_version": old["version"],
        "to_version": new["version"],
        "from_message_id": old["message_id"],
        "to_message_id": new["message_id"],
        "hunks": len(hunks),
        "reviewers": views,
    }


def rereview_report(report: Report, me: str | None = None, archive_url: str = "") -> Rereview:
    series = [s for s in (rereview_series(e, me) for e in report["series"]) if s is not None]
    return {
        "schema": REREVIEW_SCHEMA,
        "tool": {"name": "patchlint", "version": __version__},
        "me": me,
        "archive_url": archive_url,
        "series": series,
    }


_TEMPLATES = {
    "text": ("terminal", "rereview.txt.j2"),
    "markdown": ("markdown", "rereview.md.j2"),
    "html": ("html", "rereview.html.j2"),
}
FORMATS = ("text", "markdown", "html", "json")


def render_rereview(view: Rereview, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(view, indent=2, ensure_ascii=False) + "\n"
    if fmt not in _TEMPLATES:
        raise UsageError(f"--rereview is for {', '.join(FORMATS)}, not {fmt}")
    kind, name = _TEMPLATES[fmt]
    return template(kind, name).render(view=view, link=partial(mail_link, view["archive_url"]))
