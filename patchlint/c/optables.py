"""Functions put into ops tables, as a patch shows them on either side of the diff: which
function goes into which member of which struct (`.ndo_open = foo_open,` in `struct
net_device_ops ops = {`, `ops->ndo_open = foo_open;` where `ops` is declared a `struct
net_device_ops *`), and the heads of the functions the hunks show.

The post-image (what the patch leaves) is what a rule judges; the pre-image (context and
removed lines: the tree as it was) is evidence: a prototype the tree already compiled with,
other functions of the same table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from tree_sitter import Node

from patchlint import lazyre
from patchlint.c.compat import decay
from patchlint.c.declarators import declared_name, function_declarator, function_name
from patchlint.c.fragments import FileView, Fragment, Hunk, fragment_of
from patchlint.c.kb.lookup import signature
from patchlint.c.syntax import node_text
from patchlint.c.types import read_function_head, render

# the node types read from each fragment's index (c.index)
_USE_NODES = ("initializer_pair", "assignment_expression")
_HEAD_NODES = ("function_definition", "declaration")
_DECLARATIONS = ("declaration", "parameter_declaration", "field_declaration")
# `.member =` / `->member =`: the tokens of a table use, blanks, comments and line
# continuations allowed between them (`may_name_table`); a comment is matched unrolled, so
# it never spans two (one way to read the gap: no backtracking blow-up)
_GAP = rb"(?:\s|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|//[^\n]*\n|\\\r?\n)*"
_MEMBER_SET = lazyre.compile(rb"(?:\.|->)" + _GAP + rb"[A-Za-z_]\w*" + _GAP + rb"=(?!=)")
# `.name` / `->name`: what a field designator or a field expression writes; the gap is read
# as leniently as tree-sitter's extras allow (blanks, any non-ASCII byte, comments - a `//`
# one continued by a backslash - and line continuations), and each `.` / `->` is tried on
# its own (a look-ahead: no match hides another), so that every field tree-sitter reads
# after a real `.` / `->` token is found (`fields_written`). One way to read a gap: a
# block comment unrolled, a `//` one only up to its line's end (else `// // //` could be
# one comment or many: exponential backtracking when no name follows)
_WRITTEN_GAP = (
    rb"(?:[\s\x80-\xff]|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/"
    rb"|(?>//[^\\\n]*(?:\\+(?:\r\n|\r(?!\n)|[^\\\r])[^\\\n]*)*)(?![^\n])|\\\r?\n)*"
)
_WRITTEN = lazyre.compile(rb"(?=(?:\.|->)" + _WRITTEN_GAP + rb"([A-Za-z_]\w*))")
# ... and the next name after each `.` / `->` past anything but letters and digits: what
# tree-sitter's error recovery reads as the field when it skips a stray token (`hot-add.`
# at the end of a comment cut from its `/*`, then `*/`, then `region_start = ...`)
_WRITTEN_NEXT = lazyre.compile(rb"(?:\.|->)[^\w]*([A-Za-z_]\w*)")
_MEMBER_DECL = lazyre.compile(r"\([ \t]*\*[ \t]*([A-Za-z_]\w{0,127})[ \t]*\)[ \t]*\(")
# where a function prototype may stand: at file level, or inside preprocessor blocks there
_TOP_LEVEL = frozenset(
    {
        "translation_unit",
        "preproc_if",
        "preproc_ifdef",
        "preproc_else",
        "preproc_elif",
        "preproc_elifdef",
        "linkage_specification",
    }
)


@dataclass(frozen=True, slots=True)
class TableUse:
    """`function` goes into `struct`'s `member` (struct None: the table is not named)."""

    member: str
    function: str
    struct: str | None
    line: int | None  # post-image line (pre-image line on the old side)


@dataclass(frozen=True, slots=True)
class FunctionHead:
    """A function's return type and parameters, as one side of the diff shows them."""

    name: str
    ret: str
    params: tuple[str, ...]
    line: int | None
    added: bool  # the head's first line is one the patch adds (new side only)

    def signature(self) -> tuple[str, tuple[str, ...]]:
        """The types alone, canonical: two heads with the same signature are one
        prototype whatever the names."""
        fn = signature(self.ret, list(self.params))
        return render(fn.ret), tuple(render(decay(p.type)) for p in fn.params) + (
            ("...",) if fn.variadic else ()
        )


