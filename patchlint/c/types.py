"""C types as patchlint sees them: built from tree-sitter-c declarations, rendered back as
canonical text, and read back from that text (compared in `patchlint.c.compat`; docs/kb.md).

A type is a small tree: `Base` (a named type: `int`, `struct net_device`, `u32`), `Ptr`,
`Arr` and `Fn`. It is built from a declaration's specifiers and declarator the way C reads
them (outermost declarator node first), so `const char *(*get_name)(void)` is
Ptr(Fn(ret=Ptr(Base("char", const)), params=())).

Kernel annotations are blanked before parsing (`patchlint.c.annotations`), so byte offsets and
line numbers of the source stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tree_sitter

from patchlint.c.annotations import blank_annotations
from patchlint.c.language import c_parser

# --- the type tree -----------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """A named type: builtin (canonical spelling), typedef name, or `struct|union|enum TAG`."""

    name: str
    const: bool = False


@dataclass(frozen=True)
class Ptr:
    to: Ty
    const: bool = False


@dataclass(frozen=True)
class Arr:
    of: Ty
    size: str = ""


@dataclass(frozen=True)
class Param:
    type: Ty
    name: str | None = None


@dataclass(frozen=True)
class Fn:
    ret: Ty
    params: tuple[Param, ...] = ()
    variadic: bool = False
    prototyped: bool = True  # False for `()`: an old-style declaration says nothing of params


Ty = Base | Ptr | Arr | Fn

UNKNOWN = Base("?")  # what a type we could not read becomes: never a mismatch


# --- builtin spellings -------------------------------------------------------------------

_INT_WORDS = {"signed", "unsigned", "short", "long", "int", "char", "double", "float"}


def canonical_builtin(words: list[str]) -> str:
    """`unsigned` -> `unsigned int`, `long int` -> `long`, `signed int` -> `int`,
    `long unsigned long` -> `unsigned long long`; other words pass through in order."""
    if not words or any(w not in _INT_WORDS for w in words):
        return " ".join(words)
    sign = "unsigned" if "unsigned" in words else ("signed" if "signed" in words else "")
    longs = words.count("long")
    if "double" in words:
        return "long double" if longs else "double"
    if "float" in words:
        return "float"
    if "char" in words:
        return f"{sign} char".strip()
    size = (
        "short"
        if "short" in words
        else ("long long" if longs >= 2 else ("long" if longs else "int"))
    )
    if sign == "unsigned":
        return f"unsigned {size}"
    return size


def _collapse(text: str) -> str:
    return " ".join(text.split())


# --- building types from tree-sitter nodes -----------------------------------------------


def _text(node: tree_sitter.Node, src: bytes) -> str:
    return src[node.start_byte : node.end_byte].decode("utf-8", "replace")


def base_of(decl: tree_sitter.Node, src: bytes) -> Base:
    """The base type of a declaration-like node (declaration, field_declaration,
    parameter_declaration, type_definition, type_descriptor) from its specifiers."""
    tnode = decl.child_by_field_name("type")
    const = any(
        c.type == "type_qualifier" and _text(c, src).strip() == "const" for c in decl.children
    )
    if tnode is None:
        return Base("?", const)
    return Base(_spec_name(tnode, src), const)


def _spec_name(tnode: tree_sitter.Node, src: bytes) -> str:
    kind = tnode.type
    if kind in ("struct_specifier", "union_specifier", "enum_specifier"):
        tag = kind.split("_")[0]
        name = tnode.child_by_field_name("name")
        return f"{tag} {_text(name, src)}" if name is not None else f"{tag} <anonymous>"
    if kind == "sized_type_specifier":
        words = []
        for c in tnode.children:
            words.extend(_text(c, src).split())
        return canonical_builtin(words)
    if kind == "primitive_type":
        return canonical_builtin([_text(tnode, src)])
    return _collapse(_text(tnode, src))


def _params(plist: tree_sitter.Node, src: bytes) -> Fn:
    params: list[Param] = []
    variadic = False
    for c in plist.named_children:
        if c.type == "variadic_parameter":
            variadic = True
        elif c.type == "parameter_declaration":
            base = base_of(c, src)
            decl = c.child_by_field_name("declarator")
            name, ty = apply_declarator(base, decl, src)
            params.append(Param(ty, name))
        elif c.type in ("comment",):
            continue
        else:  # a macro or something unparsable in the list: keep the slot, type unknown
            params.append(Param(UNKNOWN, None))
    prototyped = bool(params) or variadic or _text(plist, src).strip("() \t\n") != ""
    if len(params) == 1 and params[0].name is None and params[0].type == Base("void"):
        params = []
        prototyped = True
    return Fn(UNKNOWN, tuple(params), variadic, prototyped)


_DECL_NAMES = ("identifier", "field_identifier", "type_identifier")


def apply_declarator(base: Ty, decl: tree_sitter.Node | None, src: bytes) -> tuple[str | None, Ty]:
    """Apply a (possibly abstract) declarator to `base`: returns the declared name (or None)
    and the declared type."""
    ty: Ty = base
    node = decl
    while node is not None:
        kind = node.type
        if kind in _DECL_NAMES:
            return _text(node, src), ty
        if kind in ("pointer_declarator", "abstract_pointer_declarator"):
            const = any(
                c.type == "type_qualifier" and _text(c, src).strip() == "const"
                for c in node.children
            )
            ty = Ptr(ty, const)
        elif kind in ("function_declarator", "abstract_function_declarator"):
            plist = node.child_by_field_name("parameters")
            sig = _params(plist, src) if plist is not None else Fn(UNKNOWN, prototyped=False)
            ty = Fn(ty, sig.params, sig.variadic, sig.prototyped)
        elif kind in ("array_declarator", "abstract_array_declarator"):
            size = node.child_by_field_name("size")
            ty = Arr(ty, _collapse(_text(size, src)) if size is not None else "")
        elif kind in ("parenthesized_declarator", "abstract_parenthesized_declarator"):
            inner = [c for c in node.named_children if c.type not in ("comment",)]
            node = inner[0] if inner else None
            continue
        elif kind in ("attributed_declarator",):
            inner = [c for c in node.named_children if c.type != "attribute_declaration"]
            node = inner[0] if inner else None
            continue
        else:
            return None, UNKNOWN
        node = node.child_by_field_name("declarator")
    return None, ty


# --- rendering ---------------------------------------------------------------------------


def render(ty: Ty, name: str = "") -> str:
    """Canonical C text of a type (with `name` as declarator, if given):
    `struct net_device *dev`, `const char *(*)(void)`, `int (*cb)(void *)`."""
    inner = name
    while True:
        if isinstance(ty, Base):
            head = ("const " if ty.const else "") + ty.name
            return f"{head} {inner}" if inner else head
        if isinstance(ty, Ptr):
            star = "*const" + (" " if inner else "") if ty.const else "*"
            inner = star + inner
            if isinstance(ty.to, Fn | Arr):
                inner = f"({inner})"
            ty = ty.to
        elif isinstance(ty, Arr):
            inner = f"{inner}[{ty.size}]"
            ty = ty.of
        else:
            inner = f"{inner}({render_params(ty)})"
            ty = ty.ret


def render_params(fn: Fn, names: bool = True) -> str:
    parts = [render(p.type, (p.name or "") if names else "") for p in fn.params]
    if fn.variadic:
        parts.append("...")
    if not parts:
        return "void" if fn.prototyped else ""
    return ", ".join(parts)


# --- parsing type text -------------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_type(text: str) -> Param:
    """Read one C type as written in a parameter list or as a return type, with or without
    a name: `struct xenvif *vif`, `u32`, `int (*cb)(void *)`, `const char *`. Annotations
    are blanked first. Text tree-sitter cannot read gives `UNKNOWN` (never a mismatch)."""
    text = text.strip()
    if not text:
        return Param(UNKNOWN)
    if text == "...":
        return Param(Base("..."))
    body = blank_annotations(text.encode())
    src = b"void __patchlint_probe(" + body + b");"
    tree = c_parser().parse(src)
    root = tree.root_node
    if root.has_error:
        return Param(UNKNOWN)
    decl = root.named_children[0] if root.named_children else None
    fdecl = decl.child_by_field_name("declarator") if decl is not None else None
    plist = fdecl.child_by_field_name("parameters") if fdecl is not None else None
    if plist is None:
        return Param(UNKNOWN)
    items = [c for c in plist.named_children if c.type == "parameter_declaration"]
    if len(items) != 1:
        return Param(UNKNOWN)
    base = base_of(items[0], src)
    name, ty = apply_declarator(base, items[0].child_by_field_name("declarator"), src)
    return Param(ty, name)


def read_function_head(text: str) -> tuple[str, str, list[str]] | None:
    """Name, return type and parameters (canonical text, names kept) of a function
    declaration or the head of a definition, as a patch adds it:
    `static u32 xenvif_fix_features(struct xenvif *vif, u32 features)` ->
    `("xenvif_fix_features", "u32", ["struct xenvif *vif", "u32 features"])`.
    Text after the first `{` is ignored; None if it is not a function declaration."""
    found = _function_head(text)
    return None if found is None else (found[0], found[1], list(found[2]))


@lru_cache(maxsize=4096)
def _function_head(text: str) -> tuple[str, str, tuple[str, ...]] | None:
    """`read_function_head`, remembered by the text: each revision of a series shows the
    same heads again, and each read is a parse."""
    head = text.split("{", 1)[0].strip().rstrip(";")
    if not head:
        return None
    src = blank_annotations(head.encode()) + b";"
    root = c_parser().parse(src).root_node
    decls = [c for c in root.named_children if c.type == "declaration"]
    if root.has_error or len(decls) != 1:
        return None
    declarators = decls[0].children_by_field_name("declarator")
    if len(declarators) != 1:
        return None
    name, ty = apply_declarator(base_of(decls[0], src), declarators[0], src)
    if name is None or not isinstance(ty, Fn):
        return None
    params = [render(p.type, p.name or "") for p in ty.params]
    if ty.variadic:
        params.append("...")
    return name, render(ty.ret), tuple(params)
