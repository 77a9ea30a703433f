"""Grouping in units: the parts of `model/grouping.py` that let mail be grouped a piece at a
time and the pieces merged into exactly the grouping of all of it at once.

Grouping's rules link mail of different threads only by the sender (a revision joins, or
a series continues, only the sender's own postings), by a Message-ID a text names
(`Supersedes:`), by a key two mails share (a Message-ID used twice, mail without one) and
by the code a reply quotes when its thread leads to no patch. `cross_thread_keys` names the
first three for each mail; `quote_keys` and `patch_quote_keys` the last (a reply's quote can
only name a patch of the same title or one leaving the same blob). Mail that shares no key,
directly or through other mail, is a *unit*: grouped on its own it gives what it gives
inside the whole (`pipeline.units` finds the units and re-groups only those new mail
touches). `merge_units` puts the units' series, pull requests and notes back in the order
one grouping of everything gives them. A rule that links mail across threads by anything
else must add it here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from patchlint import lazyre
from patchlint.model.body import split_patch_body
from patchlint.model.evidence import _INDEX, BLOB_PREFIX, DiffPrint
from patchlint.model.message import Address, Diagnostic, Message, sort_time
from patchlint.model.patch import inbody_author, supersedes_ids
from patchlint.model.series import Grouping, Series
from patchlint.model.subject import parse_subject

# Where a note (or a pull request) goes in a whole run's order: (phase, ...). Phases 0-2
# are mail by mail - (phase, the mail's place in the unit, rewritten to its place in the
# input by `merge_units`) - for unique keys, threading and missing parents; 3 is placing,
# (3, the thread's sort key, place in its walk); 4 is a series' notes, (4, series order, n).
Place = tuple[Any, ...]
_BY_MAIL = (0, 1, 2)


@dataclass(slots=True)
class UnitGrouping:
    """The grouping of one unit, with what merging needs: each note's and each pull
    request's place, where each kept mail was read (`sources`: place in the unit, key,
    source) and the quotes of its replies that lead to no patch (`floating`)."""

    grouping: Grouping
    notes: list[tuple[Place, Diagnostic]] = field(default_factory=list)
    pull_places: list[Place] = field(default_factory=list)
    sources: list[tuple[int, str, str]] = field(default_factory=list)
    class_places: list[int] = field(default_factory=list)  # of `grouping.classes`, in order
    floating: list[tuple[DiffPrint, str]] = field(default_factory=list)
    patch_keys: set[str] | None = None  # `patch_quote_keys`, once needed
    series_keys: list[str] | None = None  # what each series is kept by (`pipeline.unitstore`)


def series_order(series: Series) -> tuple[float, str]:
    """Where a series goes in the report: by its first posting (date, then key)."""
    first = series.revisions[0]
    return (sort_time(first.date), first.key)


def merge_units(
    units: Sequence[tuple[list[int], UnitGrouping]],
) -> tuple[Grouping, list[Diagnostic], dict[str, str]]:
    """One grouping of units, each given with its mails' places in the input: the series
    and pull requests in the order of one grouping, the notes in the order it makes them,
    and where each message was read (by key, the last mail of a key winning, as
    `sources.update` over the input does). `merge_partial` with every unit grouped."""
    partial, notes, sources = merge_partial(units)
    grouping = Grouping(
        series=partial.series,
        pull_requests=partial.pull_requests,
        messages=partial.messages,
        unattached=partial.unattached,
        classes=partial.classes,
    )
    return grouping, notes, sources


_DUP_SUFFIX = lazyre.compile(r"#dup\d+$")
_PLUS_TAG = lazyre.compile(r"\+[^@]+@")  # as `trailers.same_address` drops it


def sender_keys(author: Address) -> list[str]:
    """Keys two postings of one sender share: `same_person` matches the address without its
    `+tag`, with one more or one less subdomain level (`local@domain` and `local@parent`
    cover both), or the display name. A name written `Last, First` matches by its parts:
    `pipeline.units` links those names itself."""
    email = _PLUS_TAG.sub("@", author.email.strip().lower())
    keys = []
    if "@" in email:
        local, domain = email.split("@", 1)
        keys.append(f"s@{local}@{domain}")
        keys.append(f"s@{local}@{domain.split('.', 1)[1] if '.' in domain else ''}")
    elif email:
        keys.append(f"s:{email}")
    name = " ".join(author.name.lower().split())
    if name:
        keys.append(f"sn:{name}")
    return keys


def cross_thread_keys(msg: Message) -> list[str]:
    """What may link `msg` to mail of other threads: its Message-ID and the ids it
    references (`m:`), the ids its text names (`Supersedes:`), a key it may clash on (mail
    without a Message-ID is numbered in input order) and, for mail that may be a patch or
    a cover letter (any but a `Re:`), its sender (`sender_keys`) and, for a lone patch's v2 or
    later, the author its body's in-body `From:` names."""
    keys: list[str] = []
    mid = msg.message_id
    if not mid:
        keys.append("no-id")
    else:
        keys.append("m:" + _DUP_SUFFIX.sub("", mid))
    keys.extend("m:" + ref for ref in msg.references)
    if msg.in_reply_to:
        keys.append("m:" + msg.in_reply_to)
    if "upersedes" in msg.body:
        keys.extend("m:" + ref for ref in supersedes_ids(msg.body))
    subject = parse_subject(msg.subject)
    if not subject.is_reply:
        keys.extend(sender_keys(msg.author))
        # a patch taken over (`grouping._taken_over`): only a lone patch's next version (v2
        # or later) posted by someone else continues its author's series, so only that one
        # is linked by its in-body author (linking every relayed patch of a series would
        # join units wholesale: a maintainer posting colleagues' patches)
        lone_next = (
            (subject.version or 1) > 1 and (subject.total or 1) == 1 and "From:" in msg.body
        )  # (an in-body `From:` is a line starting so: no body without it need be cut)
        author = split_patch_body(msg.body).inbody.get("from") if lone_next else None
        if author is not None:
            keys.extend(sender_keys(inbody_author(author)))
    return list(dict.fromkeys(keys))


