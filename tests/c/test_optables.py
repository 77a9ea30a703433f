"""The ops-table reading's prefilter: what a fragment must contain before it is parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.c.fragments import FileView, Fragment, file_views, fragment_of
from patchlint.c.kb.index import shipped_tables
from patchlint.c.optables import Side, fields_written, may_name_table, named_uses
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from tests.conftest import CORPUS, FIXTURES


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


@pytest.mark.parametrize("source", NAMED)
def test_the_members_of_a_fragments_uses_are_fields_it_writes(source: bytes) -> None:
    members = {member for member, _, _ in _named(source)}
    # a comment inside a designator stays in the member's text (`/* x */ ndo_open`): no
    # member any KB or tree declares
    assert {m for m in members if m.isidentifier()} <= fields_written(source)


def test_a_field_read_past_a_skipped_token_is_written() -> None:
    # a hunk starts inside a comment: tree-sitter's recovery skips `*/` and reads
    # `hot-add. region_start` as a field expression
    source = b"void f(struct w *d)\n{\n * of hot-add.\n */\nregion_start = pg_start;\n}\n"
    side = Side()
    side.add_uses(Fragment(source, list(range(1, 8))))
    assert [u.member for u in side.uses] == ["region_start"]
    assert "region_start" in fields_written(source)


@pytest.mark.parametrize(
    ("source", "fields"),
    [
        (b"a->b.c = d;", {"b", "c"}),
        (b"s. /* a */ /* b */ x", {"x"}),
        (b"s.// a \\\n still the comment\n x", {"x"}),  # `//` continued by a backslash
        (b"s. \\\n x", {"x"}),  # a line continuation
        (b"s.\xc2\xa0x", {"x"}),  # a no-break space (tree-sitter's blank)
        (b'"a. /*" .open = f; /* */', {"open"}),  # a `.` in a string hides nothing
        (b"p->\n\topen", {"open"}),
        # a comment cut from its `/*`: tree-sitter's recovery reads `. */ region_start`
        (b"of hot-add.\n */\nregion_start = pg_start;", {"region_start"}),
        (b"1.5 + a . 7", set()),
    ],
)
def test_fields_written(source: bytes, fields: set[str]) -> None:
    assert fields_written(source) >= fields
    if not fields:
        assert fields_written(source) == set()


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


def _c_views(source: Path) -> list[FileView]:
    diags: list = []
    grouping = group_messages(read_messages([str(source)], diags), diags)
    views = []
    for series in grouping.series:
        for rev in series.revisions:
            for patch in [*rev.patches.values(), *(p for _, p in rev.proposed)]:
                views.extend(v for v in file_views(patch.diff) if v.is_c)
    return views


def _tables() -> dict[str, tuple[bytes, ...]]:
    """Every shipped KB's members, with their structs (Linux's and Xen's)."""
    linux, xen = shipped_tables("linux"), shipped_tables("xen")
    return {k: (*linux.get(k, ()), *xen.get(k, ())) for k in {*linux, *xen}}


@pytest.mark.parametrize(
    "source",
    [
        CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz",
        *sorted((FIXTURES / "threads").glob("*.mbox")),
    ],
    ids=lambda p: p.name,
)
def test_table_gate_against_the_parse(source: Path) -> None:
    """ops-prototype-mismatch parses a file's fragments for table uses only when one of
    them writes a member the KB knows after a `.` or `->` and the name of a struct the KB
    declares it in (`named_uses` with `tables`). On every C fragment of real mail, parsed
    in full: every use's member (a name) is among the fields the text writes, and a named
    use's struct is in its text; and each file's gated uses are its full ones, or none when
    none of them fills a member of a struct the KB knows."""
    tables = _tables()
    fragments = 0
    seen: set[bytes] = set()
    for view in _c_views(source):
        for frag in [*view.fragments(), *(fragment_of(h.old_side()) for h in view.hunks if h.pre)]:
            if frag.source in seen:
                continue
            seen.add(frag.source)
            side = Side()
            side.add_uses(frag)
            fragments += 1
            written = fields_written(frag.source)
            for use in side.uses:
                if use.member.isidentifier():
                    assert use.member in written, (use, frag.source[:300])
                if use.struct is not None:
                    assert use.struct.encode() in frag.source, (use, frag.source[:300])
        full = named_uses(view)
        kept = named_uses(view, tables)
        judged = [u for u in full if u.struct and u.struct.encode() in tables.get(u.member, ())]
        assert kept == full or (not kept and not judged), view.path
    assert fragments or "lists" not in source.parts, "the slice has C fragments"
