"""The direct single-part parser must decode exactly as the stdlib compat32 path does."""

import pytest

from patchlint.ingest import iter_raw
from patchlint.ingest.parse import _parse_fast, parse_message_stdlib
from tests.conftest import CORPUS

FIELDS = (
    "message_id",
    "subject",
    "author",
    "date",
    "in_reply_to",
    "references",
    "body",
    "to_header",
    "cc_header",
    "list_id",
)


def _sources() -> list[str]:
    return [
        str(CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"),
        *map(str, sorted((CORPUS / "patchwork" / "mail").glob("*.mbox"))),
        *map(
            str,
            sorted(
                p
                for p in (CORPUS / "patchew" / "data").glob("*.gz")
                if not p.name.endswith(".json.gz")
            ),
        ),  # JSON is not mail
        *map(str, sorted((CORPUS / "git-t5100" / "split").glob("0*"))),
    ]


def test_fast_path_equals_stdlib_on_real_mail():
    compared = 0
    for source, raw in iter_raw(_sources()):
        raw = raw.replace(b"\r\n", b"\n")
        fast = _parse_fast(raw, source)
        if fast is None:
            continue
        slow = parse_message_stdlib(raw, source)
        for field in FIELDS:
            a, b = getattr(fast, field), getattr(slow, field)
            if field in ("to_header", "cc_header"):
                a, b = " ".join(a.split()), " ".join(b.split())
            assert a == b, f"{source}: {field} differs"
        compared += 1
    assert compared > 2500


@pytest.mark.parametrize(
    "raw",
    [
        b"Subject: x\nbroken header line\nmore\n",
        b"\nno headers at all\n",
        b"Subject: x\nContent-Transfer-Encoding: base64\n\n!!!notbase64",
        b"From x Mon Jan  1 00:00:00 2001\nSubject: y\n\nbody\n",
    ],
)
def test_odd_mail_does_not_raise(raw):
    from patchlint.ingest.parse import parse_message

    parse_message(raw)
