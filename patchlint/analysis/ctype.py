"""C types as patchlint sees them: built from tree-sitter-c declarations, rendered back as
canonical text, and compared conservatively (see `compare_types` and docs/kb.md).

A type is a small tree: `Base` (a named type: `int`, `struct net_device`, `u32`), `Ptr`,
`Arr` and `Fn`. It is built from a declaration's specifiers and declarator the way C reads
them (outermost declarator node first), so `const char *(*get_name)(void)` is
Ptr(Fn(ret=Ptr(Base("char", const)), params=())).

Kernel annotations (`__user`, `__rcu`, `__printf(1, 2)`, `__attribute__((...))`, ...) are
blanked with spaces before parsing (`blank_annotations`), so byte offsets and line numbers of
the source stay valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import tree_sitter
import tree_sitter_c

LANGUAGE = tree_sitter.Language(tree_sitter_c.language())


def new_parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(LANGUAGE)


# --- annotations -------------------------------------------------------------------------

# Bare words that only annotate (sparse address spaces, section/alignment/layout attributes,
# function attributes). Blanked wherever they appear as whole identifiers.
ANNOTATION_WORDS: tuple[str, ...] = (
    "__user", "__kernel", "__iomem", "__rcu", "__percpu", "__force", "__bitwise", "__nocast",
    "__safe", "__private", "__must_check", "__cold", "__hot", "__pure", "__malloc",
    "__noreturn", "__weak", "__always_inline", "__noinline", "noinline", "inline",
    "__inline", "__inline__", "__init", "__exit", "__initdata", "__initconst", "__devinit",
    "__read_mostly", "__ro_after_init", "__refdata", "__ref", "__sched", "__visible",
    "asmlinkage", "notrace", "__deprecated", "__always_unused", "__maybe_unused", "__used",
    "__packed", "__randomize_layout", "__no_randomize_layout", "__designated_init",
    "____cacheline_aligned_in_smp", "____cacheline_aligned", "__cacheline_aligned_in_smp",
    "__cacheline_aligned", "____cacheline_internodealigned_in_smp", "__attribute_const__",
    "__nonstring", "__no_kcsan", "__latent_entropy", "__user_ns", "__nocfi", "__cficanonical",
    "__noclone", "__flatten", "__nostackprotector", "__tagged", "__cpuidle", "__noinstr",
    "noinstr", "__kprobes", "__data_racy",
    # Xen
    "cf_check", "noreturn", "always_inline", "__initdata_cf_clobber", "__initconst_cf_clobber",
    "__constructor", "__must_be_array", "__transparent__",
)

# Annotations that take a parenthesised argument list (balanced parentheses are blanked too).
ANNOTATION_CALLS: tuple[str, ...] = (
    "__attribute__", "__attribute", "__printf", "__scanf", "__acquires", "__releases",
    "__must_hold", "__cond_acquires", "__cond_releases", "__acquire", "__release",
    "__aligned", "__section", "__alloc_size", "__counted_by", "__nonnull", "__malloc",
    "__diagnose_as", "__format", "__assume_aligned", "__realloc_size", "__no_sanitize_or_inline",
    "__designated_init", "__guarded_by", "__pt_guarded_by", "__cleanup", "__counted_by_le",
    "__counted_by_be", "__struct_group", "__compiletime_error", "__compiletime_warning",
    "__alias", "__section_aligned",
    # Xen
    "__attribute_used__", "__packed_aligned",
)

_WORD_RE = re.compile(rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in ANNOTATION_WORDS)
                      + rb")\b")
_CALL_RE = re.compile(rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in ANNOTATION_CALLS)
                      + rb")\s*\(")
# Xen's guest-handle macros stand for a type: `XEN_GUEST_HANDLE_PARAM(void)` becomes the
# identifier `XEN_GUEST_HANDLE_PARAM_void ` (same length), an opaque typedef name.
_HANDLE_RE = re.compile(rb"\b(XEN_GUEST_HANDLE(?:_PARAM|_64)?)\(\s*(\w+)\s*\)")


def _spaces(chunk: bytes) -> bytes:
    """The same number of bytes, newlines kept, everything else a space."""
    return bytes(b if b == 0x0A else 0x20 for b in chunk)


def blank_annotations(src: bytes) -> bytes:
    """Replace kernel/Xen annotations by spaces; the result has the same length and the
    same newlines, so node offsets and line numbers still point into the original."""
    out = bytearray(src)
    for m in _HANDLE_RE.finditer(src):
        name, arg = m.group(1), m.group(2)
        repl = name + b"_" + arg
        out[m.start():m.end()] = repl + b" " * (m.end() - m.start() - len(repl))
    for m in _WORD_RE.finditer(src):
        out[m.start():m.end()] = b" " * (m.end() - m.start())
    pos = 0
    while (call := _CALL_RE.search(src, pos)) is not None:
        depth, i = 1, call.end()
        while i < len(src) and depth:
            c = src[i]
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
            i += 1
        if depth:  # unbalanced: leave it alone
            pos = call.end()
            continue
        out[call.start():i] = _spaces(src[call.start():i])
        pos = i
    return bytes(out)


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
    size = "short" if "short" in words else ("long long" if longs >= 2 else
                                             ("long" if longs else "int"))
    if sign == "unsigned":
        return f"unsigned {size}"
    return size


def _collapse(text: str) -> str:
    return " ".join(text.split())


# --- building types from tree-sitter nodes -----------------------------------------------

def _text(node: tree_sitter.Node, src: bytes) -> str:
    return src[node.start_byte:node.end_byte].decode("utf-8", "replace")


def base_of(decl: tree_sitter.Node, src: bytes) -> Base:
    """The base type of a declaration-like node (declaration, field_declaration,
    parameter_declaration, type_definition, type_descriptor) from its specifiers."""
    tnode = decl.child_by_field_name("type")
    const = any(c.type == "type_qualifier" and _text(c, src).strip() == "const"
                for c in decl.children)
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


def apply_declarator(base: Ty, decl: tree_sitter.Node | None,
                     src: bytes) -> tuple[str | None, Ty]:
    """Apply a (possibly abstract) declarator to `base`: returns the declared name (or None)
    and the declared type."""
    ty: Ty = base
    node = decl
    while node is not None:
        kind = node.type
        if kind in _DECL_NAMES:
            return _text(node, src), ty
        if kind in ("pointer_declarator", "abstract_pointer_declarator"):
            const = any(c.type == "type_qualifier" and _text(c, src).strip() == "const"
                        for c in node.children)
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
    tree = new_parser().parse(src)
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


# --- comparison --------------------------------------------------------------------------

# Typedefs whose underlying type is the same on every architecture the kernel and Xen build
# for (asm-generic/int-ll64.h: u64 is `unsigned long long` everywhere), with `__bitwise`
# and endianness annotations dropped as the compiler drops them.
FIXED_TYPEDEFS: dict[str, str] = {
    **{n: "unsigned char" for n in ("u8", "__u8", "uint8_t", "u_int8_t")},
    **{n: "signed char" for n in ("s8", "__s8", "int8_t")},
    **{n: "unsigned short" for n in ("u16", "__u16", "uint16_t", "u_int16_t", "__le16",
                                     "__be16", "__sum16", "umode_t")},
    **{n: "short" for n in ("s16", "__s16", "int16_t")},
    **{n: "unsigned int" for n in ("u32", "__u32", "uint32_t", "u_int32_t", "__le32", "__be32",
                                   "__wsum", "gfp_t", "__poll_t", "fmode_t", "vm_fault_t",
                                   "slab_flags_t", "dev_t", "blk_opf_t", "blk_mode_t",
                                   "uint", "u_int")},
    **{n: "int" for n in ("s32", "__s32", "int32_t", "pid_t", "__kernel_pid_t")},
    **{n: "unsigned long long" for n in ("u64", "__u64", "uint64_t", "u_int64_t", "__le64",
                                         "__be64", "netdev_features_t")},
    **{n: "long long" for n in ("s64", "__s64", "int64_t", "loff_t", "__kernel_loff_t",
                                "time64_t", "ktime_t")},
    **{n: "unsigned long" for n in ("ulong", "u_long", "pgoff_t", "irq_hw_number_t")},
    **{n: "unsigned short" for n in ("ushort", "u_short")},
    "bool": "_Bool", "_Bool": "_Bool",
}

# Typedefs known to be arithmetic (never a pointer, struct or function) whose exact type
# depends on the architecture or configuration: a mismatch against a pointer, struct or void
# is certain; against another integer type it cannot be told, so it is never reported.
ARCH_SCALARS: frozenset[str] = frozenset({
    "size_t", "ssize_t", "ptrdiff_t", "uintptr_t", "intptr_t", "phys_addr_t", "dma_addr_t",
    "resource_size_t", "sector_t", "blkcnt_t", "__kernel_size_t", "__kernel_ssize_t",
    "clock_t", "time_t", "off_t", "ino_t", "nlink_t", "uid_t", "gid_t", "paddr_t", "vaddr_t",
    "cycles_t",
})

# Member types that were renamed or retyped tree-wide: a patch written against a release
# before the change spells the member's type the old way, and is not wrong for that release.
# (current name, earlier spellings, what changed). Only these pairs are equivalent: `u32`
# against `u64` stays a mismatch.
ALIASES: tuple[tuple[str, frozenset[str], str], ...] = (
    ("netdev_features_t", frozenset({"u32", "__u32"}),
     "netdev_features_t was introduced in Linux 3.3; before it, feature sets and the "
     "ndo_fix_features/ndo_set_features prototypes used u32"),
    ("vm_fault_t", frozenset({"int"}),
     "vm_operations_struct fault handlers returned int before vm_fault_t (Linux 4.17)"),
    ("netdev_tx_t", frozenset({"int"}),
     "ndo_start_xmit returned int before netdev_tx_t (Linux 2.6.32)"),
    ("__poll_t", frozenset({"unsigned int"}),
     "poll methods returned unsigned int before __poll_t (Linux 4.16)"),
    ("blk_opf_t", frozenset({"unsigned int", "int"}),
     "request operation flags were unsigned int before blk_opf_t (Linux 6.0)"),
)

_BUILTIN_CANON = {
    "char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned int",
    "long", "unsigned long", "long long", "unsigned long long", "float", "double",
    "long double", "_Bool",
}


def _kind(name: str) -> tuple[str, str]:
    """(kind, canonical) of a base name: void, tag (struct/union), enum, int (exact builtin),
    scalar (arithmetic, exact type unknown), opaque (unknown typedef or macro)."""
    if name == "void":
        return "void", name
    if name.startswith(("struct ", "union ")):
        return "tag", name
    if name.startswith("enum "):
        return "enum", name
    if name in _BUILTIN_CANON:
        return "int", name
    if name in FIXED_TYPEDEFS:
        return "int", FIXED_TYPEDEFS[name]
    if name in ARCH_SCALARS:
        return "scalar", name
    return "opaque", name


def _alias(a: str, b: str) -> str | None:
    for name, older, why in ALIASES:
        if (a == name and b in older) or (b == name and a in older):
            return why
    return None


def _flatten(ty: Ty) -> tuple[Base | Fn, int]:
    """Core type and pointer depth; arrays count as one level of pointer."""
    depth = 0
    while True:
        if isinstance(ty, Ptr):
            depth += 1
            ty = ty.to
        elif isinstance(ty, Arr):
            depth += 1
            ty = ty.of
        else:
            return ty, depth


def decay(ty: Ty) -> Ty:
    """A parameter's type as the callee sees it: arrays and functions become pointers."""
    if isinstance(ty, Arr):
        return Ptr(ty.of)
    if isinstance(ty, Fn):
        return Ptr(ty)
    return ty


