"""The interdiff of one patch between two revisions, computed from the two diffs alone.

Why not `git range-diff` or patchutils' `interdiff`: the first needs both revisions applied in
a tree, the second needs the two diffs against the same base and gives up otherwise. Mail
review has neither guarantee, so this does what a reviewer does by eye:

1. Each hunk shows a fragment of the file before the patch (context and removed lines) at a
   stated line. The fragments of both revisions are merged into one sparse "base"; a hunk of
   the second revision whose stated position contradicts what the first showed is relocated
   to where its lines do match (the series was rebased), as `patch` does with fuzz 0.
2. Both revisions are applied to that sparse base; where known lines touch they form one
   segment, and the two post-images of each segment are diffed (difflib). That diff is the
   interdiff, numbered as the post-images would be.
3. Where the fragments contradict each other (different bases, conflicting hunks) it falls
   back to a diff of the two diffs with line numbers dropped, as `git range-diff` shows it.

With a tree (`--tree`), the file's real contents seed the base, so the interdiff is exact
where the patches apply; where they do not, the fragments are used as above.

One module on purpose (a little over 400 lines): the three steps share one sparse-base model
and its relocation rules, which a split would have to expose to each part.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from patchlint import lazyre
from patchlint.analysis.revisions.linediff import BoundedMatcher
from patchlint.c.keywords import C_KEYWORDS
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache, file_paths, parse_with
from patchlint.model.udiff import PatchedFile

CONTEXT = 3
MAX_RELOCATE = 5_000  # candidate positions tried per hunk: keeps hostile diffs linear
SIMILAR_CONTEXT = 0.8  # a context line this alike to its counterpart's is the same code, edited
MAX_SIMILAR_HUNKS = 50  # beyond this many hunks to compare with, only equal lines count
_FUNC_LINE = lazyre.compile(r"^[A-Za-z_$]")  # git's default funcname rule: a line starting a decl
# starts only where an identifier run starts (digits it leads with skipped): trying every
# position inside a long run would be quadratic
_FUNC_NAME = lazyre.compile(r"(?<![A-Za-z0-9_])[0-9]*([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_INDEX_LINE = lazyre.compile(r"^index [0-9a-f]+\.\.[0-9a-f]+.*$", re.M)
_HUNK_NUMBERS = lazyre.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@", re.M)
_KEYWORDS = C_KEYWORDS
_LABEL = lazyre.compile(r"^[A-Za-z_]\w*:")
_IDENT_RE = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")


@dataclass(frozen=True, slots=True)
class Hunk:
    """One hunk reduced to what the interdiff needs."""

    pos: int  # 1-based first pre-image line it replaces (the insertion point if it removes none)
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    stated_tgt: int  # its own post-image line number, for reporting
    section: str
    changed: tuple[str, ...] = ()  # its `-`/`+` lines, sign kept, in order
    context: frozenset[str] = frozenset()  # its context lines that hold a word, stripped


@dataclass(slots=True)
class FileChange:
    """What one patch does to one file."""

    path: str
    old_path: str
    new_path: str
    hunks: list[Hunk]
    binary: bool
    source: PatchedFile | str  # the file's section of the diff (parsed, or text)

    @property
    def text(self) -> str:
        """The file's section of the diff as text (for the range-diff fallback; only
        rendered when needed, it is the costly part)."""
        return self.source if isinstance(self.source, str) else str(self.source)


@dataclass(slots=True)
class FileInterdiff:
    """The interdiff of one file: unified-diff text and the functions it touches."""

    path: str
    diff: str
    functions: list[str] = field(default_factory=list)
    method: str = "fragments"  # fragments | tree | range-diff
    whitespace_only: bool = False
    context_only: bool = False  # the changed lines are the same; only context/numbers moved


class Mismatch(Exception):
    """The fragments of the two revisions contradict each other (or the tree)."""


def file_changes(
    diff: str, cache: DiffCache | None = None, limits: Limits = DEFAULT_LIMITS
) -> dict[str, FileChange] | None:
    """The diff's changes per path, or None when it does not parse (or is over limits)."""
    try:
        patchset = parse_with(cache, diff, limits)
    except (ValueError, IndexError):
        return None
    out: dict[str, FileChange] = {}
    for pf in patchset:
        change = _file_change(pf)
        out.setdefault(change.path, change)
    return out


