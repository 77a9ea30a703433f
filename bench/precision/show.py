#!/usr/bin/env python3
"""Show one finding as a maintainer would see it before judging it: the finding, the series
and its revisions, the mail it is about (commit message, trailers, notes), the hunk around
its line, the changelog and interdiff (RV rules), the trailer's history (TR rules) and the
replies in the thread, in the reviewers' own words (quoted lines left out).

  python bench/precision/show.py KEY [KEY ...] [--full] [--window N]
Reads the runs of the last `run.py`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench.precision import cache
from bench.precision.keys import trailer_identity
from bench.precision.store import Mails
from patchlint.ingest import parse_message
from patchlint.model.message import Message

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_ADDR = re.compile(r"[\w.+-]+@[\w.-]+")
_DIFFSTAT = re.compile(r"^ \S.*\|\s+\d+|^ \d+ files? changed| create mode| delete mode")


def _cut(lines: list[str], limit: int | None) -> list[str]:
    if limit is None or len(lines) <= limit:
        return lines
    return [*lines[:limit], f"   [... {len(lines) - limit} more lines]"]


def _text(msg: Message) -> str:
    parts = [msg.body, *(a.text for a in msg.attachments)]
    return "\n".join(p for p in parts if p)


def split_mail(text: str) -> tuple[list[str], list[str]]:
    """(commit message + trailers + notes, diff) of a patch mail's text."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(("diff --git ", "Index: ", "diff -r ", "--- a/")) or (
            line.startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ ")
        ):
            return lines[:i], lines[i:]
    return lines, []


def hunk_around(diff: list[str], file: str, line: int, window: int) -> list[str]:
    """The lines of `file`'s hunk around post-image line `line`, numbered, the line marked."""
    in_file, new, out, hunk = False, 0, [], ""
    for text in diff:
        if text.startswith("+++ "):
            in_file = text[4:].split("\t")[0].removeprefix("b/") == file
            continue
        if not in_file:
            continue
        m = _HUNK.match(text)
        if m:
            new, hunk = int(m.group(1)), text
            continue
        if text.startswith("diff ") or text.startswith("--- "):
            continue
        number = new if not text.startswith("-") else None
        if (number is not None and abs(number - line) <= window) or (
            number is None and abs(new - line) <= window
        ):
            if hunk:
                out.append(hunk)
                hunk = ""
            mark = ">>" if number == line else "  "
            out.append(f"{mark}{number if number is not None else '':>5} {text}")
        if not text.startswith("-"):
            new += 1
    return out