@dataclass(frozen=True)
class Verdict:
    """Outcome of a comparison: `ok` False only for a certain mismatch; `reason` says why
    (for ok, what made it acceptable: identical, alias, unknown typedef)."""

    ok: bool
    reason: str
    notes: tuple[str, ...] = field(default=())


def compare_types(expected: Ty, actual: Ty) -> Verdict:
    """Conservative compatibility of two types (qualifiers ignored). A mismatch is reported
    only when both sides are understood: different struct/union/enum tags, pointer depth,
    void against non-void, a struct against a scalar, two exact integer types that differ,
    a function pointer against a data type. Unknown typedefs never mismatch."""
    ce, de = _flatten(expected)
    ca, da = _flatten(actual)
    if isinstance(ce, Fn) and isinstance(ca, Fn):
        if de != da:
            return Verdict(False, "different pointer depth")
        sig = compare_signatures(ce, ca)
        if not sig.ok:
            return Verdict(False, f"function pointer {sig.reason}")
        return sig
    if isinstance(ce, Fn) or isinstance(ca, Fn):
        other = ca if isinstance(ce, Fn) else ce
        assert isinstance(other, Base)
        if _kind(other.name)[0] == "opaque" or other.name == "?":
            return Verdict(True, f"cannot tell: {other.name} may be a function typedef")
        return Verdict(False, "a function pointer against a data type")
    assert isinstance(ce, Base) and isinstance(ca, Base)
    if ce.name == "?" or ca.name == "?":
        return Verdict(True, "cannot tell: unreadable type")
    if ce.name == ca.name and de == da:
        return Verdict(True, "same type")
    why = _alias(ce.name, ca.name)
    if why is not None and de == da:
        return Verdict(True, f"{ca.name} and {ce.name} are the same member type across "
                             f"releases", (why,))
    ke, ne = _kind(ce.name)
    ka, na = _kind(ca.name)
    if "opaque" in (ke, ka):
        unknown = ce.name if ke == "opaque" else ca.name
        return Verdict(True, f"cannot tell: {unknown} is an unknown typedef")
    if (ke == "void" and de == 0) != (ka == "void" and da == 0):
        return Verdict(False, "void against non-void")
    if de != da:
        return Verdict(False, "different pointer depth")
    if ke == "void" or ka == "void":
        return Verdict(False, "void against non-void" if ke != ka else "same type")
    if ke == "tag" or ka == "tag":
        if ne == na:
            return Verdict(True, "same type")
        if ke == ka:
            return Verdict(False, "different struct tags" if ne.split()[0] == na.split()[0]
                           else "struct against union")
        return Verdict(False, "a struct against a scalar")
    if ke == "enum" and ka == "enum":
        return (Verdict(True, "same type") if ne == na
                else Verdict(False, "different enum types"))
    if ke == "int" and ka == "int":
        if ne == na:
            return Verdict(True, f"same type ({ne})")
        return Verdict(False, f"different integer types ({ne} and {na})")
    return Verdict(True, f"cannot tell: {ce.name} and {ca.name} may be the same integer type")