def _file_change(pf: PatchedFile) -> FileChange:
    old, new, path = file_paths(pf)
    hunks = []
    for h in pf:
        src = tuple(line.value.rstrip("\n") for line in h if line.is_context or line.is_removed)
        tgt = tuple(line.value.rstrip("\n") for line in h if line.is_context or line.is_added)
        changed = tuple(
            ("-" if line.is_removed else "+") + line.value.rstrip("\n")
            for line in h
            if line.is_removed or line.is_added
        )
        context = frozenset(
            text for line in h if line.is_context and _WORD.search(text := line.value.strip())
        )
        pos = h.source_start if src else h.source_start + 1
        hunks.append(
            Hunk(
                pos=max(pos, 1),
                src=src,
                tgt=tgt,
                stated_tgt=h.target_start,
                section=(h.section_header or "").strip(),
                changed=changed,
                context=context,
            )
        )
    return FileChange(
        path=path,
        old_path=old,
        new_path=new,
        hunks=hunks,
        binary=bool(pf.is_binary_file),
        source=pf,
    )


# -- placing hunks on a sparse base -------------------------------------------------------


class _Base:
    """The pre-image lines both revisions (and the tree) show, by line number."""

    def __init__(self, lines: list[str] | None = None) -> None:
        self.known: dict[int, str] = {}
        self.by_text: dict[str, list[int]] = {}
        for number, text in enumerate(lines or [], start=1):
            self._add(number, text)

    def _add(self, number: int, text: str) -> None:
        if number not in self.known:
            self.known[number] = text
            self.by_text.setdefault(text, []).append(number)

    def fit(self, hunk: Hunk, pos: int) -> tuple[int, int]:
        """(matching, conflicting) known lines if the hunk sits at `pos`."""
        match = conflict = 0
        for i, text in enumerate(hunk.src):
            have = self.known.get(pos + i)
            if have is None:
                continue
            if have == text:
                match += 1
            else:
                conflict += 1
        return match, conflict

    def place(self, hunk: Hunk, anchored: bool) -> int:
        """Where the hunk's pre-image lines go: its stated line if nothing there contradicts
        it, else the nearest position where its lines match what is known. `anchored`: the
        base is a real file, so every line must match."""
        need = len(hunk.src) if anchored else min(len(hunk.src), CONTEXT)
        match, conflict = self.fit(hunk, hunk.pos)
        if conflict == 0 and (match >= need or not self._matches_elsewhere(hunk, need)):
            return hunk.pos
        votes: Counter[int] = Counter()
        for i, text in enumerate(hunk.src):
            for number in self.by_text.get(text, ())[:MAX_RELOCATE]:
                votes[number - i] += 1
        best: tuple[int, int, int] | None = None  # (-matching, distance, position)
        for pos, _ in votes.most_common(MAX_RELOCATE):
            match, conflict = self.fit(hunk, pos)
            if conflict or match < max(need, 1) or pos < 1:
                continue
            key = (-match, abs(pos - hunk.pos), pos)
            if best is None or key < best:
                best = key
        if best is None:
            raise Mismatch(f"hunk at line {hunk.pos} does not match")
        return best[2]

    def _matches_elsewhere(self, hunk: Hunk, need: int) -> bool:
        if need == 0:
            return False
        first = hunk.src[0]
        for number in self.by_text.get(first, ())[:MAX_RELOCATE]:
            if number != hunk.pos and self.fit(hunk, number) == (len(hunk.src), 0):
                return True
        return False

    def add_hunk(self, hunk: Hunk, pos: int) -> None:
        for i, text in enumerate(hunk.src):
            self._add(pos + i, text)


@dataclass(frozen=True, slots=True)
class _Placed:
    pos: int
    hunk: Hunk


