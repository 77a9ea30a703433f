#!/usr/bin/env python3
"""patchlint against the hand-judged ground truth of the real review threads.

Runs `patchlint.pipeline.review` on every fixtures/threads/{xen,linux}/*.mbox and compares the
report with the `.truth.toml` beside it (format: fixtures/threads/README.md; loader:
tests/threads_truth.py). Prints, per thread and in total:

  comments   review comments found with the right status / all judged comments
  pairs      interdiff pairs (vN patch -> vN+1 patch) found with the right change / all pairs
  trailers   trailers given on the list, attributed to the right revision and patch / all
  carried    trailers in a later revision's patch, classified right / all judged
  scope/cond trailers given with a scope or a condition, or later withdrawn, whose report
             entry keeps that (a `scope` / `condition` field sharing a word with the truth's, a
             true `withdrawn` field) / all such
  not-...    words that only look like a trailer or a review comment (a robot's suggested
             tags, a trailer's scope, a ping), left alone / all such (a summary line only)

How a report answer is read (so the figures mean the same from run to run):
- a comment is the report's review comment in the same message whose text contains the
  truth's `says` words (whitespace and quote markers ignored); status must be equal;
- a pair is right when the report has an interdiff between the two revisions holding the two
  patches (matched by Message-ID), pairing exactly those two patches, with status
  "unchanged" for truth "unchanged" and "modified" for "code", "comments-only" and
  "whitespace-only" (when the report gives a `detail`, it must not contradict the kind);
- a given trailer is right when every patch it applies to (all patches of the revision for a
  reply to the cover) lists it with origin "reply", the same Message-ID, name and address;
- a carried trailer is right when the report's lineage entry for it (same patch mail, name,
  address) says the same class. A report without per-entry classes is read through its
  problems: TR001 = no on-list origin, TR002 = carried over a material change, none = one of
  the "fine" classes (carried unchanged or over a trivial change, given for this revision,
  condition met, quoted from upstream); "dropped" needs an entry or a finding that says the
  tag was dropped.

Not part of the test suite; a measurement. `--json` prints the details of every miss.

  python bench/threads.py [--json] [--verbose] [NAME-SUBSTRING ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from patchlint.pipeline import review  # noqa: E402
from tests.threads_truth import ThreadTruth, bare_id, load_all  # noqa: E402

FINE = {
    "carried-unchanged",
    "carried-over-trivial-change",
    "given-for-this-revision",
    "carried-condition-met",
    "quoted-from-upstream",
}
MEASURES = ("comments", "pairs", "trailers", "carried")
# not-items: words a report must not turn into a trailer or an open comment (right = not done)
NOT_MEASURES = ("scope/cond", "not-trailers", "not-comments")


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, ok: bool, miss: dict[str, Any]) -> None:
        self.total += 1
        if ok:
            self.right += 1
        else:
            self.misses.append(miss)

    def text(self) -> str:
        return f"{self.right}/{self.total}" if self.total else "-"


def email_of(person: str | None) -> str:
    return parseaddr(person or "")[1].lower()


def words(text: str) -> str:
    """Text with quote markers and runs of white space folded, lowercased, to find a phrase."""
    lines = [re.sub(r"^\s*(>\s*)+", "", line) for line in text.splitlines()]
    return re.sub(r"\s+", " ", " ".join(lines)).strip().lower()


class Report:
    """The parts of one JSON report the comparison needs, indexed by Message-ID."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.series = report["series"]
        self.where: dict[str, tuple[int, dict[str, Any], dict[str, Any]]] = {}
        for s_index, series in enumerate(self.series):
            for rev in series["revisions"]:
                for patch in rev["patches"]:
                    key = bare_id(patch["message_id"])
                    # a revision that reposts only some patches lists the others as carried
                    # forward (`carried_from`), under their first posting's Message-ID: the
                    # Message-ID locates the revision that posted the mail
                    if patch.get("carried_from") is None or key not in self.where:
                        self.where[key] = (s_index, rev, patch)

    def locate(self, message_id: str) -> tuple[int, dict[str, Any], dict[str, Any]] | None:
        return self.where.get(message_id)


def score_comments(truth: ThreadTruth, rep: Report, score: Score) -> None:
    found = [c for s in rep.series for c in s.get("review_comments", [])]
    for want in truth.comments:
        phrase = words(want.says)
        same_mail = [c for c in found if bare_id(c["message_id"]) == want.message_id]
        hits = [
            c
            for c in same_mail
            if phrase in words(str(c.get("comment") or "") + " " + str(c.get("excerpt") or ""))
        ]
        got = hits[0]["status"] if hits else None
        score.add(
            got == want.status,
            {
                "thread": truth.name,
                "message_id": want.message_id,
                "says": want.says,
                "want": want.status,
                "got": got or ("not found" if same_mail else "no comment"),
            },
        )


