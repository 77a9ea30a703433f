"""C types: annotations blanked in place, types read from text, compared conservatively,
and function heads read as a patch adds them."""

from __future__ import annotations

import pytest

from patchlint.c.annotations import blank_annotations
from patchlint.c.compat import compare_types, decay
from patchlint.c.types import parse_type, read_function_head


def test_blank_annotations_keeps_offsets_and_lines():
    src = (
        b"int __printf(2,\n 3) (*f)(char __user *p) __attribute__((a((b)))) __acquires(x);\n"
        b"void __iomem *q;\n"
    )
    out = blank_annotations(src)
    assert len(out) == len(src)
    assert out.count(b"\n") == src.count(b"\n")
    assert out.index(b"(*f)") == src.index(b"(*f)")
    assert b"__" not in out
    assert out.split() == [b"int", b"(*f)(char", b"*p)", b";", b"void", b"*q;"]


@pytest.mark.parametrize(
    "expected, actual",
    [
        ("unsigned", "unsigned int"),
        ("unsigned long int", "long unsigned"),
        ("signed int", "int"),
        ("struct x *", "struct x*"),
        ("struct  x   *", "const struct x *p"),
        ("char *", "char buf[]"),
        ("char *", "char buf[16]"),
        ("const char *const", "char *name"),
        ("int (*)(void *)", "int (*callback)(void *data)"),
        ("int (*)(void *)", "int callback(void *)"),  # a function parameter decays
        ("u32", "__u32"),
        ("u32", "unsigned int"),
        ("u64", "unsigned long long"),
        ("bool", "_Bool"),
        ("vm_fault_t", "int"),  # before 4.17
        ("netdev_tx_t", "int"),  # before 2.6.32
        ("size_t", "unsigned long"),  # arch-dependent: cannot tell
        ("enum irqreturn", "int"),  # enum's type: cannot tell
        ("foo_t", "struct bar *"),  # unknown typedef: never an alarm
        ("struct net_device *", "netdev_ptr_t"),
        ("int (*)(void)", "callback_t"),
        ("struct a __user *", "struct a *"),
    ],
)
def test_compatible_types(expected, actual):
    # as parameter types: arrays and functions decay to pointers
    v = compare_types(decay(parse_type(expected).type), decay(parse_type(actual).type))
    assert v.ok, v.reason


@pytest.mark.parametrize(
    "expected, actual, why",
    [
        ("struct net_device *", "struct xenvif *", "different struct tags"),
        ("struct net_device *", "union net_device *", "struct against union"),
        ("struct net_device *", "struct net_device **", "different pointer depth"),
        ("struct net_device *", "struct net_device", "different pointer depth"),
        ("int", "int *", "different pointer depth"),
        ("void", "int", "void against non-void"),
        ("void *", "struct foo *", "void against non-void"),
        ("u32", "u64", "different integer types (unsigned int and unsigned long long)"),
        ("netdev_features_t", "int", "different integer types"),
        ("int", "unsigned int", "different integer types"),
        ("size_t", "struct page *", "different pointer depth"),
        ("size_t", "struct page", "a struct against a scalar"),
        ("void", "struct rtnl_link_stats64 *", "void against non-void"),
        ("char *", "char buf[4][4]", "different pointer depth"),
        ("enum a", "enum b", "different enum types"),
        ("int (*)(void *)", "int (*)(void *, int)", "function pointer takes 2 parameters"),
        ("int (*)(void *)", "long", "a function pointer against a data type"),
    ],
)
def test_incompatible_types(expected, actual, why):
    v = compare_types(decay(parse_type(expected).type), decay(parse_type(actual).type))
    assert not v.ok
    assert v.reason.startswith(why), v.reason


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "static u32 xenvif_fix_features(struct xenvif *vif, u32 features)",
            ("xenvif_fix_features", "u32", ["struct xenvif *vif", "u32 features"]),
        ),
        (
            "static netdev_tx_t xmit(struct sk_buff *skb, struct net_device *dev)\n{\n\treturn 0;",
            ("xmit", "netdev_tx_t", ["struct sk_buff *skb", "struct net_device *dev"]),
        ),
        ("static const char * __must_check name(void)", ("name", "const char *", [])),
        (
            "static int __init __printf(1, 2) log(const char __user *fmt, ...)",
            ("log", "int", ["const char *fmt", "..."]),
        ),
        (
            "static void cf_check vmx_ctxt_switch_from(struct vcpu *v)",
            ("vmx_ctxt_switch_from", "void", ["struct vcpu *v"]),
        ),
        ("static int (*pick(int which))(void *)", ("pick", "int (*)(void *)", ["int which"])),
        ("int not_a_function;", None),
        ("static u32 broken(struct", None),
    ],
)
def test_read_function_head(text, expected):
    assert read_function_head(text) == expected
