"""gratuitous-rename: a local variable or parameter renamed throughout a function in a patch
that also changes behaviour.

How: in each change block of a hunk (the removed and added lines between two context lines),
removed and added lines are paired when their token sequences are equal once identifiers
are blanked out (difflib over the blanked lines). A pair whose identifiers differ says
"old became new" at those positions. Per function, an old name that always becomes the
same new name, on at least MIN_LINES pairs that differ only by such substitutions, is a
rename when the old name was declared in the function (local or parameter) before the
patch, the new one after it, with the same type, the old name is gone from every post-image
line of the function and the new one was in no pre-image line.

Not renames: struct members (`x->old` / `x.old`: a field rename is usually the point of the
patch, and it spans files), macros and other all-caps names, globals and functions (not
declared in the function), and a change of type (`u32 len` -> `size_t size`: a new
variable). A patch that does nothing but rename is not reported: the rename is its point.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from tree_sitter import Node

from patchlint import lazyre
from patchlint.analysis.revisions.linediff import BoundedMatcher
from patchlint.analysis.trailers.lineage import is_backport
from patchlint.c.declarators import function_name, spelled_as_macro
from patchlint.c.fragments import C_SUFFIXES, FileView, Fragment, Hunk, Line, fragment_of
from patchlint.c.syntax import enclosing_function, node_text
from patchlint.engine.context import Hit, RuleContext

MIN_LINES = 3
_TOKEN = lazyre.compile(
    r"""
    (?P<comment>/\*.*?(?:\*/|$)|//.*$)
  | (?P<string>"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<number>\d[\w.]*)
  | (?P<op>->|<<=|>>=|<<|>>|&&|\|\||\+\+|--|[-+*/%&|^!=<>]=|\S)
""",
    re.X,
)
_COMMENT_LINE = lazyre.compile(r"^\s*(?:/\*|//|\*/|\*(?:\s|$)|$)")  # `*p = 0;` is code
_ID = "\0id"


class Tokens(NamedTuple):
    """A line's tokens (comments dropped) and which of them are plain identifiers (not
    after `.`/`->`: those are struct members)."""

    toks: tuple[str, ...]
    names: tuple[bool, ...]

    @property
    def shape(self) -> tuple[str, ...]:
        return tuple(_ID if n else t for t, n in zip(self.toks, self.names, strict=True))

    def identifiers(self) -> set[str]:
        return {t for t, n in zip(self.toks, self.names, strict=True) if n}


def tokens(line: str) -> Tokens:
    toks: list[str] = []
    names: list[bool] = []
    for m in _TOKEN.finditer(line):
        if m.lastgroup == "comment":
            continue
        text = m.group()
        toks.append(text)
        names.append(m.lastgroup == "ident" and toks[-2:-1] not in (["."], ["->"]))
    return Tokens(tuple(toks), tuple(names))


def is_code(line: str) -> bool:
    return not _COMMENT_LINE.match(line)


class Pair(NamedTuple):
    """A removed line and the added line that took its place."""

    added: int  # post-image line number
    hunk: int
    removed_row: int  # index into the hunk's pre-image
    subs: tuple[tuple[str, str], ...]  # (old, new) identifier substitutions; () = identical


class Block(NamedTuple):
    removed: list[int]  # pre-image rows
    added: list[Line]


class Side(NamedTuple):
    """One image (pre or post) of a function: its declared names, the identifiers its code
    lines use, and its lines."""

    declared: dict[str, str]  # name -> type
    used: set[str]
    lines: list[tuple[int, Tokens]]  # (line, tokens)


def _new_side() -> Side:
    return Side({}, set(), [])


def pre_image(hunk: Hunk) -> tuple[list[str], list[Block]]:
    """The hunk's pre-image lines, and its change blocks (pre-image rows removed, post-image
    lines added, between two context lines)."""
    blocks = [
        Block([ln.number - hunk.old_start for ln in change.removed], list(change.added))
        for change in hunk.changes()
    ]
    return [ln.text for ln in hunk.pre], blocks


class Leftover(NamedTuple):
    """A block's code lines no pair explains: what they say, token by token."""

    removed: tuple[str, ...]
    added: tuple[str, ...]