def own_words(text: str, limit: int | None) -> list[str]:
    """A reply without quoted lines, attributions of quotes, signatures and the diff it may
    carry cut short."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith(">"):
            if out and out[-1] != "  [quote]":
                out.append("  [quote]")
            continue
        if line.rstrip() in ("--", "-- "):
            break
        if re.search(r"wrote:\s*$|écrit\s*:\s*$|schrieb:\s*$", line):
            continue
        if line.strip() or (out and out[-1].strip()):
            out.append("  " + line)
    while out and (not out[-1].strip() or out[-1] == "  [quote]"):
        out.pop()
    return _cut(out, limit)


def _load(mails: Mails, msgid: str) -> Message | None:
    raw = mails.raw(msgid)
    return parse_message(raw) if raw else None


def _who(msg: Message) -> str:
    return f"{msg.author.name} <{msg.author.email}>"


def _header(msg: Message) -> list[str]:
    rcpt = ", ".join(_ADDR.findall(f"{msg.to_header} {msg.cc_header}")[:8])
    return [f"From: {_who(msg)}   Date: {msg.date}", f"Subject: {msg.subject}", f"To/Cc: {rcpt}"]


def _find(key: str) -> list[tuple[cache.Run, int, dict[str, Any]]]:
    found = []
    for run in cache.latest_runs():
        with run.connect() as db:
            for idx, text in db.execute("SELECT idx, json FROM findings WHERE key = ?", (key,)):
                found.append((run, idx, json.loads(text)))
    return found


def _revisions(series: dict[str, Any], finding: dict[str, Any]) -> list[str]:
    out = [f"series: {series['title']!r} by {series.get('author')}"]
    for rev in series["revisions"]:
        mark = "*" if rev["version"] == finding.get("revision") else " "
        cover = "cover, " if rev.get("cover") else ""
        out.append(
            f" {mark}v{rev['version']}{' RFC' if rev.get('rfc') else ''} "
            f"{(rev.get('date') or '')[:10]} {cover}{len(rev['patches'])} patches, "
            f"{rev.get('replies', 0)} replies, {rev.get('state')}  <{rev['message_id']}>"
        )
    return out


def _revision(series: dict[str, Any], version: int | None) -> dict[str, Any] | None:
    return next((r for r in series["revisions"] if r["version"] == version), None)


def _interdiff(
    series: dict[str, Any], finding: dict[str, Any], limit: int | None, since: int | None = None
) -> list[str]:
    """The interdiffs into the finding's revision (with `since`: every step from that
    revision on, following the patch by its title)."""
    out = []
    title = _title(series, finding.get("message_id"))
    at = {
        (r["version"], p.get("index")): p.get("title")
        for r in series["revisions"]
        for p in r["patches"]
    }
    for idiff in series.get("interdiffs", []):
        if since is None and idiff["to"] != finding.get("revision"):
            continue
        if since is not None and not since <= idiff["from"] < idiff["to"] <= (
            finding.get("revision") or 0
        ):
            continue
        for p in idiff["patches"]:
            mine = (
                at.get((idiff["to"], p.get("to_index"))) == title
                if since is not None
                else p.get("to_index") == finding.get("patch")
            )
            if mine or finding.get("patch") is None:
                out.append(
                    f"-- interdiff v{idiff['from']} -> v{idiff['to']} patch "
                    f"{p.get('from_index')} -> {p.get('to_index')}: {p['status']}"
                )
                out += _cut((p.get("diff") or "").splitlines(), limit)
    return out


def _notes(mails: Mails, rev: dict[str, Any], limit: int | None) -> list[str]:
    """Each patch's lines after its `---` and before the diffstat (where changelogs live),
    and the lines just above the `---` (where some put them)."""
    out = [f"-- notes of v{rev['version']}'s patches (between --- and the diffstat):"]
    for p in rev["patches"]:
        msg = _load(mails, p["message_id"]) if p.get("message_id") else None
        if msg is None:
            continue
        head = split_mail(_text(msg))[0]
        cut = next((i for i, ln in enumerate(head) if ln.rstrip() == "---"), len(head))
        notes = [ln for ln in head[cut + 1 :] if not _DIFFSTAT.match(ln)]
        above = [ln for ln in head[max(0, cut - 4) : cut] if ln.strip()]
        out.append(f" [{p['index']}/{p.get('total')}] {p.get('title', '')[:70]}")
        out += [f"    above---| {ln}" for ln in above]
        out += [
            f"    notes   | {ln}"
            for ln in _cut([n for n in notes if n.strip()], None if limit is None else 12)
        ]
    return out


def _title(series: dict[str, Any], msgid: str | None) -> str:
    for rev in series["revisions"]:
        for p in [*rev["patches"], *rev.get("proposed_patches", [])]:
            if p.get("message_id") == msgid:
                return str(p.get("title") or "")
    return ""


def _trailer_history(series: dict[str, Any], finding: dict[str, Any]) -> list[str]:
    """Where the trailer's giver gave trailers on this patch (by title) in any revision."""
    trailer = (finding.get("details") or {}).get("trailer")
    if not trailer:
        return []
    who = trailer_identity(trailer).split(":", 1)[1]
    title = _title(series, finding.get("message_id"))
    places = {
        (rev["version"], p.get("index"))
        for rev in series["revisions"]
        for p in rev["patches"]
        if p.get("title") == title
    }
    out = [f"-- trailers of {who} on this patch ({title[:60]!r}) in the series:"]
    for t in series.get("trailer_lineage", []):
        if who in (t.get("person") or "").lower() and (
            (t.get("revision"), t.get("patch")) in places or t.get("patch") is None
        ):
            out.append(
                f"   v{t.get('revision')} p{t.get('patch')} {t['name']} origin="
                f"{t.get('origin')} {(t.get('date') or '')[:16]} <{t.get('message_id')}>"
            )
    return out[:25]


def show(key: str, full: bool, window: int, shown: set[str] | None = None) -> int:
    """Print one finding in context; a mail already in `shown` (an earlier key of the same
    call) is not printed again, only the finding and its hunk."""
    shown = set() if shown is None else shown
    found = _find(key)
    if not found:
        print(f"{key}: not in the last run (run run.py first)", file=sys.stderr)
        return 2
    run, idx, f = found[0]
    limit = None if full else (45 if not f.get("line") else 14)
    print(f"== {key}")
    print(
        f"{f['code']} {f['rule']} {f['severity']} {f.get('status')}  in: "
        f"{', '.join(r.input.name for r, _, _ in found)}"
    )
    seen_msgs = set()
    for r, _, g in found:
        if g["message"] not in seen_msgs:
            seen_msgs.add(g["message"])
            print(f"[{r.input.name}] {g['message']}")
    series = run.series(idx)
    print("\n".join(_revisions(series, f)))
    mails = Mails(run.input)
    msg = _load(mails, f["message_id"]) if f.get("message_id") else None
    rev = _revision(series, f.get("revision"))
    again = f.get("message_id") in shown
    shown.add(f.get("message_id") or "")
    if msg is not None:
        head, diff = split_mail(_text(msg))
        if again:
            print("-- (the mail and its thread: shown above)")
        else:
            print("\n-- the mail")
            print("\n".join(_header(msg)))
            print("\n".join(_cut(head, limit)))
        if f.get("file") and f.get("line"):
            print(f"-- {f['file']} around line {f['line']}")
            print("\n".join(hunk_around(diff, f["file"], f["line"], window)))
        elif diff:
            stat = [ln for ln in diff if ln.startswith("+++ ")]
            print(
                "-- files: " + ", ".join(s[4:].split("\t")[0].removeprefix("b/") for s in stat[:12])
            )
    if f["code"].startswith("RV") and rev is not None:
        print("\n".join(_notes(mails, rev, limit)))
        if rev.get("cover") and rev["cover"]["message_id"] != f.get("message_id"):
            cover = _load(mails, rev["cover"]["message_id"])
            if cover is not None:
                print("\n-- cover letter: " + cover.subject)
                print("\n".join(_cut(split_mail(_text(cover))[0], limit)))
        print("-- changelog as patchlint read it:")
        changelog = (rev.get("changelog") or "(none)").splitlines()
        print("\n".join(_cut([f"   | {ln}" for ln in changelog], limit)))
        print("\n".join(_interdiff(series, f, None if full else 80)))
    if f["code"].startswith("TR"):
        print("\n".join(_trailer_history(series, f)))
    if f["code"] in ("TR002",):
        since = (f.get("details") or {}).get("given_on")
        print(
            "\n".join(
                _interdiff(
                    series, f, None if full else 80, since if isinstance(since, int) else None
                )
            )
        )
    if not again or f["code"].startswith("TR"):
        _replies(series, f, mails, rev, full)
    return 0