def _detail_fits(change: str, detail: Any) -> bool:
    if not detail:
        return True
    text = str(detail).lower()
    if change == "whitespace-only":
        return "whitespace" in text
    if change == "comments-only":
        return "comment" in text
    return "whitespace" not in text and "comment" not in text


def score_pairs(truth: ThreadTruth, rep: Report, score: Score) -> None:
    for pair in truth.pairs:
        a = next(
            p
            for p in truth.revision(pair.series, pair.from_version).patches
            if p.index == pair.from_patch
        )
        b = next(
            p
            for p in truth.revision(pair.series, pair.to_version).patches
            if p.index == pair.to_patch
        )
        la, lb = rep.locate(a.message_id), rep.locate(b.message_id)
        got: str | None = None
        if la and lb and la[0] == lb[0]:
            series = rep.series[la[0]]
            va, vb = la[1]["version"], lb[1]["version"]
            for diff in series.get("interdiffs", []):
                if (diff["from"], diff["to"]) != (va, vb):
                    continue
                for entry in diff["patches"]:
                    if (entry.get("from_index"), entry.get("to_index")) == (
                        la[2]["index"],
                        lb[2]["index"],
                    ):
                        got = entry["status"]
                        if got == "modified" and not _detail_fits(pair.change, entry.get("detail")):
                            got = f"modified ({entry.get('detail')})"
            got = got or f"no pair v{va}->v{vb}"
        else:
            got = "not in one series" if la and lb else "patch not found"
        want = "unchanged" if pair.change == "unchanged" else "modified"
        score.add(
            got == want,
            {
                "thread": truth.name,
                "pair": f"{pair.series} v{pair.from_version}"
                f"#{pair.from_patch} -> v{pair.to_version}#{pair.to_patch}",
                "want": f"{want} ({pair.change})",
                "got": got,
            },
        )


def _revision_of(truth: ThreadTruth, series: str, version: int) -> list[str]:
    return [p.message_id for p in truth.revision(series, version).patches]


def _shares(want: str, got: Any) -> bool:
    """An empty truth field is always kept; otherwise the report's must share a word."""
    if not want:
        return True
    have = set(re.findall(r"[a-z0-9_.]{3,}", str(got or "").lower()))
    return bool(have & set(re.findall(r"[a-z0-9_.]{3,}", want.lower())))


def score_trailers(truth: ThreadTruth, rep: Report, score: Score, words_score: Score) -> None:
    for want in truth.trailers:
        targets = [
            p.message_id
            for p in truth.revision(want.series, want.revision).patches
            if want.patch in (0, p.index)
        ]
        missing = []
        for mid in targets:
            where = rep.locate(mid)
            listed = where[2]["trailers"] if where else []
            ok = any(
                t.get("origin") == "reply"
                and bare_id(t["message_id"]) == want.message_id
                and t["name"].lower() == want.kind.lower()
                and (
                    t.get("person") is None  # Fixes:, Link: ... name no person
                    or email_of(t.get("person")) == email_of(want.giver)
                )
                for t in listed
            )
            if not ok:
                missing.append(mid)
        if want.scope or want.condition or want.withdrawn:
            kept = [
                t
                for mid in targets
                if (w := rep.locate(mid))
                for t in w[2]["trailers"]
                if bare_id(t["message_id"]) == want.message_id
                and _shares(want.scope, t.get("scope"))
                and _shares(want.condition, t.get("condition"))
                and (not want.withdrawn or bool(t.get("withdrawn")))
            ]
            words_score.add(
                bool(kept),
                {
                    "thread": truth.name,
                    "message_id": want.message_id,
                    "want": {
                        "scope": want.scope,
                        "condition": want.condition,
                        "withdrawn": want.withdrawn,
                    },
                    "got": "not kept on the trailer",
                },
            )
        score.add(
            not missing,
            {
                "thread": truth.name,
                "trailer": f"{want.kind}: {want.giver}",
                "message_id": want.message_id,
                "want": f"{want.series} v{want.revision} patch {want.patch}",
                "got": f"absent from {len(missing)} of {len(targets)} patches",
            },
        )


def _lineage_class(entry: dict[str, Any]) -> set[str]:
    if entry.get("class"):
        return {str(entry["class"])}
    codes = {p.get("code") for p in entry.get("problems", [])}
    if "TR001" in codes:
        return {"no-on-list-origin"}
    if "TR002" in codes:
        return {"carried-over-material-change"}
    return set(FINE)