def quote_keys(quote: DiffPrint, title: str) -> set[str]:
    """Keys a patch must share with a reply's quote to be the one it quotes
    (`replies.QuoteIndex.find`): its title, or a blob change (old and new blob ids; the
    path left out, which only makes more mail share a key)."""
    return {f"t:{title}", *(f"b:{a}..{b}" for _, a, b in quote.index_pairs)}


def patch_quote_keys(grouping: Grouping) -> set[str]:
    """The `quote_keys` of every patch placed in `grouping` (read from its `index` lines
    alone: a fraction of the cost of the whole `diff_print`)."""
    keys: set[str] = set()
    for series in grouping.series:
        for rev in series.revisions:
            for patch in rev.patches.values():
                if not patch.diff:
                    continue
                keys.add("t:" + " ".join(patch.title.lower().split()).rstrip("."))
                for line in patch.diff.splitlines():
                    m = _INDEX.match(line) if line.startswith("index ") else None
                    if m:
                        keys.add(f"b:{m.group(1)[:BLOB_PREFIX]}..{m.group(2)[:BLOB_PREFIX]}")
    return keys


@dataclass(slots=True)
class KeptSeries:
    """A series of a unit no new mail reached, as a run over grown mail needs it without
    its messages: what its review is kept by, where it goes in the report and what it adds
    to the report's counts (`report_stats`)."""

    key: str  # what its review is kept by (`UnitGrouping.series_keys`)
    order: tuple[float, str]  # `series_order`
    revisions: int
    patches: int
    replies: int


@dataclass(slots=True)
class UnitSummary:
    """What merging takes of a unit's grouping, without its messages (pull requests keep
    theirs: the report names them): kept beside the unit, so a run whose new mail does not
    reach the unit neither loads its messages nor its grouping."""

    series: list[KeptSeries]
    pull_requests: list[Any]  # `PullRequest`s, their messages pickled whole
    pull_places: list[Place]
    notes: list[tuple[Place, Diagnostic]]
    sources: list[tuple[int, str, str]]
    classes: list[tuple[int, str, str]]  # place in the unit, key, kind
    messages: int
    unattached: int
    floating_keys: set[str]  # the `quote_keys` of its floating replies
    patch_keys: set[str]


