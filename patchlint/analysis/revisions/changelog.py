"""The author's changelog against the interdiff: the facts the rules missing-changelog (RV001)
and undocumented-change (RV002) judge.

`model.changelog` reads the changelogs (cover letter, each patch's notes and commit message,
and the author's own follow-up reply that gives them); this module decides

- whether a revision can be judged at all: it must hold what a changelog would be in. A
  revision with a cover letter, a single patch, or every patch of a series that was sent
  without a cover letter (no patch answers a mail the input lacks) can; a few patches of a
  series whose cover letter is not in the input cannot (it went to another list, or `check`
  and the pre-send hook were given one patch): there the changelog may well be, so nothing
  is said;
- for each patch the interdiff shows modified, which of its changes the changelog never
  talks about (`mentions` says what counts as talking about one, and what is no change).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from patchlint import lazyre
from patchlint.analysis.revisions.compare import PatchInterdiff, RevisionInterdiff, TreeReader
from patchlint.analysis.revisions.mentions import (
    NEW_FUNCTION,
    ChangelogWords,
    Hunk,
    Remark,
    hunks_of,
    material,
    mentioned,
)
from patchlint.model.changelog import ChangelogEntry, read_changelog
from patchlint.model.patch import Patch
from patchlint.model.series import Revision, Series

_IDENT = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
Lines = dict[str, set[str]]  # a patch's diff lines (squashed) by marker: ' ', '+', '-'
# what the interdiff's symbol finder may take for a name on a declaration line
_NOT_NAMES = frozenset(
    {
        "int",
        "long",
        "short",
        "char",
        "void",
        "bool",
        "unsigned",
        "signed",
        "u8",
        "u16",
        "u32",
        "u64",
        "s8",
        "s16",
        "s32",
        "s64",
        "size_t",
        "struct",
        "enum",
        "union",
        "static",
        "const",
        "inline",
        "extern",
    }
)


@dataclass(frozen=True, slots=True)
class UndocumentedChange:
    """One patch of a revision whose changes since the revision before name functions or
    files its changelog (the cover's and its own notes) never talks about."""

    patch: int  # its index in the newer revision
    since: int  # the version it is compared with
    names: list[str]  # the functions (or files) not mentioned, in interdiff order
    file: str | None  # the first file with an undocumented change
    message_id: str | None


@dataclass(slots=True)
class RevisionChangelog:
    """One revision's changelog (None: it says nothing), whether the input holds enough of
    the revision to say so (`judged`; `unjudged` says why not) and, when it has a changelog
    and a revision before it, the changes it leaves unmentioned."""

    revision: Revision
    changelog: str | None
    entries: list[ChangelogEntry] = field(default_factory=list)
    judged: bool = True
    unjudged: str | None = None
    undocumented: list[UndocumentedChange] = field(default_factory=list)
    # it repeats the revision before, patch for patch (the same titles, commit messages and
    # diffs), and only adds the trailers reviewers gave: a changelog would say nothing more
    only_trailers: bool = False


def _series_ids(series: Series) -> set[str]:
    ids: set[str] = set()
    for rev in series.revisions:
        if rev.cover is not None and rev.cover.message_id:
            ids.add(rev.cover.message_id)
        ids.update(p.message_id for p in rev.sorted_patches if p.message_id)
        ids.update(r.message.message_id for r in rev.replies if r.message.message_id)
    return ids


def holds_its_changelog(rev: Revision, known: set[str]) -> str | None:
    """None when the input holds every place the revision's changelog could be in; else
    why not."""
    if rev.cover is not None:
        return None
    patches = rev.sorted_patches
    if not patches:
        return "no patch of it is in the input"
    total = rev.total or 1
    if total <= 1 and len(patches) == 1:
        return None
    if any(i not in rev.patches for i in range(1, total + 1)):
        return f"only {len(patches)} of its {total} patches are in the input, and no cover letter"
    if any(p.in_reply_to and p.in_reply_to not in known for p in patches):
        return "its patches answer a cover letter the input does not hold"
    return None


def _author_replies(rev: Revision) -> list[ChangelogEntry]:
    """A changelog the author sent as a reply to their own cover letter or patch ("forgot
    the changelog: ...")."""
    keys = set(rev.message_keys)
    out: list[ChangelogEntry] = []
    for reply in rev.replies:
        if reply.message.author.email.lower() != rev.author.email.lower() or (
            reply.parent_key not in keys
        ):
            continue
        log = read_changelog(reply.message.body.split("\n-- \n")[0], "reply", prose=False)
        out.extend(log.entries)
    return out


def read_changelogs(
    series: Series,
    interdiffs: list[RevisionInterdiff],
    remarks: Iterable[Remark] = (),
    tree: TreeReader | None = None,
) -> list[RevisionChangelog]:
    """Every revision's changelog, read against the interdiff from the revision before;
    `remarks` are the review comments (for "address X's comments"), `tree` the base
    `--tree` names (lines it already has are no change of the patch)."""
    out: list[RevisionChangelog] = []
    by_new = {id(d.new): d for d in interdiffs}
    known = _series_ids(series)
    remarks = list(remarks)
    in_base = _base_lines(tree)
    # a revision's changelog read once: patches whose own changelog is the cover letter's
    # share one text (read-only in `undocumented`)
    read: dict[str, ChangelogWords] = {}
    lines: dict[int, Lines] = {}  # each patch's diff lines, read once (`_lines_by_kind`)
    for rev in series.revisions:
        replies = _author_replies(rev)
        entries = [e for _, log in rev.changelogs() for e in log.entries] + replies
        text = rev.changelog or ("\n".join(e.text for e in replies) or None)
        why = holds_its_changelog(rev, known)
        entry = RevisionChangelog(rev, text, entries, why is None, why)
        out.append(entry)
        interdiff = by_new.get(id(rev))
        entry.only_trailers = interdiff is not None and only_trailers_added(interdiff)
        if not text or interdiff is None:
            continue
        adders = _adders(interdiff, lines)
        if interdiff.old.version != rev.version - 1:
            # two postings with one number, or a version missing from the input: which
            # entry describes which step is unclear
            continue
        for change in interdiff.patches:
            old, new = change.old, change.new
            if not change.material or old is None or new is None or not (same_patch(old, new)):
                continue
            own = "\n".join(log.text for _, log in rev.changelogs(new.index))
            if not own.strip():
                continue  # the changelog is in other patches' notes: none said about this one
            said = "\n".join([own, *(e.text for e in replies)])
            words = read.get(said)
            if words is None:
                words = read[said] = ChangelogWords.read(said)
            notes = [
                r
                for r in remarks
                if r.revision == interdiff.old.version and r.patch in (None, old.index)
            ]
            names, first = undocumented(change, words, notes, adders, in_base, lines)
            if names:
                entry.undocumented.append(
                    UndocumentedChange(
                        new.index, interdiff.old.version, names, first, new.message_id
                    )
                )
    return out


def only_trailers_added(interdiff: RevisionInterdiff) -> bool:
    """The newer revision is the one before it (the next version of it) posted again, patch
    for patch, with the same titles, subject tags, commit messages and diffs (context
    included), and only trailers added: what `b4 trailers -u` and a re-post "with tags
    collected" make."""
    if interdiff.old.version != interdiff.new.version - 1 or not interdiff.patches:
        return False
    added = False
    for change in interdiff.patches:
        old, new = change.old, change.new
        # "identical": a diff whose context moved is a rebase, which a changelog says
        if old is None or new is None or change.detail != "identical" or old.index != new.index:
            return False
        if not same_patch(old, new) or old.message.split() != new.message.split():
            return False
        # a subject that names another tree (`[PATCH V2 net]` after `[PATCH]`) is a posting
        # sent somewhere else, which the changelog says
        if {t.lower() for t in old.subject.prefixes} != {t.lower() for t in new.subject.prefixes}:
            return False
        before = {_trailer_words(t.name, t.value) for t in old.trailers}
        after = {_trailer_words(t.name, t.value) for t in new.trailers}
        if not before <= after:
            return False
        added = added or after > before
    return added


def _trailer_words(name: str, value: str) -> tuple[str, str]:
    return name.lower(), " ".join(value.lower().split())


def same_patch(old: Patch, new: Patch) -> bool:
    """Whether the pair is one patch posted twice (the same commit title): a pair the
    interdiff matched by content across a restructured series (a split, a squash, a new
    title) is compared with code the changelog describes as moved, never line by line."""
    return " ".join(old.title.lower().split()) == " ".join(new.title.lower().split())


def _lines_by_kind(patch: Patch | None, read: dict[int, Lines] | None = None) -> Lines:
    """A patch's diff lines (squashed) by marker: context, added, removed. With `read` (by
    id of the patch), each patch is read once: it is in two steps, and each step asks
    for its lines twice (who adds a line, what the base moved)."""
    if read is not None and patch is not None:
        found = read.get(id(patch))
        if found is None:
            found = read[id(patch)] = _lines_by_kind(patch)
        return found
    out: Lines = {" ": set(), "+": set(), "-": set()}
    for line in patch.diff.splitlines() if patch is not None else []:
        if line.startswith(("+++", "---")) or line[:1] not in out:
            continue
        out[line[:1]].add("".join(line[1:].split()))
    return out


def _adders(
    interdiff: RevisionInterdiff, read: dict[int, Lines] | None = None
) -> dict[str, set[int]]:
    """Which patches (by id) of either revision add each line (squashed): a line that
    leaves one patch's interdiff and another patch adds is code moved across the series (a
    split, a squash, a reorder), not new code."""
    out: dict[str, set[int]] = {}
    for change in interdiff.patches:
        for patch in (change.old, change.new):
            for line in _lines_by_kind(patch, read)["+"]:
                if line:
                    out.setdefault(line, set()).add(id(patch))
    return out


def _base_lines(tree: TreeReader | None) -> Callable[[str, str], bool]:
    """Whether the base the tree holds already has a line of a file (rebase drift)."""
    if tree is None:
        return lambda path, line: False
    cache: dict[str, set[str]] = {}

    def has(path: str, line: str) -> bool:
        if path not in cache:
            cache[path] = {"".join(x.split()) for x in tree(path) or []}
        return "".join(line.split()) in cache[path]

    return has


def undocumented(
    change: PatchInterdiff,
    log: ChangelogWords,
    remarks: list[Remark],
    adders: dict[str, set[int]],
    in_base: Callable[[str, str], bool],
    read: dict[int, Lines] | None = None,
) -> tuple[list[str], str | None]:
    """Functions (or files, where no function is known) whose changes in the interdiff the
    changelog never talks about, and the first file with one. A function is named only if
    none of its hunks is talked about."""
    # a file whose two postings do not apply to one base (a diff of diffs) was rebased:
    # what changed there is mostly the base, which a reader cannot tell from the patch
    hunks = [
        h
        for f in change.files
        if f.method != "range-diff"
        for h in hunks_of(f.path, f.diff, f.functions)
    ]
    own = {id(change.old), id(change.new)}
    # moved within the patch (a line leaves one hunk of its interdiff and enters another;
    # inside one hunk that is a reorder, a change), or across the series (a line another
    # patch of either revision adds)
    where: dict[str, set[tuple[int, str]]] = {}
    for n, h in enumerate(hunks):
        for side, lines in (("-", h.removed), ("+", h.added)):
            for x in lines:
                where.setdefault("".join(x.split()), set()).add((n, side))
    moved = {
        x
        for x, places in where.items()
        if {n for n, side in places if side == "-"}
        and {n for n, side in places if side == "+"}
        and len({n for n, _ in places}) > 1
    }
    moved |= {x for x in where if adders.get(x, set()) - own}
    # the base moved under the patch: a line one posting showed as context that the other
    # neither shows nor removes (upstream changed it; the patch did not)
    old_lines, new_lines = _lines_by_kind(change.old, read), _lines_by_kind(change.new, read)
    for h in hunks:
        moved |= {
            sq
            for x in h.removed
            for sq in ["".join(x.split())]
            if sq in old_lines[" "] and sq not in old_lines["+"] and sq not in new_lines["-"]
        }
        moved |= {
            sq
            for x in h.added
            for sq in ["".join(x.split())]
            if sq in new_lines[" "] and sq not in new_lines["+"] and sq not in old_lines["-"]
        }
    covered: dict[str, bool] = {}
    first: dict[str, str] = {}
    judged: list[tuple[str, Hunk, bool]] = []
    for hunk in hunks:
        real = material(hunk, moved, in_base)
        if not real.lines:
            continue
        judged.append((_key(real), real, mentioned(real, hunk, log, remarks)))
    # a change that calls (or uses) what a mentioned change introduced is part of it: "added
    # a common helper" covers its callers
    introduced = {
        m.group(1)
        for _, real, hit in judged
        if hit
        for x in real.added
        for m in [NEW_FUNCTION.match(x)]
        if m
    }
    rebased = _rebase_moves(judged) if log.rebased else set()
    for key, real, hit in judged:
        if not hit and (
            introduced & set(_IDENT.findall("\n".join(real.lines))) or real.path in rebased
        ):
            hit = True
        first.setdefault(key, real.path)
        covered[key] = covered.get(key, False) or hit
    names = [k for k, hit in covered.items() if not hit]
    return names, (first[names[0]] if names else None)


def _key(hunk: Hunk) -> str:
    """What a hunk is reported as: its function, or its file where none is known."""
    return hunk.function if hunk.function and hunk.function not in _NOT_NAMES else hunk.path


def _rebase_moves(judged: list[tuple[str, Hunk, bool]]) -> set[str]:
    """Files whose changes only move the same identifiers around (each one removed where
    it is added back): what a rebase onto a base that moved does to a patch."""
    by_file: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for _, real, _ in judged:
        removed, added = by_file.setdefault(real.path, (Counter(), Counter()))
        removed.update(_IDENT.findall("\n".join(real.removed)))
        added.update(_IDENT.findall("\n".join(real.added)))
    return {path for path, (removed, added) in by_file.items() if removed == added}


__all__ = [
    "Hunk",
    "RevisionChangelog",
    "UndocumentedChange",
    "holds_its_changelog",
    "only_trailers_added",
    "read_changelogs",
    "undocumented",
]
