"""Revisions linked by b4's `change-id:` (what `b4 prep` writes under the cover letter, or under
a lone patch's diff): the strongest evidence that two postings are one piece of work, even when
the title changed between them."""

from __future__ import annotations

from email.parser import BytesParser

from patchlint.ingest import iter_raw, parse_message
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic, Message
from tests.conftest import CORPUS, require
from tests.model.test_grouping import DIFF, msg

SLICE = CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"
TAIL = "---\nbase-commit: 0123456789abcdef\nchange-id: {cid}\n\nBest regards,\n-- \nA <a@x>\n"


def _group(*messages: Message) -> list[list[tuple[int, str]]]:
    diags: list[Diagnostic] = []
    grouping = group_messages(list(messages), diags)
    return [[(r.version, r.title) for r in s.revisions] for s in grouping.series]


def _cover(mid: str, subject: str, cid: str | None, **kw: object) -> Message:
    body = "Blurb.\n\n" + (TAIL.format(cid=cid) if cid else "")
    return msg(mid, subject, body, **kw)


def _patch(mid: str, subject: str, parent: str, **kw: object) -> Message:
    return msg(mid, subject, "m\n\nSigned-off-by: A <a@x>\n" + DIFF, parent=parent, **kw)


def test_same_change_id_links_retitled_revisions() -> None:
    series = _group(
        _cover("c1", "[PATCH 0/1] mm: pass pages as chunks", "20250101-chunks-0123abcd"),
        _patch("p1", "[PATCH 1/1] mm: pass pages as chunks", "c1", minutes=1),
        _cover(
            "c2", "[PATCH v2 0/1] mm: support huge pages", "20250101-chunks-0123abcd", minutes=600
        ),
        _patch("p2", "[PATCH v2 1/1] mm: support huge pages", "c2", minutes=601),
    )
    assert series == [[(1, "mm: pass pages as chunks"), (2, "mm: support huge pages")]]


def test_without_change_id_the_retitled_revisions_stay_apart() -> None:
    series = _group(
        _cover("c1", "[PATCH 0/1] mm: pass pages as chunks", None),
        _patch("p1", "[PATCH 1/1] mm: pass pages as chunks", "c1", minutes=1),
        _cover("c2", "[PATCH v2 0/1] mm: support huge pages", None, minutes=600),
        _patch("p2", "[PATCH v2 1/1] mm: support huge pages", "c2", minutes=601),
    )
    assert len(series) == 2


def test_different_change_ids_or_senders_do_not_link() -> None:
    series = _group(
        _cover("c1", "[PATCH 0/1] mm: pass pages as chunks", "20250101-chunks-0123abcd"),
        _patch("p1", "[PATCH 1/1] mm: pass pages as chunks", "c1", minutes=1),
        # someone else quoting (or forging) the change-id in a posting of their own
        _cover(
            "c2",
            "[PATCH v2 0/1] mm: support huge pages",
            "20250101-chunks-0123abcd",
            author="B <b@y>",
            minutes=600,
        ),
        _patch("p2", "[PATCH v2 1/1] mm: support huge pages", "c2", author="B <b@y>", minutes=601),
        _cover("c3", "[PATCH v3 0/1] mm: other work", "20250102-other-4567cdef", minutes=900),
        _patch("p3", "[PATCH v3 1/1] mm: other work", "c3", minutes=901),
    )
    assert len(series) == 3


def test_change_id_of_a_lone_patch_and_not_gerrits_change_id() -> None:
    """b4 writes it under a lone patch's diff; a Gerrit `Change-Id:` commit trailer is not
    b4's change-id (b4 looks only for the lowercase line)."""

    def lone(mid: str, subject: str, tail: str, minutes: int) -> Message:
        return msg(mid, subject, "m\n\nSigned-off-by: A <a@x>\n" + DIFF + tail, minutes=minutes)

    linked = _group(
        lone("a", "[PATCH] x: first title", TAIL.format(cid="2025-x-1"), 0),
        lone("b", "[PATCH v2] x: second title", TAIL.format(cid="2025-x-1"), 600),
    )
    assert linked == [[(1, "x: first title"), (2, "x: second title")]]
    gerrit = "\nChange-Id: I0123456789abcdef0123456789abcdef01234567\n"
    apart = _group(
        msg("a", "[PATCH] x: first title", "m\n" + gerrit + DIFF),
        msg("b", "[PATCH v2] x: second title", "m\n" + gerrit + DIFF, minutes=600),
    )
    assert len(apart) == 2


def _slice_mails(ids: set[str]) -> list[bytes]:
    out = []
    parser = BytesParser()
    for _, raw in iter_raw([str(require(SLICE))]):
        if (
            b"huge_1g" in raw
            and parser.parsebytes(raw, headersonly=True)["Message-ID"].strip("<> ") in ids
        ):
            out.append(raw)
    return out


def test_real_retitled_series_from_the_archive() -> None:
    """linux-hyperv, April-May 2026: v1 "mshv: remove page order restriction to enable 1G
    hugepage support" became v2-v4 "mshv: support 1G hugepages by passing them as 2M-aligned
    chunks", each a lone patch in its own thread carrying `change-id:
    20260416-huge_1g-e44461393c8f` under the diff (b4 prep)."""
    ids = {
        "20260416-huge_1g-v1-1-e066738cddfb@anirudhrb.com",
        "20260505-huge_1g-v2-1-b6a91327a88d@anirudhrb.com",
        "20260506-huge_1g-v3-1-26e1e4c439e4@anirudhrb.com",
        "20260513-huge_1g-v4-1-33cda59e4a70@anirudhrb.com",
    }
    raws = _slice_mails(ids)
    assert len(raws) == 4
    series = _group(*(parse_message(r, "slice") for r in raws))
    assert [[v for v, _ in s] for s in series] == [[1, 2, 3, 4]]
    assert series[0][0][1] == "mshv: remove page order restriction to enable 1G hugepage support"
    assert series[0][1][1] == "mshv: support 1G hugepages by passing them as 2M-aligned chunks"
    # the same mails without the change-id line: v2, which starts a series at v2 under a
    # new title, still joins v1 because it continues v1's code (model/linking.py)
    stripped = [r.replace(b"\nchange-id: 20260416-huge_1g-e44461393c8f", b"") for r in raws]
    joined = _group(*(parse_message(r, "slice") for r in stripped))
    assert [[v for v, _ in s] for s in joined] == [[1, 2, 3, 4]]