def _place_all(base: _Base, hunks: list[Hunk], anchored: bool) -> list[_Placed]:
    placed: list[_Placed] = []
    for hunk in hunks:
        pos = base.place(hunk, anchored)
        placed.append(_Placed(pos, hunk))
    placed.sort(key=lambda p: p.pos)
    for a, b in itertools.pairwise(placed):
        if a.pos + len(a.hunk.src) > b.pos:
            raise Mismatch("hunks overlap")
    for p in placed:
        base.add_hunk(p.hunk, p.pos)
    return placed


def _segments(
    base: _Base, hunk_sets: list[list[_Placed]], whole: int | None
) -> list[tuple[int, int]]:
    """Half-open line ranges [start, end) of the base that are known end to end and touch at
    least one hunk."""
    spans = [(p.pos, p.pos + len(p.hunk.src)) for hunks in hunk_sets for p in hunks]
    if whole is not None:
        return [(1, whole + 1)] if spans else []
    spans.extend((n, n + 1) for n in base.known)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged if any(s <= p.pos <= e for hunks in hunk_sets for p in hunks)]


def _apply(base: _Base, hunks: list[_Placed], start: int, end: int) -> list[str]:
    out: list[str] = []
    inside = sorted(
        (p for p in hunks if start <= p.pos <= end and p.pos + len(p.hunk.src) <= end),
        key=lambda p: p.pos,
    )
    line = start
    for p in inside:
        while line < p.pos:
            out.append(base.known[line])
            line += 1
        out.extend(p.hunk.tgt)
        line = p.pos + len(p.hunk.src)
    while line < end:
        out.append(base.known[line])
        line += 1
    return out


def _offset(hunks: list[_Placed], before: int) -> int:
    """How far the post-image is shifted against the base at line `before`."""
    return sum(len(p.hunk.tgt) - len(p.hunk.src) for p in hunks if p.pos < before)


def _reported_shift(hunks: list[_Placed], at: int) -> int:
    """The revision's own numbering minus ours (non-zero when its hunks were relocated)."""
    shift = 0
    for p in hunks:
        if p.pos > at:
            break
        shift = p.hunk.pos - p.pos
    return shift


# -- the interdiff of one file ------------------------------------------------------------


def file_interdiff(
    old: FileChange | None,
    new: FileChange | None,
    tree_lines: Callable[[str], list[str] | None] | None = None,
) -> FileInterdiff | None:
    """The interdiff for one path, or None when both revisions change it identically."""
    change = new or old
    assert change is not None
    path = change.path
    if (old is not None and old.binary) or (new is not None and new.binary):
        if old is not None and new is not None and _normalise(old.text) == _normalise(new.text):
            return None
        return FileInterdiff(
            path, f"Binary files {path} differ between revisions\n", method="range-diff"
        )
    real = tree_lines(change.old_path or path) if tree_lines is not None else None
    if real is not None:
        try:
            return _interdiff_on_base(path, old, new, _Base(real), len(real), "tree")
        except Mismatch:
            pass
    try:
        return _interdiff_on_base(path, old, new, _Base(), None, "fragments")
    except Mismatch:
        return range_diff(path, old, new)


def _interdiff_on_base(
    path: str,
    old: FileChange | None,
    new: FileChange | None,
    base: _Base,
    whole: int | None,
    method: str,
) -> FileInterdiff | None:
    anchored = whole is not None
    placed_old = _place_all(base, old.hunks if old else [], anchored)
    placed_new = _place_all(base, new.hunks if new else [], anchored)
    hunks_out: list[str] = []
    functions: list[str] = []
    ws_only = True
    apart = not anchored  # every differing segment holds the hunks of one revision only
    for start, end in _segments(base, [placed_old, placed_new], whole):
        a = _apply(base, placed_old, start, end)
        b = _apply(base, placed_new, start, end)
        if a == b:
            continue
        if _holds(placed_old, start, end) and _holds(placed_new, start, end):
            apart = False
        if _squash(a) != _squash(b):
            ws_only = False
        a_first = start + _offset(placed_old, start) + _reported_shift(placed_old, start)
        b_first = start + _offset(placed_new, start) + _reported_shift(placed_new, start)
        section = _first_section([placed_old, placed_new], start)
        for group in BoundedMatcher(a, b).get_grouped_opcodes(CONTEXT):
            header = _section_before(a, group[0][1]) or section
            hunks_out.append(_render_group(group, a, b, a_first, b_first, header))
            name = _function_at(b, group, 1, section) or _function_at(a, group, 0, section)
            if name and name not in functions:
                functions.append(name)
    if not hunks_out:
        return None
    text = f"--- a/{path}\n+++ b/{path}\n" + "".join(hunks_out)
    # the same changes, each revision's hunks on lines the other's do not show: the base
    # moved under the patch (a hunk next to both is one base, and a real move)
    same = apart and _same_changes(old, new, exact=True)
    if apart and not same and _same_changes(old, new, exact=False):
        ws_only = True
    return FileInterdiff(
        path, text, functions, method, whitespace_only=ws_only or same, context_only=same
    )