@dataclass(slots=True)
class Side:
    """The ops-table uses and function heads of one side of a file's diff. Heads are read
    by name on first ask (`heads`): a rule asks for the few functions its uses name, and
    reading a head (its declarator, its types) costs more than everything else here."""

    uses: list[TableUse] = field(default_factory=list)
    _sources: list[tuple[Fragment, set[int], bool]] = field(default_factory=list)
    _heads: dict[str, list[FunctionHead]] = field(default_factory=dict)

    def add(self, frag: Fragment, added: set[int], complete_prefix: bool) -> None:
        self.add_uses(frag)
        self.add_heads(frag, added, complete_prefix)

    def add_uses(self, frag: Fragment) -> None:
        declared: dict[str, str] | None = None  # needed only for `x->member = fn`
        for node in frag.index.nodes(*_USE_NODES):
            if declared is None and node.type == "assignment_expression":
                declared = _declared_structs(frag)
            use = _use(node, declared or {}, frag.line_of(node))
            if use is not None:
                self.uses.append(use)

    def add_heads(self, frag: Fragment, added: set[int], complete_prefix: bool) -> None:
        """Keep the fragment for `heads` (nothing is read yet)."""
        self._sources.append((frag, added, complete_prefix))

    def heads(self, name: str) -> list[FunctionHead]:
        """The heads of the function `name` the side shows, in fragment and source order
        (read on first ask, only from fragments whose text names it: no other parses)."""
        found = self._heads.get(name)
        if found is None:
            found = self._heads[name] = []
            key = name.encode()
            for frag, added, complete_prefix in self._sources:
                if key not in frag.source:
                    continue
                for node in frag.index.nodes(*_HEAD_NODES):
                    if function_name(node) == name:
                        head = _head(frag, node, added, complete_prefix)
                        if head is not None:
                            found.append(head)
        return found


def new_side(view: FileView, uses: list[TableUse] | None = None) -> Side:
    """What the patch leaves: the post-image of every hunk. Heads come only from lines the
    hunks show, never from a hunk's section heading (git takes it from the old file, and
    cuts it at 80 columns). `uses`: the uses to give it, when already read
    (`named_uses`: those a rule judges)."""
    side = Side() if uses is None else Side(uses=list(uses))
    added = view.added_numbers
    for frag in view.fragments():
        if uses is None:
            side.add_uses(frag)
        side.add_heads(frag, added, complete_prefix=False)
    return side


def named_uses(
    view: FileView, tables: Mapping[str, Sequence[bytes]] | None = None
) -> list[TableUse]:
    """The uses of the new side that name their table's struct, without parsing the
    fragments that cannot hold one (`may_name_table`): most C fragments have none, and their
    parse was most of what ops-prototype-mismatch cost. (`new_side` reads them all.)

    With `tables` (each member a rule can judge, with the names of the structs it judges it
    in), all of them or none: none, unparsed, when no fragment that may hold a use writes
    one of those members after a `.` or `->` (`fields_written`) and one of its structs'
    names anywhere, for then no use of the file fills a member of a struct in `tables` (a
    use's member and its struct's name are tokens of its own fragment)."""
    frags = [frag for frag in view.fragments() if may_name_table(frag.source)]
    if tables is not None and not any(_may_fill(frag.source, tables) for frag in frags):
        return []
    side = Side()
    for frag in frags:
        side.add_uses(frag)
    return [use for use in side.uses if use.struct is not None]


def _may_fill(source: bytes, tables: Mapping[str, Sequence[bytes]]) -> bool:
    """Does the text write a member of `tables` after `.` / `->`, and one of the names of
    the structs `tables` gives it?"""
    for name in fields_written(source):
        if any(struct in source for struct in tables.get(name, ())):
            return True
    return False


def fields_written(source: bytes) -> set[str]:
    """Every name written after a `.` or `->` (blanks, comments, line continuations and
    non-ASCII bytes between), and the next name after each past anything but letters and
    digits: a superset of the members of the fragment's table uses, each of which is a
    field designator (`.member`) or a field expression (`x->member`) whose tokens
    tree-sitter read from the text (a member it invents for a missing token is empty, never
    a use; one it reads past a token its error recovery skipped is the next name).
    Checked against the full parse on every C fragment of the linux-hyperv archive
    (`bench/prefilter_probe.py`)."""
    found = {m.group(1) for m in _WRITTEN.finditer(source)}
    found.update(_WRITTEN_NEXT.findall(source))
    return {name.decode("ascii") for name in found}


def may_name_table(source: bytes) -> bool:
    """Can the fragment hold a table use that names its struct? Such a use names the struct
    only through a `struct X` written in the same fragment (the declaration or compound
    literal the initializer list belongs to, or the declaration of `x` in `x->member = fn`),
    and is written `.member =` or `->member =` (blanks, comments and line continuations
    between the tokens at most). A cheap test before the parse: it may pass a fragment with
    no such use; it refuses one only where tree-sitter's error recovery would invent a
    missing `=` (none in the linux-hyperv archive: every fragment holding a named use
    passes it)."""
    return b"struct" in source and _MEMBER_SET.search(source) is not None


def old_side(view: FileView) -> Side:
    """The tree as it was: the pre-image of every hunk (context and removed lines), with
    the function heads of section headings that are whole."""
    side = Side()
    for hunk in view.hunks:
        if hunk.pre:
            side.add(fragment_of(hunk.old_side()), set(), complete_prefix=_whole(hunk))
    return side


