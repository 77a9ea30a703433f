"""Trailer collection cases found by comparing patchlint with b4 on the linux-hyperv
archive (bench/b4_agreement.py, docs/b4-agreement.md), each as a small synthetic mail."""

from patchlint.model.message import Address
from patchlint.model.trailers import split_trailer_block


def test_trailer_block_keeps_other_tokens_next_to_known_trailers():
    # b4 prep leaves the patch's To:/Cc: in the commit message, next to the sign-off
    # (linux-hyperv, "btrfs: Prefer IS_ERR_OR_NULL over manual NULL check")
    text, trailers = split_trailer_block(
        "Change generated with coccinelle.\n\n"
        "To: Chris Mason <clm@fb.com>\n"
        "Cc: linux-btrfs@vger.kernel.org\n"
        "Signed-off-by: Philipp Hahn <phahn-oss@avm.de>\n")
    assert text == "Change generated with coccinelle."
    assert [t.name for t in trailers] == ["To", "Cc", "Signed-off-by"]
    assert trailers[0].person == Address("Chris Mason", "clm@fb.com")
    assert trailers[2].person == Address("Philipp Hahn", "phahn-oss@avm.de")


def test_token_lines_without_a_trailer_name_are_not_a_block():
    for tail in ("Note: this is prose\nAlso: more prose",
                 "Signed-off-by: A <a@b.c>\nhttps://example.com/x",
                 "Signed-off-by: A <a@b.c>\nsome words: then text"):
        text, trailers = split_trailer_block(f"Explain.\n\n{tail}")
        assert trailers == [], tail
        assert text.endswith(tail)
