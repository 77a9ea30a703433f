"""Find, in C headers and sources, every struct that has function-pointer members (ops
tables: net_device_ops, file_operations, Xen's hvm_function_table, ...) and read each such
member's prototype with tree-sitter.

Members under `#if`/`#ifdef`/`#else` are walked into (the condition is kept); members of
anonymous nested structs/unions belong to the enclosing struct (their path is kept); a named
nested struct is a struct of its own. A member declared with a function typedef
(`notifier_fn_t notifier_call;`) is resolved against the typedefs of every file given to
`Extractor`. Kernel annotations are blanked first (`patchlint.c.annotations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import tree_sitter

from patchlint import lazyre
from patchlint.c.annotations import blank_annotations
from patchlint.c.language import c_parser, captures
from patchlint.c.types import Arr, Base, Fn, Ptr, Ty, apply_declarator, base_of

_QUERY_SRC = """
(struct_specifier body: (field_declaration_list)) @struct
(union_specifier body: (field_declaration_list)) @struct
(type_definition) @typedef
"""


# A struct/union definition starting a line: where tree-sitter lost its way (macro-heavy
# code earlier in the file), each such definition is parsed again on its own.
_STRUCT_START = lazyre.compile(
    rb"^[ \t]*(?:typedef[ \t]+)?(?:struct|union)[ \t]+(?:\w+[ \t\n]*|\n[ \t\n]*)?\{", re.M
)


def _skip_to_close(src: bytes, i: int) -> int | None:
    """Offset just past the `}` closing the brace opened before `i`, skipping comments,
    strings and character literals; None if the file ends first."""
    depth = 1
    n = len(src)
    while i < n:
        c = src[i]
        if c == 0x2F and src[i + 1 : i + 2] == b"*":  # /* ... */
            end = src.find(b"*/", i + 2)
            if end < 0:
                return None
            i = end + 2
            continue
        if c == 0x2F and src[i + 1 : i + 2] == b"/":  # // ...
            end = src.find(b"\n", i)
            i = n if end < 0 else end
            continue
        if c in (0x22, 0x27):  # "..." or '.'
            j = i + 1
            while j < n and src[j] != c and src[j] != 0x0A:
                j += 2 if src[j] == 0x5C else 1
            i = j + 1
            continue
        if c == 0x7B:
            depth += 1
        elif c == 0x7D:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _isolate(src: bytes, start: int, end: int) -> bytes:
    """`src` with everything outside [start, end) blanked: offsets and lines unchanged."""
    return (
        bytes(0x0A if b == 0x0A else 0x20 for b in src[:start])
        + src[start:end]
        + bytes(0x0A if b == 0x0A else 0x20 for b in src[end:])
    )


@dataclass(frozen=True)
class MemberDecl:
    """One function-pointer member as declared."""

    name: str
    fn: Fn  # the function type the member points to
    line: int  # 1-based, in the original file
    path: tuple[str, ...] = ()  # names of the anonymous-struct fields leading to it
    condition: str | None = None  # preprocessor condition around it, inside the struct
    typedef: str | None = None  # the function typedef it was declared with
    array: str | None = None  # array size, for an array of function pointers


@dataclass(frozen=True)
class StructDecl:
    name: str  # struct/union tag, or the typedef name of an anonymous one
    kind: str  # "struct" | "union"
    file: str
    line: int
    members: tuple[MemberDecl, ...]


@dataclass
class _Pending:
    """A member whose type is a typedef name: resolved once every file's typedefs are known."""

    name: str
    type: Ty
    line: int
    path: tuple[str, ...]
    condition: str | None


@dataclass
class _Struct:
    name: str
    kind: str
    file: str
    line: int
    members: list[MemberDecl | _Pending] = field(default_factory=list)


@dataclass
class FileStats:
    files: int = 0
    bytes: int = 0
    parse_errors: int = 0  # files whose tree has at least one ERROR/MISSING node


def _txt(node: tree_sitter.Node, src: bytes) -> str:
    return " ".join(src[node.start_byte : node.end_byte].decode("utf-8", "replace").split())


def _as_member(ty: Ty) -> tuple[Fn, str | None] | None:
    """The function type of a member that is a function pointer (or an array of them)."""
    if isinstance(ty, Arr) and isinstance(ty.of, Ptr) and isinstance(ty.of.to, Fn):
        return ty.of.to, ty.size
    if isinstance(ty, Ptr) and isinstance(ty.to, Fn):
        return ty.to, None
    return None


