import gzip
import io

from patchlint.ingest.mbox import (
    is_from_line,
    looks_like_mbox,
    message_starts,
    split_mbox,
    unescape_mboxrd,
)


def split(data: bytes) -> list[bytes]:
    return [raw for _, raw in split_mbox(io.BytesIO(data))]


def test_from_line_needs_a_date():
    assert is_from_line(b"From 1234abcd Mon Sep 17 00:00:00 2001")
    assert is_from_line(b"From mboxrd@z Thu Jan  1 00:00:00 1970")
    assert not is_from_line(b"From the discussion above, we see")


def test_body_line_starting_with_from_does_not_split():
    data = (
        b"From 1 Mon Sep 17 00:00:00 2001\nSubject: a\n\nText.\nFrom here on it fails.\n\n"
        b"From 2 Mon Sep 17 00:00:00 2001\nSubject: b\n\nbody\n"
    )
    msgs = split(data)
    assert len(msgs) == 2
    assert b"From here on it fails." in msgs[0]


def test_bare_from_separator_needs_blank_line_and_header():
    data = b"From A\nSubject: x\n\nFrom me to you\n\nFrom here on\n\nFrom B\nSubject: y\n\nz\n"
    msgs = split(data)
    assert len(msgs) == 2
    assert msgs[0].endswith(b"From here on\n")


def test_mboxrd_unescaping_removes_one_level():
    assert unescape_mboxrd(b">From a\n>>From b\n> From c\n") == b"From a\n>From b\n> From c\n"


def test_preamble_before_first_message_is_skipped():
    data = b"# comment\n# more\n\nFrom x Mon Jan  1 00:00:00 2001\nSubject: s\n\nb\n"
    assert looks_like_mbox(data)
    assert split(data) == [b"Subject: s\n\nb\n"]


def test_small_chunks_give_the_same_split(monkeypatch):
    import patchlint.ingest.mbox as mbox

    data = b"".join(
        b"From x Mon Jan  1 00:00:%02d 2001\nSubject: %d\n\nFrom body %d\n\n" % (i, i, i)
        for i in range(30)
    )
    whole = split(data)
    monkeypatch.setattr(mbox, "_CHUNK", 7)
    assert split(data) == whole
    assert len(whole) == 30


def test_crlf_mbox():
    data = (
        b"From x Mon Jan  1 00:00:00 2001\r\nSubject: a\r\n\r\nb\r\n\r\n"
        b"From y Mon Jan  1 00:00:00 2001\r\nSubject: c\r\n\r\nd\r\n"
    )
    assert len(split(data)) == 2


def test_gzip_is_read_transparently(tmp_path):
    from patchlint.ingest.sources import iter_file

    path = tmp_path / "a.mbox.gz"
    path.write_bytes(gzip.compress(b"From x Mon Jan  1 00:00:00 2001\nSubject: a\n\nb\n"))
    assert [raw for _, raw in iter_file(path)] == [b"Subject: a\n\nb\n"]


def test_message_starts_are_the_separators_only() -> None:
    one = b"From a@b Thu Jan  1 00:00:00 1970\nSubject: one\n\nFrom here on, prose.\n>From x\n\n"
    two = b"From c@d Fri Jan  2 00:00:00 1970\nSubject: two\n\nbody\n"
    data = one + two
    assert message_starts(data) == [0, len(one)]
    assert message_starts(b"") == [0]
