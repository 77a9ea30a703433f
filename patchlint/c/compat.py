"""Whether two C types are compatible, conservatively: a mismatch only where both sides are
understood and certainly differ (docs/kb.md has the policy and the tables' sources).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from patchlint.c.types import Arr, Base, Fn, Ptr, Ty, render

# Typedefs whose underlying type is the same on every architecture the kernel and Xen build
# for (asm-generic/int-ll64.h: u64 is `unsigned long long` everywhere), with `__bitwise`
# and endianness annotations dropped as the compiler drops them.
FIXED_TYPEDEFS: dict[str, str] = {
    **{n: "unsigned char" for n in ("u8", "__u8", "uint8_t", "u_int8_t")},
    **{n: "signed char" for n in ("s8", "__s8", "int8_t")},
    **{
        n: "unsigned short"
        for n in ("u16", "__u16", "uint16_t", "u_int16_t", "__le16", "__be16", "__sum16", "umode_t")
    },
    **{n: "short" for n in ("s16", "__s16", "int16_t")},
    **{
        n: "unsigned int"
        for n in (
            "u32",
            "__u32",
            "uint32_t",
            "u_int32_t",
            "__le32",
            "__be32",
            "__wsum",
            "gfp_t",
            "__poll_t",
            "fmode_t",
            "vm_fault_t",
            "slab_flags_t",
            "dev_t",
            "blk_opf_t",
            "blk_mode_t",
            "uint",
            "u_int",
        )
    },
    **{n: "int" for n in ("s32", "__s32", "int32_t", "pid_t", "__kernel_pid_t")},
    **{
        n: "unsigned long long"
        for n in ("u64", "__u64", "uint64_t", "u_int64_t", "__le64", "__be64", "netdev_features_t")
    },
    **{
        n: "long long"
        for n in ("s64", "__s64", "int64_t", "loff_t", "__kernel_loff_t", "time64_t", "ktime_t")
    },
    **{n: "unsigned long" for n in ("ulong", "u_long", "pgoff_t", "irq_hw_number_t")},
    **{n: "unsigned short" for n in ("ushort", "u_short")},
    "bool": "_Bool",
    "_Bool": "_Bool",
}

# Typedefs known to be arithmetic (never a pointer, struct or function) whose exact type
# depends on the architecture or configuration: a mismatch against a pointer, struct or void
# is certain; against another integer type it cannot be told, so it is never reported.
ARCH_SCALARS: frozenset[str] = frozenset(
    {
        "size_t",
        "ssize_t",
        "ptrdiff_t",
        "uintptr_t",
        "intptr_t",
        "phys_addr_t",
        "dma_addr_t",
        "resource_size_t",
        "sector_t",
        "blkcnt_t",
        "__kernel_size_t",
        "__kernel_ssize_t",
        "clock_t",
        "time_t",
        "off_t",
        "ino_t",
        "nlink_t",
        "uid_t",
        "gid_t",
        "paddr_t",
        "vaddr_t",
        "cycles_t",
    }
)

# Member types that were renamed or retyped tree-wide: a patch written against a release
# before the change spells the member's type the old way, and is not wrong for that release.
# (current name, earlier spellings, what changed). Only these pairs are equivalent: `u32`
# against `u64` stays a mismatch.
ALIASES: tuple[tuple[str, frozenset[str], str], ...] = (
    (
        "netdev_features_t",
        frozenset({"u32", "__u32"}),
        "netdev_features_t was introduced in Linux 3.3; before it, feature sets and the "
        "ndo_fix_features/ndo_set_features prototypes used u32",
    ),
    (
        "vm_fault_t",
        frozenset({"int"}),
        "vm_operations_struct fault handlers returned int before vm_fault_t (Linux 4.17)",
    ),
    (
        "netdev_tx_t",
        frozenset({"int"}),
        "ndo_start_xmit returned int before netdev_tx_t (Linux 2.6.32)",
    ),
    (
        "__poll_t",
        frozenset({"unsigned int"}),
        "poll methods returned unsigned int before __poll_t (Linux 4.16)",
    ),
    (
        "blk_opf_t",
        frozenset({"unsigned int", "int"}),
        "request operation flags were unsigned int before blk_opf_t (Linux 6.0)",
    ),
)

_BUILTIN_CANON = {
    "char",
    "signed char",
    "unsigned char",
    "short",
    "unsigned short",
    "int",
    "unsigned int",
    "long",
    "unsigned long",
    "long long",
    "unsigned long long",
    "float",
    "double",
    "long double",
    "_Bool",
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
        return Verdict(
            True, f"{ca.name} and {ce.name} are the same member type across releases", (why,)
        )
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
            return Verdict(
                False,
                "different struct tags"
                if ne.split()[0] == na.split()[0]
                else "struct against union",
            )
        return Verdict(False, "a struct against a scalar")
    if ke == "enum" and ka == "enum":
        return Verdict(True, "same type") if ne == na else Verdict(False, "different enum types")
    if ke == "int" and ka == "int":
        if ne == na:
            return Verdict(True, f"same type ({ne})")
        return Verdict(False, f"different integer types ({ne} and {na})")
    return Verdict(True, f"cannot tell: {ce.name} and {ca.name} may be the same integer type")


def compare_signatures(expected: Fn, actual: Fn) -> Verdict:
    """Arity, variadic-ness, return type, then each parameter (after decay)."""
    ret = compare_types(expected.ret, actual.ret)
    if not ret.ok:
        return Verdict(
            False,
            f"returns `{render(actual.ret)}`, expected `{render(expected.ret)}` ({ret.reason})",
        )
    notes = list(ret.notes)
    if ret.reason.startswith("cannot tell"):
        notes.append(f"return type: {ret.reason}")
    if expected.prototyped and actual.prototyped:
        if len(expected.params) != len(actual.params) or expected.variadic != actual.variadic:
            return Verdict(False, f"takes {_arity(actual)}, expected {_arity(expected)}")
        for i, (pe, pa) in enumerate(zip(expected.params, actual.params, strict=True), 1):
            v = compare_types(decay(pe.type), decay(pa.type))
            if not v.ok:
                return Verdict(
                    False,
                    f"parameter {i} is `{render(pa.type)}`, expected "
                    f"`{render(pe.type)}` ({v.reason})",
                )
            notes.extend(v.notes)
            if v.reason.startswith("cannot tell"):
                notes.append(f"parameter {i}: {v.reason}")
    return Verdict(True, "compatible", tuple(dict.fromkeys(notes)))


def _arity(fn: Fn) -> str:
    n = len(fn.params)
    words = f"{n} parameter{'s' if n != 1 else ''}"
    return words + (" and varargs" if fn.variadic else "")
