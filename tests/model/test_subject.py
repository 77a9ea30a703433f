import pytest

from patchlint.model.subject import parse_subject

CASES = [
    # subject, title, version, index, total, reply, rfc, resend
    ("[PATCH] foo", "foo", None, None, None, False, False, False),
    ("[PATCH v2 3/5] net: x", "net: x", 2, 3, 5, False, False, False),
    ("[PATCHv4] a", "a", 4, None, None, False, False, False),
    ("[PATCH 1/2 v5] b", "b", 5, 1, 2, False, False, False),
    ("[PATCH V3] c", "c", 3, None, None, False, False, False),
    ("[RFC PATCH 2/5] ioreq-server: x", "ioreq-server: x", None, 2, 5, False, True, False),
    ("[XEN PATCH v3 02/10] d", "d", 3, 2, 10, False, False, False),
    ("[PATCH for-4.14 v2 1/3] e", "e", 2, 1, 3, False, False, False),
    ("[PATCH RESEND] f", "f", None, None, None, False, False, True),
    ("Re: [Xen-devel] [PATCH 5/6] libxl: events", "libxl: events", None, 5, 6, True, False, False),
    ("RE: Aw: [PATCH] g", "g", None, None, None, True, False, False),
    ("[Xen-devel] Re: [PATCH] w", "w", None, None, None, True, False, False),
    ("[PATCH 0/3] cover", "cover", None, 0, 3, False, False, False),
    ("[net,v2,1/2] h", "h", 2, 1, 2, False, False, False),
    ("[PATCH 0 of 2] hg", "hg", None, 0, 2, False, False, False),
    ("[Patch 2/2]: mixed", "mixed", None, 2, 2, False, False, False),
    ("[PATCH RFC 1/2] meep", "meep", None, 1, 2, False, True, False),
    ("[PATCH] [RFC] [1/2] meep", "meep", None, 1, 2, False, True, False),
    ("[PATCH] rewrite [a-z] re", "rewrite [a-z] re", None, None, None, False, False, False),
    ("[v2PATCH1/4] y", "y", 2, 1, 4, False, False, False),
    ("[PATCH100/123] z", "z", None, 100, 123, False, False, False),
    ("[PATCH] foo (v2)", "foo (v2)", 2, None, None, False, False, False),
    ("[snowpatch] [PATCH 1/3] q", "q", None, 1, 3, False, False, False),
    # a prefix bracketed twice keeps its version; a doubled bracket in a title stays there
    ("[[PATCH v3 for-next]] RDMA/x: y", "RDMA/x: y", 3, None, None, False, False, False),
    ("Re: [[PATCH v2 2/3]] z", "z", 2, 2, 3, True, False, False),
    ("[PATCH] [[a-z]] t", "[[a-z]] t", None, None, None, False, False, False),
]


@pytest.mark.parametrize(
    ("raw", "title", "version", "index", "total", "reply", "rfc", "resend"), CASES
)
def test_subject(raw, title, version, index, total, reply, rfc, resend):
    s = parse_subject(raw)
    assert (s.title, s.version, s.index, s.total, s.is_reply, s.rfc, s.resend) == (
        title,
        version,
        index,
        total,
        reply,
        rfc,
        resend,
    )


def test_list_tags_and_prefixes_are_kept_apart():
    s = parse_subject("[Xen-devel] [XEN PATCH for-4.14 v2 1/3] x")
    assert s.list_tags == ("Xen-devel",)
    assert s.prefixes == ("XEN", "for-4.14")


def test_doubled_brackets_keep_the_tags():
    assert parse_subject("[[PATCH v3 for-next] RDMA/x: y").prefixes == ("for-next",)


def test_cover_and_pull():
    assert parse_subject("[PATCH v4 0/2] x").is_cover
    assert not parse_subject("[PATCH 1/2] x").is_cover
    assert parse_subject("[GIT PULL] Hyper-V fixes").pull


def test_garbage_never_raises():
    for raw in ["", "[", "]]][[[", "[PATCH 99999/0] x", "Re:" * 200, "[" * 500 + "x"]:
        parse_subject(raw)
