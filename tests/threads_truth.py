"""Ground truth of the real review threads in fixtures/threads/{xen,linux}/: load and check.

Each `<name>.mbox` there has a `<name>.truth.toml` beside it, judged by hand from the mail as
the reviewers meant it (fixtures/threads/README.md describes the format). This module parses
a truth file into plain dataclasses and refuses one that names an unknown status or class, so
a typo cannot silently turn into a "wrong" answer in bench/threads.py. It reads files only;
nothing here runs patchlint.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
THREADS = ROOT / "fixtures" / "threads"
GROUPS = ("xen", "linux")

CHANGES = ("code", "comments-only", "whitespace-only", "unchanged")
STATUSES = ("addressed", "discussed", "open", "unchanged")
CLASSES = (
    "given-for-this-revision",  # a reply to this very revision gave it
    "carried-unchanged",  # given earlier; the patch (in the tag's scope) is unchanged
    "carried-over-trivial-change",  # only trivially equivalent tokens changed (0 -> MHP_NONE)
    "carried-over-material-change",  # code tokens changed in scope, not as the giver asked
    "carried-condition-met",  # a conditional tag whose condition this revision meets
    "carried-condition-not-met",  # a conditional tag carried although the condition is not met
    "no-on-list-origin",  # no message in the thread gives it
    "dropped",  # present (or given) for the previous revision, absent from this one
    "quoted-from-upstream",  # a backport quoting the upstream commit's trailers
)
SECTIONS = (
    "thread",
    "outcome",
    "revisions",
    "pairs",
    "trailers",
    "carried",
    "comments",
    "not_trailers",
    "not_comments",
)
OUTCOMES = ("applied", "committed", "queued", "abandoned", "superseded", "unknown")


class TruthError(ValueError):
    """A truth file that does not follow the format."""


@dataclass(frozen=True)
class PatchRef:
    index: int
    total: int
    message_id: str


@dataclass(frozen=True)
class Revision:
    series: str
    version: int
    cover: str
    patches: tuple[PatchRef, ...]


@dataclass(frozen=True)
class Pair:
    series: str
    from_version: int
    to_version: int
    from_patch: int
    to_patch: int
    change: str
    message_changed: bool
    reason: str


@dataclass(frozen=True)
class GivenTrailer:
    giver: str
    kind: str
    message_id: str
    series: str
    revision: int
    patch: int  # 0: the whole revision (given in reply to the cover letter)
    scope: str
    condition: str
    withdrawn: str  # Message-ID of the giver's withdrawal, if any
    reason: str


@dataclass(frozen=True)
class CarriedTrailer:
    series: str
    revision: int
    patch: int
    giver: str
    kind: str
    cls: str
    origin: str
    scope: str
    reason: str


@dataclass(frozen=True)
class Comment:
    reviewer: str
    message_id: str
    series: str
    revision: int
    patch: int
    says: str  # verbatim words of the reviewer's point, to find it in a report
    about: str
    file: str
    kind: str
    status: str
    detail: str
    evidence: str


@dataclass(frozen=True)
class NotItem:
    """Words that look like a trailer or a review comment but are not one (a robot's
    suggested tags, a trailer's scope words, a ping): a report must not count them."""

    message_id: str
    says: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    state: str
    by: str
    message_id: str
    reason: str


@dataclass(frozen=True)
class ThreadTruth:
    name: str  # "xen/2024-xldevd-cloexec-for-4.19"
    path: Path  # the .truth.toml
    mbox: Path
    meta: dict[str, Any]
    outcome: Outcome
    revisions: tuple[Revision, ...]
    pairs: tuple[Pair, ...]
    trailers: tuple[GivenTrailer, ...]
    carried: tuple[CarriedTrailer, ...]
    comments: tuple[Comment, ...]
    not_trailers: tuple[NotItem, ...] = ()
    not_comments: tuple[NotItem, ...] = ()

    def message_ids(self) -> set[str]:
        """Every Message-ID the truth names in an id field (not in free text)."""
        ids: set[str] = set()
        for rev in self.revisions:
            ids.update(p.message_id for p in rev.patches)
            if rev.cover:
                ids.add(rev.cover)
        ids.update(t.message_id for t in self.trailers)
        ids.update(t.withdrawn for t in self.trailers if t.withdrawn)
        ids.update(c.origin for c in self.carried if c.origin)
        ids.update(c.message_id for c in self.comments)
        ids.update(n.message_id for n in self.not_trailers + self.not_comments)
        if self.outcome.message_id:
            ids.add(self.outcome.message_id)
        return ids

    def revision(self, series: str, version: int) -> Revision:
        for rev in self.revisions:
            if (rev.series, rev.version) == (series, version):
                return rev
        raise KeyError((series, version))


def bare_id(value: str) -> str:
    """A Message-ID without angle brackets and surrounding space, as the report writes it."""
    return value.strip().removeprefix("<").removesuffix(">").strip()


def _get(table: dict[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    if key not in table:
        if default is not None:
            return default
        raise TruthError(f"{where}: missing key {key!r}")
    value = table[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        raise TruthError(f"{where}: {key!r} must be {kind.__name__}, not {value!r}")
    return value


def _one_of(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise TruthError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _revision(t: dict[str, Any], where: str) -> Revision:
    patches = []
    for j, p in enumerate(_get(t, "patches", list, where)):
        pw = f"{where}.patches[{j}]"
        patches.append(
            PatchRef(
                _get(p, "index", int, pw),
                _get(p, "total", int, pw),
                bare_id(_get(p, "message_id", str, pw)),
            )
        )
    return Revision(
        _get(t, "series", str, where, "main"),
        _get(t, "version", int, where),
        bare_id(_get(t, "cover", str, where, "")),
        tuple(patches),
    )


def _pair(t: dict[str, Any], where: str) -> Pair:
    return Pair(
        _get(t, "series", str, where, "main"),
        _get(t, "from", int, where),
        _get(t, "to", int, where),
        _get(t, "from_patch", int, where),
        _get(t, "to_patch", int, where),
        _one_of(_get(t, "change", str, where), CHANGES, where),
        _get(t, "message_changed", bool, where),
        _get(t, "reason", str, where),
    )


def _trailer(t: dict[str, Any], where: str) -> GivenTrailer:
    return GivenTrailer(
        _get(t, "giver", str, where),
        _get(t, "kind", str, where),
        bare_id(_get(t, "message_id", str, where)),
        _get(t, "series", str, where, "main"),
        _get(t, "revision", int, where),
        _get(t, "patch", int, where),
        _get(t, "scope", str, where, ""),
        _get(t, "condition", str, where, ""),
        bare_id(_get(t, "withdrawn", str, where, "")),
        _get(t, "reason", str, where),
    )


def _carried(t: dict[str, Any], where: str) -> CarriedTrailer:
    return CarriedTrailer(
        _get(t, "series", str, where, "main"),
        _get(t, "revision", int, where),
        _get(t, "patch", int, where),
        _get(t, "giver", str, where),
        _get(t, "kind", str, where),
        _one_of(_get(t, "class", str, where), CLASSES, where),
        bare_id(_get(t, "origin", str, where, "")),
        _get(t, "scope", str, where, ""),
        _get(t, "reason", str, where),
    )


def _comment(t: dict[str, Any], where: str) -> Comment:
    return Comment(
        _get(t, "reviewer", str, where),
        bare_id(_get(t, "message_id", str, where)),
        _get(t, "series", str, where, "main"),
        _get(t, "revision", int, where),
        _get(t, "patch", int, where),
        _get(t, "says", str, where),
        _get(t, "about", str, where),
        _get(t, "file", str, where, ""),
        _get(t, "kind", str, where),
        _one_of(_get(t, "status", str, where), STATUSES, where),
        _get(t, "detail", str, where, ""),
        _get(t, "evidence", str, where),
    )


def _not_item(t: dict[str, Any], where: str) -> NotItem:
    return NotItem(
        bare_id(_get(t, "message_id", str, where)),
        _get(t, "says", str, where),
        _get(t, "reason", str, where),
    )


def load_truth(path: Path) -> ThreadTruth:
    """Parse and check one truth file; TruthError says what is wrong and where."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TruthError(f"{path.name}: {exc}") from exc
    meta = _get(data, "thread", dict, path.name)
    mbox = path.parent / _get(meta, "mbox", str, f"{path.name} [thread]")
    for key in ("list", "source", "dates", "teaches", "missing"):
        _get(meta, key, list if key in ("teaches", "missing") else str, f"{path.name} [thread]")
    out = _get(data, "outcome", dict, path.name)
    outcome = Outcome(
        _one_of(_get(out, "state", str, "[outcome]"), OUTCOMES, "[outcome]"),
        _get(out, "by", str, "[outcome]", ""),
        bare_id(_get(out, "message_id", str, "[outcome]", "")),
        _get(out, "reason", str, "[outcome]"),
    )

    def tables(key: str) -> list[tuple[dict[str, Any], str]]:
        items = data.get(key, [])
        if not isinstance(items, list):
            raise TruthError(f"{path.name}: [[{key}]] must be an array of tables")
        return [(t, f"{path.name} [[{key}]] #{i + 1}") for i, t in enumerate(items)]

    revisions = tuple(_revision(t, w) for t, w in tables("revisions"))
    if not revisions:
        raise TruthError(f"{path.name}: no [[revisions]]")
    truth = ThreadTruth(
        name=f"{path.parent.name}/{path.name.removesuffix('.truth.toml')}",
        path=path,
        mbox=mbox,
        meta=meta,
        outcome=outcome,
        revisions=revisions,
        pairs=tuple(_pair(t, w) for t, w in tables("pairs")),
        trailers=tuple(_trailer(t, w) for t, w in tables("trailers")),
        carried=tuple(_carried(t, w) for t, w in tables("carried")),
        comments=tuple(_comment(t, w) for t, w in tables("comments")),
        not_trailers=tuple(_not_item(t, w) for t, w in tables("not_trailers")),
        not_comments=tuple(_not_item(t, w) for t, w in tables("not_comments")),
    )
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise TruthError(f"{path.name}: unknown section(s) {', '.join(sorted(unknown))}")
    _check_references(truth)
    return truth


def _check_references(truth: ThreadTruth) -> None:
    """Pairs, trailers and comments must name revisions and patches the truth lists."""
    known = {(r.series, r.version): {p.index for p in r.patches} | {0} for r in truth.revisions}
    seen = set()
    for rev in truth.revisions:
        if (rev.series, rev.version) in seen:
            raise TruthError(f"{truth.name}: revision {rev.series} v{rev.version} listed twice")
        seen.add((rev.series, rev.version))

    def need(series: str, version: int, patch: int, what: str) -> None:
        if (series, version) not in known:
            raise TruthError(f"{truth.name}: {what} names unknown revision {series} v{version}")
        if patch not in known[(series, version)]:
            raise TruthError(
                f"{truth.name}: {what} names unknown patch {patch} of {series} v{version}"
            )

    for p in truth.pairs:
        need(p.series, p.from_version, p.from_patch, f"pair {p.from_version}->{p.to_version}")
        need(p.series, p.to_version, p.to_patch, f"pair {p.from_version}->{p.to_version}")
    for t in truth.trailers:
        need(t.series, t.revision, t.patch, f"trailer {t.kind} by {t.giver}")
    for c in truth.carried:
        need(c.series, c.revision, c.patch, f"carried {c.kind} by {c.giver}")
    for m in truth.comments:
        need(m.series, m.revision, m.patch, f"comment {m.says!r}")


def truth_files(root: Path = THREADS) -> list[Path]:
    return sorted(p for group in GROUPS for p in (root / group).glob("*.truth.toml"))


def load_all(root: Path = THREADS) -> list[ThreadTruth]:
    return [load_truth(p) for p in truth_files(root)]
