"""`trailer_words` skips a run without `-by:` in it: every line `is_tag_line` accepts
holds that text, so no run with a tag line is skipped."""

from __future__ import annotations

import random

from patchlint.model import trailer_words as tw


def test_every_tag_line_holds_the_prefilters_text() -> None:
    rng = random.Random(18)
    names = ["Reviewed-by", "ACKED-BY", "Tested-bY", "Co-developed-By", "Signed-off-by", "Fixes"]
    names += ["Reported-by", "By", "x-by", "Link", "Suggested-by", "Cc", "reviewed_by", "Acked by"]
    values = ["Ann <ann@example.org>", "ann@example.org", "", "  ", "Ann", "#v6.1", "Ann (Intel)"]
    lines = [
        rng.choice(["", " ", "\t", "> "])
        + rng.choice(names)
        + rng.choice([":", ": ", ":\t", " :", "::"])
        + rng.choice(values)
        for _ in range(20000)
    ]
    for line in lines:
        if tw.is_tag_line(line) is not None:
            assert tw._BY_NAME.search(line), line


def test_a_run_with_a_tag_is_read_and_one_without_is_not() -> None:
    run = ["Looks good to me.", "", "Reviewed-By: Ann <ann@example.org>"]
    assert [w.line for w in tw.trailer_words(run)] == [2]
    assert tw.trailer_words(["Looks good to me.", "", "Thanks, reviewed by Ann"]) == []


def _around_by_paragraph(lines: list[str]) -> set[int]:
    """`around_lines` with every paragraph asked about tag talk."""
    out: set[int] = set()
    for words in tw.trailer_words(lines):
        out.update(words.around)
    if not out:
        for p in tw._paragraphs(lines):
            text = " ".join(lines[p[0] : p[1]])
            if tw._own_tag_talk(text) and tw._words(text) <= tw.ASIDE_WORDS:
                out.update(range(*p))
    return out


def test_tag_talk_found_as_when_every_paragraph_is_asked() -> None:
    rng = random.Random(7)
    pieces = ["Please keep my", "R-b", "my ack", "my", "Acked-by", "tag.", "", " ", "The fix"]
    pieces += ["looks fine", "Reviewed-by: Ann <ann@example.org>", "MY RB", "my\ttags", "army"]
    for _ in range(5000):
        run = [" ".join(rng.sample(pieces, rng.randint(0, 3))) for _ in range(rng.randint(0, 8))]
        assert tw.around_lines(run) == _around_by_paragraph(run), run