def _hits(f: dict[str, Any]) -> list[str]:
    """The flagged lines' code (without the diff sign and spaces), to find replies that quote
    them."""
    quote = f.get("quote") or {}
    return [
        " ".join(r["text"][1:].split())
        for r in quote.get("lines", [])
        if r.get("hit") and quote.get("file") and len(r["text"].strip()) > 6
    ]


def _about_hit(text: str, hits: list[str]) -> list[str] | None:
    """What a reply says right below a quote of a flagged line, or None when it quotes
    none."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(">") and any(
            h in " ".join(line.lstrip("> ").lstrip("+- ").split()) for h in hits
        ):
            j = i + 1
            while j < len(lines) and lines[j].startswith(">"):
                j += 1
            said = [f"  {ln}" for ln in lines[j : j + 12] if not ln.startswith(">")]
            return [f"  > {line.lstrip('> ')}", *said]
    return None


def _replies(
    series: dict[str, Any], f: dict[str, Any], mails: Mails, rev: dict[str, Any] | None, full: bool
) -> None:
    """The thread below the mail (and below its cover letter when there is one), and for
    trailer rules what the trailer's giver wrote anywhere in the series. A reply that
    quotes a flagged line shows what it says there."""
    roots = [f.get("message_id")] if f.get("message_id") else []
    if rev and rev.get("cover") and f["code"].startswith(("RV", "MA")):
        roots.append(rev["cover"]["message_id"])
    giver = ""
    if f["code"].startswith("TR") and (f.get("details") or {}).get("trailer"):
        giver = trailer_identity(f["details"]["trailer"]).split(":", 1)[1]
    ids = [d for root in roots if root for d in mails.descendants(root)]
    if giver:
        title = _title(series, f.get("message_id"))
        given_by = (f.get("details") or {}).get("given_by")
        ids += [given_by] if given_by else []
        for other in series["revisions"]:
            ids += [
                m["message_id"]
                for m in other.get("reply_messages", [])
                if giver in (m.get("author") or "").lower()
                and (
                    not title
                    or title in (m.get("subject") or "")
                    or re.search(r"\b0+/\d+\]", m.get("subject") or "")
                )
            ]
    posted = {
        p.get("message_id")
        for rev in series["revisions"]
        for p in [*rev["patches"], rev.get("cover") or {}]
    }
    loaded = [
        m
        for m in (_load(mails, mid) for mid in dict.fromkeys(ids) if mid not in posted)
        if m is not None
    ]
    loaded.sort(key=lambda m: m.date.timestamp() if m.date else 0.0)
    hits = _hits(f)
    per = None if full else (16 if giver or f["code"].startswith("RV") else 6)
    skipped = 0
    for reply in loaded[: None if full else 12]:
        text = _text(reply)
        mine = bool(giver) and giver in reply.author.email.lower()
        if hits and not full and _about_hit(text, hits) is None:
            skipped += 1
            continue
        print(
            f"\n-- reply {_who(reply)}{' [giver]' if mine else ''} {reply.date} "
            f"<{reply.message_id}>"
        )
        about = _about_hit(text, hits) if hits else None
        if about:
            print("  [quotes the flagged line]")
            print("\n".join(about))
        else:
            print("\n".join(own_words("\n".join(split_mail(text)[0]), None if mine else per)))
    if skipped:
        print(f"\n-- {skipped} replies that do not quote the flagged line (--full)")
    if len(loaded) > 12 and not full:
        print(f"\n-- {len(loaded) - 12} more replies (--full)")
    if not loaded:
        print("\n-- no replies in the input")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("key", nargs="+")
    ap.add_argument("--full", action="store_true", help="nothing cut short")
    ap.add_argument("--window", type=int, default=10, help="diff lines either side (10)")
    args = ap.parse_args(argv)
    status = 0
    shown: set[str] = set()
    for key in args.key:
        status = max(status, show(key, args.full, args.window, shown))
        print()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