def _holds(hunks: list[_Placed], start: int, end: int) -> bool:
    return any(start <= p.pos <= end for p in hunks)


def _same_changes(old: FileChange | None, new: FileChange | None, exact: bool) -> bool:
    """Both revisions make the same changes (the same `-`/`+` lines in the same order, or
    with `exact` false the same but for white space) in the same functions: what differs
    is only context lines or line numbers, as when the base moved under the patch (a
    rebase). Asked only of fragments whose hunks of the two revisions sit apart: on a real
    tree, or on fragments that show the two hunks on one stretch of known lines, two
    placements are two places in the same file, a real move. The functions are the hunk
    headers' (git's funcname line) or the code around them: a hunk whose header names
    another function and that shares no context line with its counterpart is the same
    lines put somewhere else, not a rebase."""
    if old is None or new is None or not old.hunks or not new.hunks:
        return False
    norm: Callable[[str], str] = (lambda x: x) if exact else (lambda x: "".join(x.split()))

    def lines(change: FileChange) -> list[str]:
        out = [norm(line) for h in change.hunks for line in h.changed]
        return out if exact else [x for x in out if x not in ("+", "-")]

    if lines(old) != lines(new):
        return False
    if len(old.hunks) == len(new.hunks):
        return all(_same_place(a, [b]) for a, b in zip(old.hunks, new.hunks, strict=True))
    return all(_same_place(b, old.hunks) for b in new.hunks)


def _same_place(hunk: Hunk, others: list[Hunk]) -> bool:
    """The hunk sits where one of `others` sits: the same hunk header (git's funcname line)
    or function in it, or a context line with a word in common or nearly so (a rebase
    changes some context, `return hv_set_mem_host_visibility(...)` become `return
    __hv_set_mem_host_visibility(...)` upstream; a move to other code changes all of it)."""
    name = symbol_in(hunk.section)
    close = len(others) <= MAX_SIMILAR_HUNKS
    return any(
        (hunk.section and hunk.section == o.section)
        or (name is not None and name == symbol_in(o.section))
        or hunk.context & o.context
        or (close and _similar_line(hunk.context, o.context))
        for o in others
    )


def _similar_line(a: frozenset[str], b: frozenset[str]) -> bool:
    """A line of `a` and one of `b` alike (difflib ratio at least SIMILAR_CONTEXT)."""
    for x in a:
        for y in b:
            m = SequenceMatcher(None, x, y, autojunk=False)
            if m.real_quick_ratio() >= SIMILAR_CONTEXT and m.ratio() >= SIMILAR_CONTEXT:
                return True
    return False


def _first_section(hunk_sets: list[list[_Placed]], start: int) -> str:
    """The section header of the hunk a segment starts with: it names the function above
    the segment's first line, which the segment itself cannot show."""
    for hunks in hunk_sets:
        for p in hunks:
            if p.pos == start and p.hunk.section:
                return p.hunk.section
    return ""


def _section_before(lines: list[str], at: int) -> str:
    """git's default funcname rule: the nearest line above `at` that starts with a letter,
    `_` or `$` (trailing blanks dropped, at most 80 characters)."""
    for text in reversed(lines[:at]):
        if _FUNC_LINE.match(text):
            return text.rstrip()[:80]
    return ""