def score_carried(truth: ThreadTruth, rep: Report, score: Score) -> None:
    for want in truth.carried:
        (mid,) = [
            p.message_id
            for p in truth.revision(want.series, want.revision).patches
            if p.index == want.patch
        ]
        where = rep.locate(mid)
        got: set[str] = set()
        if where is not None:
            series = rep.series[where[0]]
            entries = [
                e
                for e in series.get("trailer_lineage", [])
                if e.get("origin") == "patch"
                and bare_id(e.get("message_id", "")) == mid
                and (e.get("canonical") or e.get("name", "")).lower() == want.kind.lower()
                and email_of(e.get("person") or e.get("value")) == email_of(want.giver)
            ]
            if entries:
                got = _lineage_class(entries[0])
            else:
                said = " ".join(
                    str(f.get("message", ""))
                    for f in series.get("findings", [])
                    if f.get("revision") == where[1]["version"]
                ).lower()
                if "dropped" in said and email_of(want.giver) in said:
                    got = {"dropped"}
                else:
                    got = {"absent"}
        score.add(
            want.cls in got,
            {
                "thread": truth.name,
                "trailer": f"{want.kind}: {want.giver}",
                "at": f"{want.series} v{want.revision} patch {want.patch}",
                "want": want.cls,
                "got": sorted(got) or ["patch not found"],
            },
        )


def score_not_items(truth: ThreadTruth, rep: Report, scores: dict[str, Score]) -> None:
    given = [
        (bare_id(t["message_id"]), t)
        for s in rep.series
        for r in s["revisions"]
        for p in r["patches"]
        for t in p["trailers"]
        if t.get("origin") == "reply"
    ]
    for item in truth.not_trailers:
        name, _, value = item.says.lstrip("|> ").partition(":")
        # the look-alike names whose tag it is ("> Reviewed-by: Jan ..." quoted above the
        # replier's own Reviewed-by): only that person's tag of that kind is a miss
        whose = email_of(value) if "@" in value else ""
        bad = [
            t
            for mid, t in given
            if mid == item.message_id
            and t["name"].lower() == name.lower()
            and (not whose or whose in str(t.get("value", "")).lower())
        ]
        scores["not-trailers"].add(
            not bad,
            {
                "thread": truth.name,
                "message_id": item.message_id,
                "says": item.says,
                "got": "reported as a trailer",
            },
        )
    found = [c for s in rep.series for c in s.get("review_comments", [])]
    for item in truth.not_comments:
        phrase = words(item.says)
        bad = [
            c
            for c in found
            if bare_id(c["message_id"]) == item.message_id
            and c.get("status") == "open"
            and phrase in words(str(c.get("comment") or "") + " " + str(c.get("excerpt") or ""))
        ]
        scores["not-comments"].add(
            not bad,
            {
                "thread": truth.name,
                "message_id": item.message_id,
                "says": item.says,
                "got": "an open review comment",
            },
        )


def measure(truth: ThreadTruth) -> dict[str, Score]:
    report = review([str(truth.mbox)])
    rep = Report(report)
    scores = {m: Score() for m in MEASURES + NOT_MEASURES}
    score_not_items(truth, rep, scores)
    score_comments(truth, rep, scores["comments"])
    score_pairs(truth, rep, scores["pairs"])
    score_trailers(truth, rep, scores["trailers"], scores["scope/cond"])
    score_carried(truth, rep, scores["carried"])
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only threads whose name contains one of these")
    parser.add_argument("--json", action="store_true", help="figures and misses as JSON")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    truths = [t for t in load_all() if not args.names or any(n in t.name for n in args.names)]
    totals = {m: Score() for m in MEASURES + NOT_MEASURES}
    rows = []
    for truth in truths:
        scores = measure(truth)
        rows.append((truth.name, scores))
        for m in MEASURES + NOT_MEASURES:
            totals[m].right += scores[m].right
            totals[m].total += scores[m].total
            totals[m].misses += scores[m].misses
    if args.json:
        print(
            json.dumps(
                {
                    "threads": {
                        name: {m: [s[m].right, s[m].total] for m in MEASURES + NOT_MEASURES}
                        for name, s in rows
                    },
                    "total": {
                        m: [totals[m].right, totals[m].total] for m in MEASURES + NOT_MEASURES
                    },
                    "misses": {m: totals[m].misses for m in MEASURES + NOT_MEASURES},
                },
                indent=1,
                ensure_ascii=False,
            )
        )
        return 0
    width = max([len(n) for n, _ in rows] + [6])
    print(f"{'thread'.ljust(width)}  " + "  ".join(m.rjust(9) for m in MEASURES))
    for name, scores in rows:
        print(f"{name.ljust(width)}  " + "  ".join(scores[m].text().rjust(9) for m in MEASURES))
    print(f"{'total'.ljust(width)}  " + "  ".join(totals[m].text().rjust(9) for m in MEASURES))
    for m in MEASURES + NOT_MEASURES:
        t = totals[m]
        pct = f"{100 * t.right / t.total:.0f}%" if t.total else "-"
        print(f"{m}: {t.right} of {t.total} right ({pct})")
    if args.verbose:
        for m in MEASURES + NOT_MEASURES:
            for miss in totals[m].misses:
                print(f"MISS {m}: {json.dumps(miss, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