def pair_lines(
    hunk_index: int, pre: list[str], blocks: list[Block]
) -> tuple[list[Pair], list[Leftover]]:
    """Pairs of each block, and per block the code lines no pair explains."""
    pairs: list[Pair] = []
    leftovers: list[Leftover] = []
    for block in blocks:
        rows = [r for r in block.removed if is_code(pre[r])]
        adds = [ln for ln in block.added if is_code(ln.text)]
        if not rows or not adds:  # only added or only removed: nothing to pair, no tokens
            if rows or adds:
                leftovers.append(Leftover(("\0code",) if rows else (), ("\0code",) if adds else ()))
            continue
        old = [tokens(pre[r]) for r in rows]
        new = [tokens(ln.text) for ln in adds]
        matcher = BoundedMatcher([t.shape for t in old], [t.shape for t in new])
        paired_r: set[int] = set()
        paired_a: set[int] = set()
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                continue
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                subs = tuple(
                    (a, b) for a, b in zip(old[i].toks, new[j].toks, strict=True) if a != b
                )
                pairs.append(Pair(adds[j].number, hunk_index, rows[i], subs))
                paired_r.add(i)
                paired_a.add(j)
        if len(paired_r) < len(old) or len(paired_a) < len(new):
            leftovers.append(
                Leftover(
                    tuple(t for i, x in enumerate(old) if i not in paired_r for t in x.toks),
                    tuple(t for j, x in enumerate(new) if j not in paired_a for t in x.toks),
                )
            )
    return pairs, leftovers


def _declarator(decl: Node | None) -> tuple[str, str] | None:
    """(name, pointer/array suffix) of a variable declarator; None for a function one."""
    suffix = ""
    while decl is not None:
        if decl.type == "identifier":
            return node_text(decl), suffix
        if decl.type == "function_declarator":
            return None
        if decl.type == "pointer_declarator":
            suffix += "*"
        elif decl.type == "array_declarator":
            suffix += "[]"
        decl = decl.child_by_field_name("declarator")
    return None


def functions_of(frag: Fragment, nrows: int) -> tuple[list[str | None], dict[str, dict[str, str]]]:
    """For each fragment row, the innermost function it is in; and per function, the
    variables (locals and parameters) it declares, with their types."""
    spans: list[tuple[int, int, str]] = []
    declared: dict[str, dict[str, str]] = defaultdict(dict)
    for node in frag.index.nodes("function_definition", "declaration", "parameter_declaration"):
        if node.type == "function_definition":
            name = function_name(node)
            if name:
                spans.append((node.start_point[0], node.end_point[0], name))
        elif node.type in ("declaration", "parameter_declaration"):
            func = enclosing_function(node)
            fname = function_name(func) if func is not None else None
            if not fname:
                continue
            kind = " ".join(node_text(node.child_by_field_name("type")).split())
            for decl in node.children_by_field_name("declarator"):
                if decl.type == "init_declarator":
                    decl = decl.child_by_field_name("declarator") or decl
                got = _declarator(decl)
                if got is not None:
                    declared[fname][got[0]] = kind + got[1]
    rows: list[str | None] = [None] * nrows
    for start, end, name in sorted(spans, key=lambda s: s[1] - s[0], reverse=True):
        for row in range(max(start, 0), min(end + 1, nrows)):
            rows[row] = name  # narrower spans come later and win
    return rows, declared