def _render_group(
    group: list[tuple[str, int, int, int, int]],
    a: list[str],
    b: list[str],
    a_first: int,
    b_first: int,
    section: str = "",
) -> str:
    i1, i2 = group[0][1], group[-1][2]
    j1, j2 = group[0][3], group[-1][4]
    tail = f" {section}" if section else ""
    lines = [f"@@ -{_range(a_first + i1, i2 - i1)} +{_range(b_first + j1, j2 - j1)} @@{tail}\n"]
    for tag, ai1, ai2, bj1, bj2 in group:
        if tag == "equal":
            lines.extend(f" {x}\n" for x in a[ai1:ai2])
            continue
        lines.extend(f"-{x}\n" for x in a[ai1:ai2])
        lines.extend(f"+{x}\n" for x in b[bj1:bj2])
    return "".join(lines)


def _range(start: int, length: int) -> str:
    if length == 0:
        return f"{start - 1},0"
    return str(start) if length == 1 else f"{start},{length}"


def _function_at(
    lines: list[str], group: list[tuple[str, int, int, int, int]], side: int, section: str
) -> str | None:
    """The symbol a change sits in: the nearest declaration line at or above the first
    changed line (git's funcname rule: it starts with a letter, `_` or `$`; labels and
    statements ending in `;` are skipped): a function's name, or a struct's or an
    initialised variable's. Else the section header of the hunk the segment starts with."""
    first = next((op for op in group if op[0] != "equal"), group[0])
    at = first[3] if side else first[1]
    for text in reversed(lines[: min(at + 1, len(lines))]):
        if _FUNC_LINE.match(text) and not _LABEL.match(text) and not text.rstrip().endswith(";"):
            name = symbol_in(text)
            if name:
                return name
    return symbol_in(section)


def symbol_in(text: str) -> str | None:
    """The name a declaration line declares: `int f(...)` -> f, `struct s {` -> s,
    `static const struct ops x = {` -> x."""
    for m in _FUNC_NAME.finditer(text):
        if m.group(1) not in _KEYWORDS:
            return m.group(1)
    if "=" not in text and "{" not in text:
        return None
    head = re.split(r"[={]", text, maxsplit=1)[0]
    words = _IDENT_RE.findall(head)
    return words[-1] if words and words[-1] not in _KEYWORDS else None


def _squash(lines: list[str]) -> list[str]:
    return [s for s in ("".join(x.split()) for x in lines) if s]


def _normalise(text: str) -> str:
    """A file diff without what range-diff ignores: index lines and hunk line numbers."""
    return _HUNK_NUMBERS.sub("@@", _INDEX_LINE.sub("", text))


def _changed_lines(change: FileChange | None) -> list[str]:
    if change is None:
        return []
    out = []
    for line in change.text.splitlines():
        if line.startswith(("+", "-")) and not line.startswith(("+++ ", "--- ")):
            out.append(line)
    return out


def range_diff(path: str, old: FileChange | None, new: FileChange | None) -> FileInterdiff | None:
    """A diff of the two diffs (line numbers dropped), `git range-diff` style."""
    a = _normalise(old.text).splitlines() if old else []
    b = _normalise(new.text).splitlines() if new else []
    if a == b:
        return None
    ca, cb = _changed_lines(old), _changed_lines(new)
    lines = [f"--- a/{path} (diff of diffs)\n", f"+++ b/{path} (diff of diffs)\n"]
    for group in BoundedMatcher(a, b).get_grouped_opcodes(CONTEXT):
        lines.append(
            _render_group(group, a, b, 1, 1)
            .replace("@@ -", "@@@ -", 1)
            .replace(" @@\n", " @@@\n", 1)
        )
    functions = []
    for change in (new, old):
        for hunk in change.hunks if change else []:
            name = symbol_in(hunk.section)
            if name and name not in functions:
                functions.append(name)
    # the same changed lines, but in other code (no function nor context line in common):
    # not a rebase. Diffs that did not parse have no hunks to tell.
    placed = old is None or new is None or not (old.hunks and new.hunks)
    same_place = placed or _same_changes(old, new, exact=False)
    return FileInterdiff(
        path,
        "".join(lines),
        functions,
        "range-diff",
        whitespace_only=_squash(ca) == _squash(cb) and same_place,
        context_only=ca == cb and same_place,
    )
