"""What the HTML report shows beyond the report model, for a whole list on one page: the
index of series with the values its filters work on, findings that quote the same hunk
gathered into one code view, finding messages with their `code` spans, and the page's one
script with the hash its Content-Security-Policy allows it by.

Regrouping and flags only: the template decides what is said.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from functools import cache
from importlib.resources import files
from typing import Literal, TypedDict

from markupsafe import Markup, escape

from patchlint import lazyre
from patchlint.analysis.involvement import person
from patchlint.report.attention import approval_wait
from patchlint.report.identity import reader_in
from patchlint.report.summary import summary_row
from patchlint.report.types import FindingEntry, QuoteLine, Report, SummaryRow
from patchlint.report.verdict import worst

_CODE_SPAN = lazyre.compile(r"`([^`\n]+)`")


def prose(text: str | None) -> Markup:
    """A finding's message as HTML: escaped, and `code` spans as <code> (patchlint writes
    identifiers that way; the backticks are markup, not text)."""
    if not text:
        return Markup("")
    out: list[str] = []
    last = 0
    for m in _CODE_SPAN.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup("<code>{}</code>").format(m.group(1)))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


class IndexRow(TypedDict):
    """One series in the index: the `--summary` row, and what the filters look at."""

    number: int
    anchor: str
    row: SummaryRow
    worst: str  # the worst severity among all its findings, "" for none
    rules: list[str]  # codes of its findings
    waiting: bool  # its newest revision waits for the reader's approval


def index_rows(report: Report, me: str | None = None) -> list[IndexRow]:
    """The index of the page, one row per series in report order."""
    reader = person(me) if me else None
    rows: list[IndexRow] = []
    for number, entry in enumerate(report["series"], 1):
        waiting = reader is not None and approval_wait(entry, reader_in(entry, reader)) is not None
        rows.append(
            {
                "number": number,
                "anchor": f"s{number}",
                "row": summary_row(entry),
                "worst": worst(entry["findings"]) or "",
                "rules": sorted({f["code"] for f in entry["findings"]}),
                "waiting": waiting,
            }
        )
    return rows


class FilterChoices(TypedDict):
    rules: list[tuple[str, str]]  # (code, name) of the rules that found something
    states: list[str]
    authors: list[str]


def filter_choices(report: Report) -> FilterChoices:
    rules = {f["code"]: f["rule"] for s in report["series"] for f in s["findings"]}
    states = {s["revisions"][-1]["state"] for s in report["series"] if s["revisions"]}
    authors = {s.get("author", "") for s in report["series"]}
    return {
        "rules": sorted(rules.items()),
        "states": sorted(states),
        "authors": sorted((a for a in authors if a), key=str.casefold),
    }


# -- one code view per hunk -----------------------------------------------------------------


class CodeRow(TypedDict):
    text: str
    old: int | None
    new: int | None
    kind: Literal["add", "del", "ctx"]
    hits: list[int]  # positions (in the card) of the findings this line is about
    gap: bool  # lines of the hunk are left out before this one


class HunkCard(TypedDict):
    """The findings of one patch mail that quote the same hunk, shown over one view of its
    lines (the union of what each quotes); or one finding that quotes nothing."""

    file: str | None
    hunk: str | None
    rows: list[CodeRow]
    findings: list[FindingEntry]


def _kind(line: QuoteLine, in_diff: bool) -> Literal["add", "del", "ctx"]:
    if not in_diff:
        return "ctx"
    return {"+": "add", "-": "del"}.get(line["text"][:1], "ctx")  # type: ignore[return-value]


def _positions(lines: list[QuoteLine]) -> list[tuple[float, int, int]]:
    """A sort key per quoted line giving its place in the hunk: an added or context line
    sits at its new-file number; a removed line just before the next line that has one
    (after the one before, at the end), removed lines in their old-file order."""
    keys: list[tuple[float, int, int]] = []
    for i, line in enumerate(lines):
        old = line["old"] or 0
        if line["new"] is not None:
            keys.append((float(line["new"]), 1, old))
            continue
        after = next((x["new"] for x in lines[i + 1 :] if x["new"] is not None), None)
        before = next((x["new"] for x in reversed(lines[:i]) if x["new"] is not None), None)
        if after is not None:
            keys.append((after - 0.5, 0, old))
        elif before is not None:
            keys.append((before + 0.5, 0, old))
        else:
            keys.append((float(old), 0, old))
    return keys


def _adjacent(prev: CodeRow, row: CodeRow) -> bool:
    """`row` follows `prev` in the hunk with nothing between them."""
    expect_old = prev["old"] + 1 if prev["old"] is not None else None
    expect_new = prev["new"] + 1 if prev["new"] is not None else None
    if prev["kind"] == "del":
        expect_new = prev["new"]
    if prev["kind"] == "add":
        expect_old = prev["old"]
    ok_old = row["old"] is None or expect_old is None or row["old"] == expect_old
    ok_new = row["new"] is None or expect_new is None or row["new"] == expect_new
    return ok_old and ok_new


def hunk_cards(findings: list[FindingEntry]) -> list[HunkCard]:
    """The findings about one patch mail as cards: those quoting the same hunk of the same
    file share one card whose code view holds each line once; the others (a trailer, the
    patch as a whole) get a card each. Cards keep the order of their first finding."""
    cards: list[HunkCard] = []
    by_hunk: dict[
        tuple[str, str],
        tuple[
            HunkCard,
            dict[tuple[int | None, int | None, str], tuple[tuple[float, int, int], CodeRow]],
        ],
    ] = {}
    for f in findings:
        q = f.get("quote")
        if not q or not q["file"] or not q["hunk"]:
            cards.append(
                {
                    "file": q["file"] if q else None,
                    "hunk": q["hunk"] if q else None,
                    "rows": [],
                    "findings": [f],
                }
            )
            if q:
                cards[-1]["rows"] = _rows(q["lines"], bool(q["file"]), 0)
            continue
        key = (q["file"], q["hunk"])
        if key not in by_hunk:
            card: HunkCard = {"file": q["file"], "hunk": q["hunk"], "rows": [], "findings": []}
            by_hunk[key] = (card, {})
            cards.append(card)
        card, lines = by_hunk[key]
        position = len(card["findings"])
        card["findings"].append(f)
        for pos, line in zip(_positions(q["lines"]), q["lines"], strict=True):
            ident = (line["old"], line["new"], line["text"])
            if ident not in lines:
                lines[ident] = (
                    pos,
                    {
                        "text": line["text"],
                        "old": line["old"],
                        "new": line["new"],
                        "kind": _kind(line, True),
                        "hits": [],
                        "gap": False,
                    },
                )
            if line["hit"]:
                lines[ident][1]["hits"].append(position)
    for card, lines in by_hunk.values():
        rows = [row for _, row in sorted(lines.values(), key=lambda pr: pr[0])]
        for prev, row in itertools.pairwise(rows):
            row["gap"] = not _adjacent(prev, row)
        card["rows"] = rows
    return cards


def _rows(lines: list[QuoteLine], in_diff: bool, position: int) -> list[CodeRow]:
    return [
        {
            "text": line["text"],
            "old": line["old"],
            "new": line["new"],
            "kind": _kind(line, in_diff),
            "hits": [position] if line["hit"] else [],
            "gap": False,
        }
        for line in lines
    ]


# -- the page's script ----------------------------------------------------------------------


@cache
def page_script() -> tuple[Markup, Markup]:
    """The filters' script, and its CSP source (`'sha256-...'` of the exact text between
    the <script> tags): the page allows that script and no other."""
    text = files("patchlint.report").joinpath("templates", "report.js").read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), Markup(f"'sha256-{digest}'")
