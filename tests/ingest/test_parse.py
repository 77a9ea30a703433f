import base64

from patchlint.ingest.parse import parse_message


def test_rfc2047_and_folded_subject():
    raw = (
        b"From: =?UTF-8?q?Micha=C5=82_Miros=C5=82aw?= <mirq-linux@rere.qmqm.pl>\n"
        b"Subject: [PATCH] net: xen-netback:\n convert to hw_features\n"
        b"Message-ID: <a@b>\n\nbody\n"
    )
    msg = parse_message(raw)
    assert msg.author.name == "Michał Mirosław"
    assert msg.subject == "[PATCH] net: xen-netback: convert to hw_features"
    assert msg.message_id == "a@b"


def test_raw_utf8_header_bytes_are_recovered():
    raw = "From: Jörg Rödel <j@r.de>\nSubject: Grüße\n\nx\n".encode()
    msg = parse_message(raw)
    assert msg.author.name == "Jörg Rödel"
    assert msg.subject == "Grüße"


def test_unknown_charset_falls_back():
    raw = b"Subject: x\nContent-Type: text/plain; charset=bogus-8\n\ncaf\xc3\xa9\n"
    assert parse_message(raw).body == "café\n"


def test_wrong_charset_falls_back_to_latin1():
    raw = b"Subject: x\nContent-Type: text/plain; charset=utf-8\n\ncaf\xe9\n"
    assert parse_message(raw).body == "café\n"


def test_base64_body_with_crlf():
    payload = base64.b64encode(b"line one\r\nline two\r\n")
    raw = b"Subject: x\nContent-Transfer-Encoding: base64\n\n" + payload + b"\n"
    assert parse_message(raw).body == "line one\nline two\n"


def test_quoted_printable_body():
    raw = (
        b"Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n"
        b"Content-Transfer-Encoding: quoted-printable\n\ncaf=E9 =\nsoft\n"
    )
    assert parse_message(raw).body == "café soft\n"


def test_multipart_takes_text_plain_and_patch_attachment():
    raw = b"""Subject: [PATCH] x
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="B"

--B
Content-Type: text/plain; charset=us-ascii

Hi, please apply.
--B
Content-Type: text/x-patch; name="fix.patch"
Content-Disposition: attachment; filename="fix.patch"

--- a/f
+++ b/f
@@ -1 +1 @@
-a
+b
--B--
"""
    msg = parse_message(raw)
    assert msg.body.strip() == "Hi, please apply."
    assert len(msg.attachments) == 1
    assert msg.attachments[0].filename == "fix.patch"
    assert "+b" in msg.attachments[0].text


def test_html_only_mail_is_stripped_and_reported():
    raw = b"Subject: x\nContent-Type: text/html\n\n<div>hello</div>\n"
    msg = parse_message(raw)
    assert msg.body.strip() == "hello"
    assert any("HTML" in p for p in msg.problems)


def test_missing_headers_are_problems_not_errors():
    msg = parse_message(b"\n\njust text\n")
    assert msg.message_id is None
    assert "no Subject header" in msg.problems
    assert "no Date header" in msg.problems


def test_bad_date_is_a_problem():
    msg = parse_message(b"Subject: x\nDate: not a date\n\nb\n")
    assert msg.date is None
    assert any("Date" in p for p in msg.problems)


def test_references_without_duplicates_or_comments():
    raw = (
        b"Subject: x\nMessage-ID: <m@x>\nIn-Reply-To: <p@x> (comment)\n"
        b"References: <r@x> <p@x> <r@x>\n\nb\n"
    )
    msg = parse_message(raw)
    assert msg.in_reply_to == "p@x"
    assert msg.references == ("r@x", "p@x")
    assert msg.parent_ids == ("p@x", "r@x")
