"""A patch seen the way C rules need it: per file, the post-image lines each hunk shows
(added or context, with new-file line numbers), its pre-image (context and removed lines, in
order, with old-file line numbers), and a parseable C fragment of each hunk for tree-sitter.

A hunk that starts inside a function body or an initializer parses as garbage on its own;
its section heading (`@@ ... @@ static const struct net_device_ops ops = {`) names the
enclosing construct, so the fragment starts with that heading (opened with `{` when it is a
function signature) and is closed with as many `}` as it leaves open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import tree_sitter

from patchlint import lazyre
from patchlint.c.index import FragmentIndex, indexed
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache, file_paths, parse_with
from patchlint.model.udiff import Line as DiffLine

C_SUFFIXES = (".c", ".h")
GAP = "/* patchlint: lines the diff does not show */"
_STRINGS_COMMENTS = lazyre.compile(
    r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*', re.S
)
_BRACES = lazyre.compile(r"[{}]")
_SIGNATURE = lazyre.compile(r"^[A-Za-z_][\w\s\*,]*\b[A-Za-z_]\w*\s*\([^;{]*\)?\s*$")


class Line(NamedTuple):
    """One line a hunk shows. In the post-image (`Hunk.lines`): a new-file line number,
    `added` for a line the patch adds. In the pre-image (`Hunk.pre`, the post-image of the
    reverse patch): an old-file line number, `added` for a line the patch removes.
    (A named tuple: immutable like a frozen dataclass, and made twice as fast; every line
    of every diff becomes one or two of these.)"""

    number: int
    text: str
    added: bool


@dataclass(frozen=True, slots=True)
class Change:
    """One change block of a hunk: the lines it removes (pre-image) and the lines it adds
    in their place (post-image), between two context lines."""

    removed: tuple[Line, ...]
    added: tuple[Line, ...]


@dataclass(slots=True)
class Hunk:
    section: str
    lines: list[Line]  # post-image: context and added lines, in order
    removed: list[tuple[int, str]]  # (the post-image line it stood before, text)
    old_start: int
    new_start: int
    pre: list[Line] = field(default_factory=list)  # pre-image: context and removed lines

    @property
    def added(self) -> list[Line]:
        return [ln for ln in self.lines if ln.added]

    def old_side(self) -> Hunk:
        """The pre-image as a hunk of its own (old-file numbers, `added` marking the lines
        this patch removes, nothing removed): `fragment_of(hunk.old_side())` is the code as
        it was before the patch."""
        return Hunk(self.section, self.pre, [], self.old_start, self.old_start)

    def changes(self) -> list[Change]:
        """The change blocks, in order. Context lines are the same in both images and in
        the same order, so the k-th block is what stands between the same two context lines
        on both sides."""
        out: list[Change] = []
        removed: list[Line] = []
        added: list[Line] = []
        old = iter(self.pre)
        for ln in [*self.lines, None]:
            if ln is not None and ln.added:
                added.append(ln)
                continue
            for gone in old:  # the pre-image up to the same context line (or to its end)
                if not gone.added:
                    break
                removed.append(gone)
            if removed or added:
                out.append(Change(tuple(removed), tuple(added)))
                removed, added = [], []
        return out


@dataclass(slots=True)
class Fragment:
    """Parseable C for one hunk; rows map back to post-image line numbers."""

    source: bytes
    rows: list[int | None]  # fragment row -> post-image line (None: synthesised)
    _index: FragmentIndex | None = None

    @property
    def tree(self) -> tree_sitter.Tree:
        """The parsed fragment (shared with every fragment of the same text: `c.index`)."""
        return self.index.tree

    @property
    def index(self) -> FragmentIndex:
        """The nodes of the tree by type, read in one pass shared by every rule, and the
        tree itself: both remembered by the text, so a revision posting the same hunk
        again costs nothing."""
        if self._index is None:
            self._index = indexed(self.source)
        return self._index

    def line_of(self, node: tree_sitter.Node) -> int | None:
        row = node.start_point[0]
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def text(self, node: tree_sitter.Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")


@dataclass(slots=True)
class FileView:
    path: str
    old_path: str
    project: str
    hunks: list[Hunk]
    new_file: bool = False
    deleted: bool = False
    _fragments: list[Fragment] | None = field(default=None, repr=False)
    _function_fragments: list[Fragment] | None = field(default=None, repr=False)
    _added: list[Line] | None = field(default=None, repr=False, compare=False)
    _added_numbers: set[int] | None = field(default=None, repr=False, compare=False)

    @property
    def is_c(self) -> bool:
        return self.path.endswith(C_SUFFIXES)

    @property
    def added(self) -> list[Line]:
        """The lines the patch adds, in order (made once: the runner asks for every rule;
        shared, so read it, never change it)."""
        if self._added is None:
            self._added = [ln for h in self.hunks for ln in h.lines if ln.added]
        return self._added

    @property
    def added_numbers(self) -> set[int]:
        """Their line numbers (made once; read it, never change it)."""
        if self._added_numbers is None:
            self._added_numbers = {ln.number for ln in self.added}
        return self._added_numbers

    def fragments(self) -> list[Fragment]:
        if self._fragments is None:
            self._fragments = [fragment_of(h) for h in self.hunks if h.lines]
        return self._fragments

    def function_fragments(self) -> list[Fragment]:
        """Like fragments(), but consecutive hunks inside one function are one fragment,
        the lines the diff does not show replaced by a GAP comment: for rules that follow a
        variable from its declaration to its first use in a later hunk."""
        if self._function_fragments is None:
            groups: list[list[Hunk]] = []
            for hunk in (h for h in self.hunks if h.lines):
                if groups and _continues(groups[-1], hunk):
                    groups[-1].append(hunk)
                else:
                    groups.append([hunk])
            # a hunk alone is the fragment fragments() has: reuse it and its parsed tree
            alone = {
                id(h): f
                for h, f in zip((h for h in self.hunks if h.lines), self.fragments(), strict=True)
            }
            self._function_fragments = [
                alone[id(g[0])] if len(g) == 1 else fragment_of_hunks(g) for g in groups
            ]
        return self._function_fragments


# a Line made from its fields without the named tuple's keyword-handling constructor (a
# third of the time: every line of every diff's view is made here)
_line = tuple.__new__


def file_views(
    diff: str,
    project_of: Callable[[str], str] | None = None,
    cache: DiffCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[FileView]:
    """The diff's files, each with the code base `project_of(path)` names ('' without it);
    an unparseable diff, or one over limits.diff_hunks, gives none (the report has a
    diagnostic)."""
    try:
        patchset = parse_with(cache, diff, limits)
    except (ValueError, IndexError):
        return []
    views = []
    for pf in patchset:
        old, _, path = file_paths(pf)
        hunks = []
        for h in pf:
            lines: list[Line] = []  # post-image
            removed: list[tuple[int, str]] = []
            pre: list[Line] = []  # pre-image: context and removed lines, in order
            at, old_start = h.target_start, h.source_start
            for ln in h:  # one pass makes both images
                kind = ln.line_type
                if kind == "-":
                    text = ln.value.rstrip("\n").rstrip("\r")  # as _text()
                    removed.append((at, text))
                    pre.append(_line(Line, (ln.source_line_no or old_start, text, True)))
                elif kind == "+" or kind == " ":
                    text = ln.value.rstrip("\n").rstrip("\r")
                    number = ln.target_line_no or at
                    lines.append(_line(Line, (number, text, kind == "+")))
                    at = number + 1
                    if kind == " ":
                        pre.append(_line(Line, (ln.source_line_no or old_start, text, False)))
            hunks.append(
                Hunk(
                    (h.section_header or "").strip(),
                    lines,
                    removed,
                    h.source_start,
                    h.target_start,
                    pre,
                )
            )
        views.append(
            FileView(
                path=path,
                old_path=old,
                project=project_of(path) if project_of is not None else "",
                hunks=hunks,
                new_file=bool(pf.is_added_file),
                deleted=bool(pf.is_removed_file),
            )
        )
    return views


def _text(line: DiffLine) -> str:
    return line.value.rstrip("\n").rstrip("\r")


def fragment_of(hunk: Hunk) -> Fragment:
    """The hunk's post-image as C, wrapped in its enclosing construct when it starts inside
    one (see the module docstring)."""
    return fragment_of_hunks([hunk])


def _prefix(hunk: Hunk) -> list[str]:
    """The lines that reopen the construct a hunk starts inside, from its section heading."""
    section = hunk.section
    first = hunk.lines[0].number if hunk.lines else 1
    if section and first > 1:
        if section.rstrip().endswith(("{", "= {")):
            return [section]
        if _is_signature(section):
            return [section if section.rstrip().endswith(")") else section + ")", "{"]
    return []


def _is_signature(text: str) -> bool:
    return bool(_SIGNATURE.match(text)) and not text.rstrip().endswith(";")


def fragment_of_hunks(hunks: list[Hunk]) -> Fragment:
    """Hunks of one construct as one fragment, a GAP comment where lines are not shown."""
    prefix = _prefix(hunks[0])
    body: list[str] = []
    rows: list[int | None] = [None] * len(prefix)
    for i, hunk in enumerate(hunks):
        if i:
            body.append(GAP)
            rows.append(None)
        body += [ln.text for ln in hunk.lines]
        rows += [ln.number for ln in hunk.lines]
    text = "\n".join(prefix + body)
    opened = _depth(text)
    suffix = ["}" * opened] if opened > 0 else []
    rows += [None] * len(suffix)
    return Fragment(("\n".join(prefix + body + suffix) + "\n").encode("utf-8", "replace"), rows)


def _open_function(hunks: list[Hunk]) -> str | None:
    """The signature of the function still open after the last of `hunks`, if any."""
    prefix = _prefix(hunks[0])
    signature = prefix[0] if len(prefix) == 2 else None
    depth = 1 if signature else 0
    candidate: str | None = None
    for hunk in hunks:
        for ln in hunk.lines:
            if _is_signature(ln.text) and not ln.text[:1].isspace():
                candidate, depth = ln.text, 0  # a definition starts at column 0
            change = _depth(ln.text, floor=False)
            if depth == 0 and change > 0:
                signature, candidate = candidate, None
            depth = max(depth + change, 0)
            if depth == 0:
                signature = None
    return signature if depth > 0 else None


def _continues(group: list[Hunk], hunk: Hunk) -> bool:
    """Does `hunk` carry on inside the function the group leaves open? Its section heading
    (git's: the last function line above it, maybe truncated) names that function."""
    if not hunk.section or not group[-1].lines or not hunk.lines:
        return False
    if hunk.lines[0].number <= group[-1].lines[-1].number:
        return False
    open_function = _open_function(group)
    if open_function is None:
        return False
    heading, signature = hunk.section.strip(), open_function.strip()
    return heading == signature or (len(heading) >= 20 and signature.startswith(heading))


def _depth(text: str, floor: bool = True) -> int:
    """Braces left open, ignoring strings, chars and comments (roughly: enough to close);
    without `floor`, the net change (negative when a line closes more than it opens)."""
    if not floor:
        bare = _STRINGS_COMMENTS.sub("", text)
        return bare.count("{") - bare.count("}")
    depth = 0
    stripped = _STRINGS_COMMENTS.sub("", text)
    for ch in _BRACES.findall(stripped):  # the braces alone: a fragment is mostly not braces
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
    return min(depth, 64)