def _side(
    frag: Fragment, numbered: list[tuple[int, str]], sides: dict[str, Side]
) -> dict[int, str | None]:
    """Fill `sides` (per function) from one fragment; return line -> function."""
    rows, declared = functions_of(frag, len(frag.rows))
    where: dict[int, str | None] = {}
    row_of = {n: r for r, n in enumerate(frag.rows) if n is not None}
    for fname, names in declared.items():
        sides.setdefault(fname, _new_side()).declared.update(names)
    for number, text in numbered:
        row = row_of.get(number)
        func = rows[row] if row is not None else None
        where[number] = func
        if func is None or not is_code(text):
            continue
        toks = tokens(text)
        side = sides.setdefault(func, _new_side())
        side.used.update(toks.identifiers())
        side.lines.append((number, toks))
    return where


class Rename(NamedTuple):
    function: str
    old: tuple[str, ...]
    new: str
    lines: int
    first: int


def _support(pairs: list[Pair], mapping: dict[str, str]) -> dict[str, list[Pair]]:
    """For each old name, the pairs that differ only by substitutions in `mapping`."""
    support: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        if all(mapping.get(old) == new for old, new in p.subs):
            for old in {old for old, _ in p.subs}:
                support[old].append(p)
    return support


def _accepted(pairs: list[Pair], pre: Side, post: Side) -> dict[str, str]:
    """The renames among one function's pairs: consistent, declared on both sides with the
    same type, gone from the post-image, new to it, on at least MIN_LINES pure pairs (pairs
    whose every substitution is an accepted rename; narrowing until nothing changes)."""
    targets: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        for old, new in p.subs:
            targets[old].add(new)
    mapping = {old: next(iter(news)) for old, news in targets.items() if len(news) == 1}
    mapping = {
        old: new
        for old, new in mapping.items()
        if not spelled_as_macro(old)
        and not spelled_as_macro(new)
        and old in pre.declared
        and new in post.declared
        and pre.declared[old] == post.declared[new]
        and old not in post.used
        and new not in pre.used
    }
    while True:
        support = _support(pairs, mapping)
        kept = {old: new for old, new in mapping.items() if len(support[old]) >= MIN_LINES}
        if kept == mapping:
            return kept
        mapping = kept


def _makes_room(old: str, new: str, pre: Side, post: Side) -> bool:
    """The patch adds a variable whose name contains the old one (`plane_state` becomes
    `new_plane_state` next to a new `old_plane_state`), or shares the part the rename adds
    (`if_file` becomes `if_filename` next to a new `nm_filename`): the rename makes room
    for, or matches, the new variable."""
    pattern = re.compile(rf"(?:^|_){re.escape(old)}(?:_|$)")
    added = set(new.split("_")) - set(old.split("_"))
    for name in post.declared:
        if name == new or name in pre.declared:
            continue
        if pattern.search(name) or added & set(name.split("_")):
            return True
    return False


class FileRenames(NamedTuple):
    found: list[Rename]
    pairs: list[Pair]  # every pair with substitutions
    leftovers: list[Leftover]


