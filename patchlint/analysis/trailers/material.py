"""What one revision step changed in a patch's code, as a tag's giver would weigh it.

A tag vouches for code. A step (the interdiff of a patch between two revisions,
`analysis.revisions.compare.PatchInterdiff`) changes that code only where code tokens
change: comments, whitespace and blank lines aside, and rebase drift aside (upstream
changing lines the patch only shows as context; hunks that merely moved). Each interdiff
hunk is read on its two sides (the older and the newer post-image), its lines kept only
where they are a change of either patch (not context both patches show), comments stripped
(C `/* */` and `//`, `#` in build files and scripts) and the rest cut into tokens:

- equal token sequences (`__u32` read as `u32`): nothing changed that a tag covers (a
  reworded comment); lines moved around each other are a change (a declaration moved
  below its first use);
- `trivial`: every difference a number swapped for an upper-case name or back (`0` ->
  `MHP_NONE`), or a qualifier the compiler checks added or dropped (`const`, `unsigned`,
  `static`, `__init` ...), or only `#include` lines added, dropped or moved, or in a header
  the same declarations moved around, or only prototypes, preprocessor conditions and
  reordered constants' `#define`s changed, or identifiers renamed where another patch of the
  newer revision renames them (`PAGE_KERNEL_NOENC` -> `PAGE_KERNEL` following the series:
  each old name always becomes the same new one and is gone from the hunk, and one of the
  two is on a line another patch of the series adds or removes; or a name the patch
  defines renamed all through it, when every material hunk of the step only renames), or
  in a header only
  function prototypes added or dropped, not changed (`extern bool
  hv_isolation_type_tdx(void);`: the compiler checks them against the definitions), or in
  a header the lines one hunk drops being the lines another adds (a block moved), or only
  the words of a log message (`pr_err("...")`, `kunit_err(test, "...")`);
  or logging statements (`pr_err(...)`, `syslog(...)`: what is logged, and whether) aside,
  the same code, or only declarations without an initializer moved (`int id;` after a
  rebase), or every changed line moved between patches of the series (what the hunk drops
  another patch of the newer revision adds, what it adds another patch of the older one
  added: a series reordered);
- the newer side only drops tokens of the older (a part of the patch taken out, as when
  a patch is split): `removal`; not when the lines dropped are base code the newer patch
  deletes and the older one never added (a tree-level interdiff shows a function the newer
  patch also removes as lines dropped too): that is more code changed, `material`;
- otherwise `material`.
Documentation files (`*.rst`, `*.md`, `*.txt`, `Documentation/`, `docs/`) hold no code:
their changes are never material. A range-diff step (the fallback of a diff of diffs) is
read the same way on the lines each patch changes.

The pieces live in their own modules (`code_tokens`, `log_statements`, `declarations`,
`renames`, `interdiff_sides`); the list of what a tag survives is here, read in one place,
so that a reviewer can check it against docs/trailers.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from patchlint import lazyre
from patchlint.analysis.revisions.compare import PatchInterdiff
from patchlint.analysis.trailers.code_tokens import (
    CONSTANT,
    KEYWORDS,
    MAX_HUNK_TOKENS,
    NUMBER,
    QUALIFIERS,
    strip_comments,
    tokens,
)
from patchlint.analysis.trailers.declarations import (
    MAX_DECLARATION,
    PROTOTYPE,
    declarations_only,
    function_locals,
    plain_declaration,
)
from patchlint.analysis.trailers.interdiff_sides import (
    changed_identifiers,
    changed_lines,
    differing_lines,
    dropped_added,
    hunk_sides,
    patch_lines,
)
from patchlint.analysis.trailers.log_statements import mask_logs
from patchlint.analysis.trailers.renames import follows_series_rename, rename_map, renamed_through
from patchlint.c.log_calls import logs

__all__ = ["CodeHunk", "StepCode", "changed_identifiers", "changed_lines", "step_code"]

_HASH_COMMENT_FILES = lazyre.compile(
    r"(?:^|/)(?:Makefile|Kconfig[^/]*|Kbuild|[^/]*\.(?:sh|py|mk|"
    r"pl|cfg|conf|toml|yaml|yml|cmake))$"
)
_DOC = lazyre.compile(r"(?:^|/)(?:Documentation|docs?)/|\.(?:rst|md|txt|pandoc|adoc)$", re.I)


@dataclass(frozen=True, slots=True)
class CodeHunk:
    """One interdiff hunk that changed code tokens."""

    path: str
    kind: str  # material | trivial | removal
    old_start: int  # the older post-image's lines it covers (range-diff: 0, 0)
    old_end: int
    tokens: frozenset[str]  # the identifiers and literals on its changed lines, both sides
    # its changed lines (comments, whitespace and logging statements aside), for `behaviour`
    dropped: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@dataclass(slots=True)
class StepCode:
    """The code changes of one step (see the module docstring)."""

    hunks: list[CodeHunk] = field(default_factory=list)

    def in_files(self, files: tuple[str, ...] | None) -> list[CodeHunk]:
        """The hunks in `files` (None: every file)."""
        return [h for h in self.hunks if files is None or h.path in files]


_INCLUDE = lazyre.compile(r"^\s*#\s*include\b")


def _kind(
    old: list[str],
    new: list[str],
    old_lines: Sequence[str] = (),
    new_lines: Sequence[str] = (),
    header: bool = False,
    renamed: frozenset[str] = frozenset(),
) -> str | None:
    """None (same code), trivial, removal or material (see the module docstring); the
    lines (comments stripped) tell include-only and header-declaration-only changes."""
    if old == new:
        return None
    if len(old) + len(new) > 2 * MAX_HUNK_TOKENS:
        return "material"
    changed = differing_lines(old_lines, new_lines)
    if changed and all(_INCLUDE.match(line) for line in changed):
        return "trivial"  # includes added, dropped or moved
    if header and sorted(old) == sorted(new):
        return "trivial"  # declarations moved around in a header
    dropped, added = dropped_added(old_lines, new_lines)
    if (
        header
        and changed
        and (not dropped or not added)
        and all(len(line) <= MAX_DECLARATION and PROTOTYPE.match(line) for line in changed)
    ):
        return "trivial"  # prototypes added or dropped (not changed): checked against the
        #                   definitions
    if header and changed and declarations_only(dropped, added):
        return "trivial"  # a header's declarations rearranged (see `declarations_only`)
    ops = [
        op
        for op in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    if all(tag == "delete" for tag, *_ in ops):
        return "removal"
    if all(
        t.lstrip("+-") in QUALIFIERS
        for tag, i1, i2, j1, j2 in ops
        for t in (*old[i1:i2], *new[j1:j2])
    ):
        return "trivial"  # a qualifier added or dropped: the compiler checks it
    if follows_series_rename(old, new, ops, renamed):
        return "trivial"  # a rename made elsewhere in the series, followed here
    if (
        changed
        and all(logs(line) for line in changed)
        and all(
            tag == "replace"
            and i2 - i1 == j2 - j1
            and all(
                a.lstrip("+-").startswith('"') and b.lstrip("+-").startswith('"')
                for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
            )
            for tag, i1, i2, j1, j2 in ops
        )
    ):
        return "trivial"  # a log message reworded
    if all(
        tag == "replace"
        and i2 - i1 == j2 - j1
        and all(
            (NUMBER.match(a) and CONSTANT.match(b)) or (CONSTANT.match(a) and NUMBER.match(b))
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
        )
        for tag, i1, i2, j1, j2 in ops
    ):
        return "trivial"
    return "material"


_SUBSTANTIAL = lazyre.compile(r"[A-Za-z_]\w{2,}")


def _deletes_more(dropped: Sequence[str], old_added: set[str], new_removed: set[str]) -> bool:
    """The lines a tree-level interdiff drops are base code the newer patch deletes and the
    older one never added: not a part of the patch taken out (a split) but more code taken
    out of the tree ('also remove sched_reset_affinity_broken() (Jan Beulich)', xen-devel
    'xen/sched: fix restore_vcpu_affinity() by removing it' v2), a code change."""
    lines = [" ".join(line.split()) for line in dropped if _SUBSTANTIAL.search(line)]
    return bool(lines) and all(x in new_removed and x not in old_added for x in lines)


def _moved_between_patches(
    dropped: list[str],
    added: list[str],
    moves: tuple[frozenset[str], frozenset[str], frozenset[str]],
    undone: set[str],
) -> bool:
    """The hunk's changed lines all moved between patches of the series (a series
    reordered, a conversion handed to another patch): what it drops another patch of the
    newer revision adds; what it adds another patch of the older one added, or is the
    base line the older patch replaced that another patch of the newer one now replaces
    (then the older patch's replacement of it, dropped here, went with it). At least one
    such line says something (an identifier, not a lone brace)."""
    moved_in, moved_out, handed = moves
    fold = [" ".join(x.split()) for x in dropped], [" ".join(x.split()) for x in added]
    over = [line for line in fold[1] if line not in moved_in and line in undone and line in handed]
    if any(line not in moved_in and line not in over for line in fold[1]):
        return False
    if len([line for line in fold[0] if line not in moved_out]) > len(over):
        return False
    return any(
        t not in KEYWORDS and t not in QUALIFIERS
        for line in fold[0] + fold[1]
        for t in _SUBSTANTIAL.findall(line)
    )


def step_code(
    step: PatchInterdiff,
    renamed: frozenset[str] = frozenset(),
    moves: tuple[frozenset[str], frozenset[str], frozenset[str]] = (
        frozenset(),
        frozenset(),
        frozenset(),
    ),
) -> StepCode:
    """The code changes of one step (see the module docstring); `renamed`: the identifiers
    the newer revision's other patches add or remove; `moves`: the lines the older
    revision's other patches add, those the newer one's add and those they remove (code
    moved between patches)."""
    out = StepCode()
    if step.status != "modified":
        return out
    old_lines, new_lines = patch_lines(step.old), patch_lines(step.new)
    renames: list[tuple[int, dict[str, str] | None]] = []  # material hunk -> its renames
    for f in step.files:
        if _DOC.search(f.path):
            continue
        hash_comments = _HASH_COMMENT_FILES.search(f.path) is not None
        range_diff = f.method == "range-diff"
        empty: tuple[set[str], set[str]] = (set(), set())
        first = len(out.hunks)
        moved: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        declared: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        declarations_only = True
        for start, end, old, new in hunk_sides(
            f.diff, range_diff, old_lines.get(f.path, empty), new_lines.get(f.path, empty)
        ):
            if range_diff:
                if sum(x[:1] == "-" for x in old) == sum(x[:1] == "-" for x in new):
                    # as many lines replaced on both sides: what changed among them is the
                    # base under the patch (`0` become `MHP_NONE` upstream), drift; the
                    # patch is what it adds
                    old = [x for x in old if x[:1] == "+"]
                    new = [x for x in new if x[:1] == "+"]
                old_code = strip_comments([x[1:] for x in old], hash_comments)
                new_code = strip_comments([x[1:] for x in new], hash_comments)
                if not hash_comments:
                    old_code, new_code = mask_logs(old_code), mask_logs(new_code)
                old_t = [
                    x[0] + t for x, line in zip(old, old_code, strict=True) for t in tokens([line])
                ]
                new_t = [
                    x[0] + t for x, line in zip(new, new_code, strict=True) for t in tokens([line])
                ]
                start = end = 0
            else:
                old_code = strip_comments(old, hash_comments)
                new_code = strip_comments(new, hash_comments)
                old_t, new_t = tokens(old_code), tokens(new_code)
            header = f.path.endswith(".h")
            kind = _kind(old_t, new_t, old_code, new_code, header, renamed)
            if kind is None:
                continue
            words = frozenset(
                t.lstrip("+-") for t in old_t + new_t if re.match(r"^[+-]?[A-Za-z_\"'0-9]", t)
            )
            dropped, added = dropped_added(old_code, new_code)
            mapped = (old_t, new_t)
            if kind == "material" and not range_diff and not hash_comments:
                # logging statements aside (a message reworded, a debug line added)
                mapped = (tokens(mask_logs(old_code)), tokens(mask_logs(new_code)))
                kind = _kind(*mapped, old_code, new_code, header, renamed) or "trivial"
            if kind == "material" and _moved_between_patches(
                dropped, added, moves, old_lines.get(f.path, empty)[1]
            ):
                kind = "trivial"
            if (
                kind == "removal"
                and not range_diff
                and _deletes_more(
                    dropped, old_lines.get(f.path, empty)[0], new_lines.get(f.path, empty)[1]
                )
            ):
                kind = "material"  # the newer patch deletes base code the older one kept
            if kind in ("material", "removal"):
                declared[0].update(dropped)
                declared[1].update(added)
                declarations_only = declarations_only and all(
                    plain_declaration(line) for line in dropped + added
                )
            lines: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
            if kind == "material":
                renames.append((len(out.hunks), rename_map(*mapped)))
            if kind in ("material", "removal"):
                if not hash_comments and not range_diff:
                    old_code, new_code = mask_logs(old_code), mask_logs(new_code)
                gone, came = dropped_added(old_code, new_code)
                if header:  # an inline function's locals are no type's layout
                    old_locals, new_locals = function_locals(old_code), function_locals(new_code)
                    gone = [line for line in gone if line not in old_locals]
                    came = [line for line in came if line not in new_locals]
                lines = (tuple(gone), tuple(came))
            out.hunks.append(CodeHunk(f.path, kind, start, end, words, *lines))
            moved[0].update(dropped)
            moved[1].update(added)
        if declarations_only and declared[0] and declared[0] == declared[1]:
            # only declarations without an initializer moved (`int id;` after a rebase)
            out.hunks[first:] = [
                CodeHunk(h.path, "trivial", h.old_start, h.old_end, h.tokens)
                if h.kind == "material"
                else h
                for h in out.hunks[first:]
            ]
            renames = [(i, m) for i, m in renames if i < first]
        if f.path.endswith(".h") and moved[0] and moved[0] == moved[1]:
            # a block moved within the header: what one hunk drops another adds
            out.hunks[first:] = [
                CodeHunk(h.path, "trivial", h.old_start, h.old_end, h.tokens)
                for h in out.hunks[first:]
            ]
    for i in renamed_through(renames, old_lines, new_lines):
        h = out.hunks[i]
        out.hunks[i] = CodeHunk(h.path, "trivial", h.old_start, h.old_end, h.tokens)
    return out
