"""Kernel and Xen annotations (`__user`, `__rcu`, `__printf(1, 2)`, `__attribute__((...))`,
`cf_check`, ...) blanked out of C source before tree-sitter reads declarations: they are
macros tree-sitter does not know, and they say nothing about a type's shape.

Blanking writes spaces over them (newlines kept), so byte offsets and line numbers of the
source stay valid.
"""

from __future__ import annotations

import re

from patchlint import lazyre

# Bare words that only annotate (sparse address spaces, section/alignment/layout attributes,
# function attributes). Blanked wherever they appear as whole identifiers.
ANNOTATION_WORDS: tuple[str, ...] = (
    "__user",
    "__kernel",
    "__iomem",
    "__rcu",
    "__percpu",
    "__force",
    "__bitwise",
    "__nocast",
    "__safe",
    "__private",
    "__must_check",
    "__cold",
    "__hot",
    "__pure",
    "__malloc",
    "__noreturn",
    "__weak",
    "__always_inline",
    "__noinline",
    "noinline",
    "inline",
    "__inline",
    "__inline__",
    "__init",
    "__exit",
    "__initdata",
    "__initconst",
    "__devinit",
    "__read_mostly",
    "__ro_after_init",
    "__refdata",
    "__ref",
    "__sched",
    "__visible",
    "asmlinkage",
    "notrace",
    "__deprecated",
    "__always_unused",
    "__maybe_unused",
    "__used",
    "__packed",
    "__randomize_layout",
    "__no_randomize_layout",
    "__designated_init",
    "____cacheline_aligned_in_smp",
    "____cacheline_aligned",
    "__cacheline_aligned_in_smp",
    "__cacheline_aligned",
    "____cacheline_internodealigned_in_smp",
    "__attribute_const__",
    "__nonstring",
    "__no_kcsan",
    "__latent_entropy",
    "__user_ns",
    "__nocfi",
    "__cficanonical",
    "__noclone",
    "__flatten",
    "__nostackprotector",
    "__tagged",
    "__cpuidle",
    "__noinstr",
    "noinstr",
    "__kprobes",
    "__data_racy",
    # Xen
    "cf_check",
    "noreturn",
    "always_inline",
    "__initdata_cf_clobber",
    "__initconst_cf_clobber",
    "__constructor",
    "__must_be_array",
    "__transparent__",
)

# Annotations that take a parenthesised argument list (balanced parentheses are blanked too).
ANNOTATION_CALLS: tuple[str, ...] = (
    "__attribute__",
    "__attribute",
    "__printf",
    "__scanf",
    "__acquires",
    "__releases",
    "__must_hold",
    "__cond_acquires",
    "__cond_releases",
    "__acquire",
    "__release",
    "__aligned",
    "__section",
    "__alloc_size",
    "__counted_by",
    "__nonnull",
    "__malloc",
    "__diagnose_as",
    "__format",
    "__assume_aligned",
    "__realloc_size",
    "__no_sanitize_or_inline",
    "__designated_init",
    "__guarded_by",
    "__pt_guarded_by",
    "__cleanup",
    "__counted_by_le",
    "__counted_by_be",
    "__struct_group",
    "__compiletime_error",
    "__compiletime_warning",
    "__alias",
    "__section_aligned",
    # Xen
    "__attribute_used__",
    "__packed_aligned",
)

_WORD_RE = lazyre.compile(
    rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in ANNOTATION_WORDS) + rb")\b"
)
_CALL_RE = lazyre.compile(
    rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in ANNOTATION_CALLS) + rb")\s*\("
)
# Xen's guest-handle macros stand for a type: `XEN_GUEST_HANDLE_PARAM(void)` becomes the
# identifier `XEN_GUEST_HANDLE_PARAM_void ` (same length), an opaque typedef name.
_HANDLE_RE = lazyre.compile(rb"\b(XEN_GUEST_HANDLE(?:_PARAM|_64)?)\(\s*(\w+)\s*\)")


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
        out[m.start() : m.end()] = repl + b" " * (m.end() - m.start() - len(repl))
    for m in _WORD_RE.finditer(src):
        out[m.start() : m.end()] = b" " * (m.end() - m.start())
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
        out[call.start() : i] = _spaces(src[call.start() : i])
        pos = i
    return bytes(out)