def summarize(unit: UnitGrouping) -> UnitSummary:
    """`unit` as a run that does not group it again needs it (its `series_keys` and
    `patch_keys` made)."""
    g = unit.grouping
    assert unit.series_keys is not None and unit.patch_keys is not None
    kept = []
    for series, key in zip(g.series, unit.series_keys, strict=True):
        revisions = series.revisions
        kept.append(
            KeptSeries(
                key,
                series_order(series),
                len(revisions),
                sum(len(r.patches.keys() | r.carried.keys()) for r in revisions),
                sum(len(r.replies) for r in revisions),
            )
        )
    return UnitSummary(
        kept,
        list(g.pull_requests),
        list(unit.pull_places),
        list(unit.notes),
        list(unit.sources),
        [
            (i, key, kind)
            for i, (key, kind) in zip(unit.class_places, g.classes.items(), strict=True)
        ],
        g.messages,
        g.unattached,
        {k for quote, title in unit.floating for k in quote_keys(quote, title)},
        set(unit.patch_keys),
    )


@dataclass(slots=True)
class PartialGrouping(Grouping):
    """The grouping of a run over grown mail that loaded only what the new mail reached:
    `series` the series of the units grouped again, `slots` every series in report order
    (those of the other units as `KeptSeries`). The report's counts are the whole input's
    (`report_stats` reads `slots`)."""

    slots: list[Series | KeptSeries] = field(default_factory=list)


def merge_partial(
    units: Sequence[tuple[list[int], UnitGrouping | UnitSummary]],
) -> tuple[PartialGrouping, list[Diagnostic], dict[str, str]]:
    """Units grouped here and units summarized (`UnitSummary`) merged in the order of one
    grouping: series (by `series_order`), pull requests, notes and sources, byte for byte
    as in the report of a run that grouped everything."""
    slots: list[tuple[tuple[float, str], Series | KeptSeries]] = []
    pulls: list[tuple[Place, int, Any]] = []
    notes: list[tuple[Place, int, Diagnostic]] = []
    classes: list[tuple[int, str, str]] = []
    sources: list[tuple[int, str, str]] = []
    messages = unattached = 0
    for places, unit in units:
        if isinstance(unit, UnitGrouping):
            g = unit.grouping
            slots.extend((series_order(s), s) for s in g.series)
            unit_pulls: list[Any] = list(g.pull_requests)
            pull_places, unit_notes = unit.pull_places, unit.notes
            unit_classes = [
                (i, key, kind)
                for i, (key, kind) in zip(unit.class_places, g.classes.items(), strict=True)
            ]
            unit_sources, count, loose = unit.sources, g.messages, g.unattached
        else:
            slots.extend((kept.order, kept) for kept in unit.series)
            unit_pulls, pull_places, unit_notes = unit.pull_requests, unit.pull_places, unit.notes
            unit_classes, unit_sources = unit.classes, unit.sources
            count, loose = unit.messages, unit.unattached
        for at, pull in zip(pull_places, unit_pulls, strict=True):
            pulls.append((at, len(pulls), pull))
        for at, note in unit_notes:
            if at[0] in _BY_MAIL:
                at = (at[0], places[at[1]])
            notes.append((at, len(notes), note))
        classes.extend((places[i], key, kind) for i, key, kind in unit_classes)
        sources.extend((places[i], key, source) for i, key, source in unit_sources)
        messages += count
        unattached += loose
    slots.sort(key=lambda t: t[0])
    pulls.sort(key=lambda t: (t[0], t[1]))
    notes.sort(key=lambda t: (t[0], t[1]))
    classes.sort(key=lambda t: t[0])
    sources.sort(key=lambda t: t[0])
    ordered = [slot for _, slot in slots]
    grouping = PartialGrouping(
        series=[s for s in ordered if isinstance(s, Series)],
        pull_requests=[p for _, _, p in pulls],
        messages=messages,
        unattached=unattached,
        classes={key: kind for _, key, kind in classes},
        slots=ordered,
    )
    return grouping, [n for _, _, n in notes], {key: source for _, key, source in sources}