def _whole(hunk: Hunk) -> bool:
    """Is the section heading a complete function head (git cuts long ones)?"""
    return hunk.section.rstrip().endswith(")")


def _use(node: Node, declared: dict[str, str], line: int | None) -> TableUse | None:
    if node.type == "initializer_pair":
        designators = node.children_by_field_name("designator")
        value = _function_value(node.child_by_field_name("value"))
        if len(designators) != 1 or designators[0].type != "field_designator" or not value:
            return None
        member = node_text(designators[0]).lstrip(".").strip()
        return TableUse(member, value, _initialised_struct(node), line)
    left = node.child_by_field_name("left")
    op = node.child_by_field_name("operator")
    value = _function_value(node.child_by_field_name("right"))
    if (
        left is None
        or left.type != "field_expression"
        or not value
        or (op is not None and node_text(op) != "=")
    ):
        return None
    base = left.child_by_field_name("argument")
    struct = (
        declared.get(node_text(base)) if base is not None and (base.type == "identifier") else None
    )
    return TableUse(node_text(left.child_by_field_name("field")), value, struct, line)


def _function_value(node: Node | None) -> str | None:
    """`foo` or `&foo`: the function a table entry names."""
    if node is not None and node.type == "pointer_expression" and node_text(node).startswith("&"):
        node = node.child_by_field_name("argument")
    return node_text(node) if node is not None and node.type == "identifier" else None


def _initialised_struct(pair: Node) -> str | None:
    """The struct tag of the table an initializer pair is written in: the declaration
    (`struct net_device_ops x = {`) or compound literal (`&(const struct x) {`) the list
    directly belongs to. A list nested in another (`.ops = { .open = f }`) fills a member
    whose type is not written here: unknown."""
    outer = pair.parent
    if outer is None or outer.type != "initializer_list":
        return None
    owner = outer.parent
    if owner is not None and owner.type == "init_declarator":
        owner = owner.parent
    kind: Node | None = None
    if owner is not None and owner.type == "declaration":
        kind = owner.child_by_field_name("type")
    elif owner is not None and owner.type == "compound_literal_expression":
        descriptor = owner.child_by_field_name("type")
        kind = descriptor.child_by_field_name("type") if descriptor is not None else None
    if kind is not None and kind.type == "struct_specifier":
        return node_text(kind.child_by_field_name("name")) or None
    return None


def _declared_structs(frag: Fragment) -> dict[str, str]:
    """Names declared in the fragment as a `struct X` or a pointer to one (parameters,
    locals, globals): what `name->member = fn` fills. A name declared with two types is
    left out."""
    out: dict[str, str | None] = {}
    for node in frag.index.nodes(*_DECLARATIONS):
        kind = node.child_by_field_name("type")
        if kind is None or kind.type != "struct_specifier":
            continue
        tag = node_text(kind.child_by_field_name("name"))
        for declarator in node.children_by_field_name("declarator"):
            if declarator.type == "function_declarator":
                continue
            name = declared_name(declarator)
            if name and tag:
                out[name] = tag if out.get(name, tag) == tag else None
    return {k: v for k, v in out.items() if v is not None}


def _head(
    frag: Fragment, node: Node, added: set[int], complete_prefix: bool
) -> FunctionHead | None:
    declarator = function_declarator(node)
    name = function_name(node)
    if declarator is None or name is None:
        return None
    if node.type == "declaration" and (node.parent is None or node.parent.type not in _TOP_LEVEL):
        return None  # inside a body: a statement tree-sitter misread (`for_each_x(p) f(p);`)
    line = frag.line_of(node)
    if line is None and not complete_prefix:
        return None
    text = frag.source[node.start_byte : declarator.end_byte].decode("utf-8", "replace")
    parsed = read_function_head(" ".join(text.split()))
    if parsed is None or "(" in parsed[1]:
        return None
    _, ret, params = parsed
    return FunctionHead(name, ret, tuple(params), line, line in added)


def table_uses(side: Side, struct: str) -> Iterator[TableUse]:
    """The uses of one struct's tables on a side."""
    return (u for u in side.uses if u.struct == struct)


def declared_members(views: Sequence[FileView]) -> frozenset[str]:
    """The function-pointer members (`int (*member)(...)`) whose declaration the patch adds
    or removes: for those it changes the ops API itself. Read once per patch, in one pass
    over its changed lines (a rule asks about each table use it judges)."""
    texts = [ln.text for view in views for hunk in view.hunks for ln in hunk.lines if ln.added]
    texts += [text for view in views for hunk in view.hunks for _, text in hunk.removed]
    return frozenset(m.group(1) for text in texts for m in _MEMBER_DECL.finditer(text))


def declares_member(views: Sequence[FileView], member: str) -> bool:
    """Does the patch add or remove a declaration of a function-pointer member of that
    name (`int (*member)(...)`)? Then it changes the ops API itself."""
    return member in declared_members(views)
