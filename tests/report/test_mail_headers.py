"""The header builders and the reply composer under hostile values (hypothesis, 200
examples each, the failing values found so far pinned as examples): nothing raises, msg-id
headers are never encoded and read back as the ids they were given, every address written
reads back as itself, every one dropped is said.

200 examples, not 1,000 (the suite's time budget): the strategies mix a short list of the
characters that broke the stdlib (HOSTILE) into every value, so 200 draws still put each of
them into the fields many times over; the long search is the `email` fuzz target's
(fuzz/email_check.py, the same check), and every value that ever failed is pinned here as an
@example, run every time whatever the count."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzz.email_check import FIELDS, check_email
from patchlint.report.email import reply_subject, slug
from patchlint.report.mailheaders import (
    LINE,
    POLICY,
    HeaderProblem,
    clean_msgid,
    fold_msgids,
    header_text,
    set_mailboxes,
    set_msgids,
    set_text,
    shorten,
)

EXAMPLES = 200  # see the module docstring
MANY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_ID = re.compile(r"<([^<>\s]+)>")

# what mail puts in headers, and the characters that broke the stdlib so far
HOSTILE = st.sampled_from(
    [
        ".@.",
        "':\x80'",
        ":\x80",
        "\x80",
        "@",
        "a@",
        "@b",
        "<>",
        '"',
        "\\",
        "=?utf-8?q?x?=",
        "\r\nBcc: v@example.org",
        "(",
        ")",
        ",",
        ";",
        ":",
        "[",
        "]",
        "\x00",
        "\udc80",
        "\u2028",
        ".",
        " ",
    ]
)
TEXT = st.text(max_size=60) | st.lists(HOSTILE | st.text(max_size=8), max_size=8).map("".join)
ID_CHARS = st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters="<>")
LONG_ID = st.builds(
    lambda a, b: f"{a}@{b}",
    st.text(ID_CHARS, min_size=1, max_size=120),
    st.text(ID_CHARS, min_size=1, max_size=120),
)


def read(msg: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def header_lines(msg: EmailMessage) -> list[bytes]:
    return bytes(msg).split(b"\n\n", 1)[0].split(b"\n")


@MANY
@given(ids=st.lists(LONG_ID | TEXT, min_size=1, max_size=12))
@example(
    ids=[
        "177238674748.34040.4319844213401541666.stgit@skinsburskii-cloud-desktop"
        ".internal.cloudapp.net"
    ]
)  # stgit's ids: 73 of 300 replies were encoded
@example(
    ids=[
        "aaFShvKnwR5FY8dH@linuxonhyperv3.guj3yctzbm1etfxqx2vob5hsef.xx.internal.cloudapp.net",
        "a@b",
    ]
)
@example(ids=["=?UTF-8?q?Rafa=C5=82?=x@y"])  # the stdlib decodes it as another id
@example(ids=["x" * 2000 + "@y"])
def test_msgid_headers_are_never_encoded_and_read_back(ids):
    cleaned = [c for c in (clean_msgid(i) for i in ids) if c]
    msg = EmailMessage(policy=POLICY)
    if not cleaned:
        with pytest.raises(HeaderProblem):
            set_msgids(msg, "References", cleaned)
        return
    wanted = list(dict.fromkeys(cleaned))
    set_msgids(msg, "References", wanted)
    set_msgids(msg, "In-Reply-To", wanted[-1:])
    msg.set_content("x\n")
    for line in header_lines(msg):
        assert b"=?" not in line
        assert len(line) <= 998
        ids_on_line = _ID.findall(line.decode())
        # folded between ids: a line is longer than LINE only when one id needs it
        assert (
            len(line) <= LINE
            or len(ids_on_line) <= 1
            or len(ids_on_line[-1]) > LINE - 2 - len(b"References: ")
            or line.startswith(b"In-Reply-To")
        )
    back = read(msg)
    assert _ID.findall(str(back["References"])) == [w[1:-1] for w in wanted]
    assert str(back["In-Reply-To"]) == wanted[-1]


def test_fold_msgids_folds_between_ids_only():
    ids = [f"<{n:03d}.{'x' * 30}@example.org>" for n in range(3)]  # 48 characters each
    assert fold_msgids("References", ids).split("\n ") == ids  # 2 never fit in 78
    short = [f"<{n:03d}.{'x' * 8}@example.org>" for n in range(5)]  # 26 each
    lines = f"References: {fold_msgids('References', short)}".split("\n")
    assert [len(line) for line in lines] == [65, 54, 27]
    assert " ".join(lines).split()[1:] == short
    long_id = "<" + "y" * 100 + "@example.org>"
    assert fold_msgids("In-Reply-To", [long_id]) == long_id  # alone on its line, whole


@MANY
@given(boxes=st.lists(st.tuples(TEXT, TEXT | LONG_ID), max_size=6))
@example(boxes=[("Name", ".@.")])  # TypeError: 'ValueTerminal' object does not support ...
@example(boxes=[("", ".@.")])
@example(boxes=[(":\x80", "a@example.org")])  # the name made a group
@example(boxes=[("':\x80'", "a@example.org")])
@example(boxes=[("\udc80", "a@example.org")])  # formataddr raised on the surrogate
@example(boxes=[("", "0@0"), ("0" * 12 + "\x80" * 4 + "\u0800" + "\U00010000" * 5, "0@0")])
@example(boxes=[("x", "j\u00f6rg@example.org")])  # non-ASCII needs SMTPUTF8: dropped
@example(boxes=[("Eve\r\nBcc: v@example.org", "eve@example.org")])
def test_address_headers_keep_only_what_reads_back(boxes):
    msg = EmailMessage(policy=POLICY)
    problems: list[str] = []
    kept = set_mailboxes(msg, "Cc", boxes, problems)
    msg.set_content("x\n")
    assert len(kept) + len(problems) >= len(boxes)
    assert all(p.startswith("Cc: ") for p in problems)
    back = read(msg)
    if not kept:
        assert back["Cc"] is None
        return
    assert not back["Cc"].defects
    assert [f"{a.username}@{a.domain}" for a in back["Cc"].addresses] == [a for _, a in kept]
    assert "Bcc" not in back
    for line in header_lines(msg):
        assert line[:1] in (b" ", b"\t") or b":" in line


@MANY
@given(value=TEXT)
@example(value="=?utf-8?q?evil=0D=0ABcc:_victim@example.org?=")
@example(value="a\udc80b")
@example(value="Re: [Xen-devel] Re: [PATCH] x")
# the stdlib folded before an encoded word with the space left on the line: read back doubled
@example(
    value="\r\nBcc: v@example.org\r\nBcc: v@example.org\r\nBcc: v@example.org\r\n"
    "Bcc: v@example.org':\x80'"
)
def test_text_headers_read_back_as_one_line(value):
    msg = EmailMessage(policy=POLICY)
    problems: list[str] = []
    set_text(msg, "Subject", value, problems, "fallback")
    msg.set_content("x\n")
    back = read(msg)
    assert len(back.get_all("Subject") or []) == 1
    text = str(back["Subject"])
    assert "\n" not in text and "\r" not in text
    if header_text(value) and not problems:
        assert text == header_text(value)  # written as given, on one line
    elif problems:
        assert all(p.startswith("Subject: ") for p in problems)
    else:
        assert text == "fallback"  # nothing to write
    assert "Bcc" not in back


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(values=st.lists(TEXT | LONG_ID, min_size=len(FIELDS), max_size=len(FIELDS)))
@example(values=["[PATCH] x", "Name <.@.>", ".@.", "a@b", "c@d", "cover@x", "m", ""])
@example(values=["x", "':\x80' <a@example.org>", "':\x80'", "", "", "", "", ""])
@example(values=["x", "A <a@b.org>", "", "m@x", "m@x", "", "", ""])  # References repeat the id
@example(
    values=[
        "x",
        "A <a@b.org>",
        "",
        "177238674748.34040.4319844213401541666.stgit@skinsburskii-cloud-desktop"
        ".internal.cloudapp.net",
        "",
        "",
        "",
        "",
    ]
)
def test_composer_survives_hostile_values(values):
    """Every reply (each mail's and the revision's) checks out: see fuzz/email_check.py."""
    check_email("\0".join(values).encode("utf-8", "surrogateescape"))


def test_reply_subjects_are_clean():
    assert reply_subject("Re: [Xen-devel] Re: [PATCH] net: x") == "Re: [PATCH] net: x"
    assert reply_subject("[Xen-devel] [PATCH v2 3/5] a: b") == "Re: [PATCH v2 3/5] a: b"
    assert reply_subject("AW: RE: [RFC PATCH] [foo] bar") == "Re: [RFC PATCH] [foo] bar"
    assert reply_subject("[Xen-devel]") == "Re: (no subject)"
    assert reply_subject("plain\r\nBcc: x") == "Re: plain Bcc: x"


def test_long_subjects_are_cut_at_a_word():
    subject = "Re: [PATCH v2 1/4] mm/page_reporting: add PAGE_REPORTING_ORDER_UNSPECIFIED"
    assert slug(subject) == "Re-PATCH-v2-1-4-mm-page_reporting-add-PAGE_REPORTING_ORDER..."
    assert slug("Re: [PATCH] short") == "Re-PATCH-short"
    assert shorten("one two three four", 12) == "one two\u2026"
    assert shorten("short", 12) == "short"