def compare_signatures(expected: Fn, actual: Fn) -> Verdict:
    """Arity, variadic-ness, return type, then each parameter (after decay)."""
    ret = compare_types(expected.ret, actual.ret)
    if not ret.ok:
        return Verdict(False, f"returns `{render(actual.ret)}`, expected "
                              f"`{render(expected.ret)}` ({ret.reason})")
    notes = list(ret.notes)
    if ret.reason.startswith("cannot tell"):
        notes.append(f"return type: {ret.reason}")
    if expected.prototyped and actual.prototyped:
        if len(expected.params) != len(actual.params) or expected.variadic != actual.variadic:
            return Verdict(False, f"takes {_arity(actual)}, expected {_arity(expected)}")
        for i, (pe, pa) in enumerate(zip(expected.params, actual.params, strict=True), 1):
            v = compare_types(decay(pe.type), decay(pa.type))
            if not v.ok:
                return Verdict(False, f"parameter {i} is `{render(pa.type)}`, expected "
                                      f"`{render(pe.type)}` ({v.reason})")
            notes.extend(v.notes)
            if v.reason.startswith("cannot tell"):
                notes.append(f"parameter {i}: {v.reason}")
    return Verdict(True, "compatible", tuple(dict.fromkeys(notes)))


def _arity(fn: Fn) -> str:
    n = len(fn.params)
    words = f"{n} parameter{'s' if n != 1 else ''}"
    return words + (" and varargs" if fn.variadic else "")


def read_function_head(text: str) -> tuple[str, str, list[str]] | None:
    """Name, return type and parameters (canonical text, names kept) of a function
    declaration or the head of a definition, as a patch adds it:
    `static u32 xenvif_fix_features(struct xenvif *vif, u32 features)` ->
    `("xenvif_fix_features", "u32", ["struct xenvif *vif", "u32 features"])`.
    Text after the first `{` is ignored; None if it is not a function declaration."""
    head = text.split("{", 1)[0].strip().rstrip(";")
    if not head:
        return None
    src = blank_annotations(head.encode()) + b";"
    root = new_parser().parse(src).root_node
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
    return name, render(ty.ret), params