def renames(view: FileView) -> FileRenames:
    """The renames in one file, with what is needed to tell whether the patch does more."""
    hunk_pairs: list[tuple[int, list[str], list[Pair]]] = []
    leftovers: list[Leftover] = []
    for index, hunk in enumerate(view.hunks):
        pre, blocks = pre_image(hunk)
        pairs, left = pair_lines(index, pre, blocks)
        leftovers += left
        hunk_pairs.append((index, pre, pairs))
    candidates = [p for _, _, pairs in hunk_pairs for p in pairs if p.subs]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for p in candidates:
        for sub in set(p.subs):
            counts[sub] += 1
    if not any(n >= MIN_LINES and not spelled_as_macro(sub[0]) for sub, n in counts.items()):
        return FileRenames([], candidates, leftovers)  # cheap way out: no parsing
    # the functions each line is in, and what each function declares and uses
    pre_sides: dict[str, Side] = {}
    post_sides: dict[str, Side] = {}
    pre_where: dict[tuple[int, int], str | None] = {}
    post_where: dict[int, str | None] = {}
    for index, _, _ in hunk_pairs:
        hunk = view.hunks[index]
        if not hunk.lines:
            continue
        post_where.update(
            _side(fragment_of(hunk), [(ln.number, ln.text) for ln in hunk.lines], post_sides)
        )
        got = _side(
            fragment_of(hunk.old_side()), [(ln.number, ln.text) for ln in hunk.pre], pre_sides
        )
        pre_where.update({(index, n - hunk.old_start): f for n, f in got.items()})
    by_function: dict[str, list[Pair]] = defaultdict(list)
    for p in candidates:
        fname = post_where.get(p.added)
        if fname is not None and pre_where.get((p.hunk, p.removed_row)) == fname:
            by_function[fname].append(p)
    found: list[Rename] = []
    for fname, pairs in by_function.items():
        pre_side = pre_sides.get(fname, _new_side())
        post_side = post_sides.get(fname, _new_side())
        accepted = _accepted(pairs, pre_side, post_side)
        support = _support(pairs, accepted)
        merged: dict[str, list[str]] = defaultdict(list)
        for old, new in accepted.items():
            if not _makes_room(old, new, pre_side, post_side):
                merged[new].append(old)
        for new, olds in merged.items():
            first = min(n for n, toks in post_side.lines if new in toks.identifiers())
            count = len({p.added for old in olds for p in support[old]})
            found.append(Rename(fname, tuple(sorted(olds)), new, count, first))
    return FileRenames(found, candidates, leftovers)


def does_more(results: list[FileRenames]) -> bool:
    """Whether the files change anything the renames do not explain. Explained: a pair
    whose substitutions are all renames (also outside the function: prototypes, kernel-doc),
    and leftover lines that say the same once renamed (a statement re-wrapped)."""
    mapping = {old: r.new for res in results for r in res.found for old in r.old}
    for res in results:
        if any(not all(mapping.get(old) == new for old, new in p.subs) for p in res.pairs):
            return True
        for left in res.leftovers:
            if tuple(mapping.get(t, t) for t in left.removed) != left.added:
                return True
    return False


_SAYS_SO = lazyre.compile(
    r"\brenam|\bno (?:functional|behaviou?r(?:al)?) changes?\b|\bcosmetic"
    r"|\bnon-?functional\b",
    re.I,
)


def explained_by_message(rename: Rename, message: str) -> bool:
    """The commit message names the new name, or a word the new name adds to the old one
    (`page_count` -> `pfn_count` in a patch about PFNs): the rename is part of the change."""
    words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", message)}
    if rename.new.lower() in words:
        return True
    old_parts = {part for old in rename.old for part in old.lower().split("_")}
    added = {part for part in rename.new.lower().split("_") if part not in old_parts}
    return any(len(part) >= 3 and part.rstrip("s") in words for part in added)


def check(ctx: RuleContext) -> Iterator[Hit]:
    if is_backport(ctx.patch):
        return  # a stable backport reproduces the upstream commit, renames and all
    results = [(view, renames(view)) for view in ctx.files]
    if not any(res.found for _, res in results):
        return
    message = f"{ctx.patch.title}\n{ctx.patch.message}"
    if _SAYS_SO.search(message):
        return  # the author says the patch renames, or changes nothing
    seen = {v.path for v in ctx.files}
    deleted_c = any(path.endswith(C_SUFFIXES) and path not in seen for path in ctx.patch.files)
    if not deleted_c and not does_more([res for _, res in results]):
        return  # a patch that only renames: the rename is its point
    for view, res in results:
        for r in res.found:
            if explained_by_message(r, message):
                continue
            olds = "/".join(f"`{o}`" for o in r.old)
            yield ctx.hit(
                view,
                r.first,
                f"{olds} renamed to `{r.new}` throughout {r.function}() "
                f"({r.lines} lines) in a patch that also changes behaviour: "
                "a separate patch would keep the functional change readable",
                old=list(r.old),
                new=r.new,
                function=r.function,
                lines=r.lines,
            )