def _typedef_name(ty: Ty) -> str | None:
    core = ty.of if isinstance(ty, Arr) else ty
    core = core.to if isinstance(core, Ptr) else core
    if isinstance(core, Base) and not core.name.startswith(("struct ", "union ", "enum ")):
        return core.name
    return None


class Extractor:
    """Feed it files (`add`), then read `structs()`. One instance per tree."""

    def __init__(self) -> None:
        self._parser = c_parser()
        self._structs: list[_Struct] = []
        self._fn_typedefs: dict[str, Ty] = {}
        self.stats = FileStats()

    def add(self, relpath: str, raw: bytes) -> None:
        src = blank_annotations(raw)
        tree = self._parser.parse(src)
        self.stats.files += 1
        self.stats.bytes += len(raw)
        if tree.root_node.has_error:
            self.stats.parse_errors += 1
        found = self._collect(tree.root_node, relpath, src)
        if tree.root_node.has_error:
            self._recover(relpath, src, found)

    def _collect(self, root: tree_sitter.Node, relpath: str, src: bytes) -> set[int]:
        """Typedefs and structs under `root`; returns the start lines of the structs seen."""
        caps = captures(_QUERY_SRC, root)
        for node in caps.get("typedef", []):
            self._typedef(node, src)
        lines = set()
        for node in sorted(caps.get("struct", []), key=lambda n: n.start_byte):
            lines.add(node.start_point.row)
            self._struct(node, relpath, src)
        return lines

    def _recover(self, relpath: str, src: bytes, seen: set[int]) -> None:
        """Parse on its own each struct definition the whole-file parse lost or damaged."""
        for m in _STRUCT_START.finditer(src):
            line = src.count(b"\n", 0, m.start())
            first = src[m.start() : m.end()].lstrip()
            if line in seen or (first.startswith(b"typedef") and line + 1 in seen):
                continue
            close = _skip_to_close(src, m.end())
            if close is None:
                continue
            semi = src.find(b";", close)
            end = semi + 1 if 0 <= semi - close < 200 else close
            sub = self._parser.parse(_isolate(src, m.start(), end))
            seen |= self._collect(sub.root_node, relpath, src)

    # -- typedefs --

    def _typedef(self, node: tree_sitter.Node, src: bytes) -> None:
        base = base_of(node, src)
        for decl in node.children_by_field_name("declarator"):
            name, ty = apply_declarator(base, decl, src)
            if name is None:
                continue
            if isinstance(ty, Fn) or (isinstance(ty, Ptr) and isinstance(ty.to, Fn)):
                self._fn_typedefs.setdefault(name, ty)
            elif isinstance(ty, Base) and ty.name != name and name not in self._fn_typedefs:
                # typedef of a typedef: keep it; resolution follows the chain
                self._fn_typedefs.setdefault("\0" + name, ty)

    def _resolve(self, ty: Ty) -> tuple[Ty, str] | None:
        """Replace the typedef name inside `ty` by what it stands for, if that is a function
        type; returns the new type and the typedef name used."""
        name = _typedef_name(ty)
        if name is None:
            return None
        target: Ty | None = None
        seen = set()
        cur = name
        while cur not in seen:
            seen.add(cur)
            if cur in self._fn_typedefs:
                target = self._fn_typedefs[cur]
                break
            alias = self._fn_typedefs.get("\0" + cur)
            if not isinstance(alias, Base):
                break
            cur = alias.name
        if target is None:
            return None

        def swap(t: Ty) -> Ty:
            if isinstance(t, Base):
                assert target is not None
                return target
            if isinstance(t, Ptr):
                return Ptr(swap(t.to), t.const)
            if isinstance(t, Arr):
                return Arr(swap(t.of), t.size)
            return t

        return swap(ty), name

    # -- structs --

    def _struct(self, node: tree_sitter.Node, relpath: str, src: bytes) -> None:
        name_node = node.child_by_field_name("name")
        kind = "union" if node.type == "union_specifier" else "struct"
        if name_node is not None:
            name = _txt(name_node, src)
        else:
            parent = node.parent
            if parent is None or parent.type != "type_definition":
                return  # anonymous: part of its parent struct, or a one-off variable
            decls = parent.children_by_field_name("declarator")
            if len(decls) != 1 or decls[0].type != "type_identifier":
                return
            name = _txt(decls[0], src)
        body = node.child_by_field_name("body")
        assert body is not None
        st = _Struct(name, kind, relpath, node.start_point.row + 1)
        self._fields(body, src, st, (), [])
        if st.members:
            self._structs.append(st)

    def _fields(
        self,
        container: tree_sitter.Node,
        src: bytes,
        st: _Struct,
        path: tuple[str, ...],
        conds: list[str],
        skip: int | None = None,
    ) -> None:
        """The members in a field list, a preprocessor branch or an ERROR node."""
        for child in container.named_children:
            kind = child.type
            if child.id == skip:
                continue
            if kind == "field_declaration":
                self._field(child, src, st, path, conds)
            elif kind in ("preproc_if", "preproc_ifdef"):
                self._branch(child, src, st, path, conds)
            elif kind == "ERROR":
                self._fields(child, src, st, path, conds)

    def _branch(
        self,
        node: tree_sitter.Node,
        src: bytes,
        st: _Struct,
        path: tuple[str, ...],
        conds: list[str],
    ) -> None:
        """`#if`/`#ifdef`/`#elif`/`#elifdef` with its body, then its `#elif`/`#else` chain."""
        if node.type in ("preproc_ifdef", "preproc_elifdef"):
            nm = node.child_by_field_name("name")
            what = _txt(nm, src) if nm is not None else "?"
            directive = node.children[0].type if node.children else ""
            cond = f"!{what}" if directive in ("#ifndef", "#elifndef") else what
        else:
            c = node.child_by_field_name("condition")
            cond = _txt(c, src) if c is not None else "?"
        alt = node.child_by_field_name("alternative")
        self._fields(node, src, st, path, [*conds, cond], skip=alt.id if alt else None)
        if alt is None:
            return
        negated = [*conds, f"!({cond})" if " " in cond else f"!{cond}"]
        if alt.type == "preproc_else":
            self._fields(alt, src, st, path, negated)
        else:
            self._branch(alt, src, st, path, negated)

    def _field(
        self,
        node: tree_sitter.Node,
        src: bytes,
        st: _Struct,
        path: tuple[str, ...],
        conds: list[str],
    ) -> None:
        tnode = node.child_by_field_name("type")
        declarators = node.children_by_field_name("declarator")
        if (
            tnode is not None
            and tnode.type in ("struct_specifier", "union_specifier")
            and tnode.child_by_field_name("name") is None
            and tnode.child_by_field_name("body") is not None
        ):
            body = tnode.child_by_field_name("body")
            assert body is not None
            # anonymous struct/union: its members are reached through the parent
            if not declarators:
                self._fields(body, src, st, path, conds)
            for d in declarators:
                nm, _ = apply_declarator(Base("?"), d, src)
                self._fields(body, src, st, (*path, nm or "?"), conds)
            return
        base = base_of(node, src)
        cond = " && ".join(conds) if conds else None
        line = node.start_point.row + 1
        for d in declarators:
            name, ty = apply_declarator(base, d, src)
            if name is None:
                continue
            got = _as_member(ty)
            if got is not None:
                st.members.append(MemberDecl(name, got[0], line, path, cond, None, got[1]))
            elif _typedef_name(ty) is not None:
                st.members.append(_Pending(name, ty, line, path, cond))

    def structs(self) -> Iterator[StructDecl]:
        """Every struct with at least one function-pointer member, in file order."""
        for st in self._structs:
            members: list[MemberDecl] = []
            for m in st.members:
                if isinstance(m, MemberDecl):
                    members.append(m)
                    continue
                resolved = self._resolve(m.type)
                if resolved is None:
                    continue
                got = _as_member(resolved[0])
                if got is not None:
                    members.append(
                        MemberDecl(m.name, got[0], m.line, m.path, m.condition, resolved[1], got[1])
                    )
            if members:
                yield StructDecl(st.name, st.kind, st.file, st.line, tuple(members))


def extract(files: Iterable[tuple[str, bytes]]) -> tuple[list[StructDecl], FileStats]:
    """Structs with function-pointer members from (relative path, contents) pairs."""
    ex = Extractor()
    for rel, raw in files:
        ex.add(rel, raw)
    return list(ex.structs()), ex.stats
