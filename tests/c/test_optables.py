"""The ops-table reading's prefilter: what a fragment must contain before it is parsed."""

from __future__ import annotations

import pytest

from patchlint.c.fragments import Fragment
from patchlint.c.optables import Side, may_name_table


def _named(source: bytes) -> list[tuple[str, str, str | None]]:
    side = Side()
    side.add_uses(Fragment(source, list(range(1, source.count(b"\n") + 2))))
    return [(u.member, u.function, u.struct) for u in side.uses if u.struct is not None]


NAMED = [
    b"static const struct net_device_ops ops = {\n\t.ndo_open = foo_open,\n};\n",
    b"static const struct net_device_ops ops = {\n\t. /* x */ ndo_open\t= &foo_open,\n};\n",
    b"static const struct net_device_ops ops = {\n\t.ndo_open // c\n\t= foo_open,\n};\n",
    b"static const struct net_device_ops ops = {\n\t.ndo_open \\\n= foo_open,\n};\n",
    b"void f(struct net_device_ops *o)\n{\n\to->ndo_open = foo_open;\n}\n",
    b"x = &(const struct iommu_domain_ops) {\n\t.attach_dev = attach,\n};\n",
]


@pytest.mark.parametrize("source", NAMED)
def test_a_fragment_naming_a_table_passes(source: bytes) -> None:
    assert _named(source), source  # the case is a named use ...
    assert may_name_table(source)  # ... and the prefilter lets it through


@pytest.mark.parametrize(
    "source",
    [
        b"int f(int a)\n{\n\treturn a == b;\n}\n",  # no struct written
        b"void f(struct device *d)\n{\n\tif (d->x == y)\n\t\treturn;\n}\n",  # `==`, not `=`
        b"void f(struct device *d)\n{\n\tfoo(d);\n}\n",  # no member set
    ],
)
def test_a_fragment_that_cannot_name_a_table_is_refused(source: bytes) -> None:
    assert not _named(source)
    assert not may_name_table(source)


def test_heads_are_read_by_name_in_source_order() -> None:
    source = b"static int a(struct x *p);\nstatic int b(void);\nstatic long a(struct x *p)\n{\n}\n"
    side = Side()
    side.add_heads(Fragment(source, [1, 2, 3, 4, 5]), {3}, complete_prefix=False)
    assert [(h.ret, h.line, h.added) for h in side.heads("a")] == [
        ("int", 1, False),
        ("long", 3, True),
    ]
    assert [h.name for h in side.heads("b")] == ["b"]
    assert side.heads("c") == []
