"""git's t5100 mailinfo samples: author, subject, commit message and patch split as
`git mailinfo -u` makes them."""

import re

import pytest

from patchlint.ingest.parse import parse_message
from patchlint.ingest.sources import iter_file
from patchlint.model.body import split_patch_body
from patchlint.model.patch import build_patch
from patchlint.model.subject import parse_subject
from tests.conftest import CORPUS

T5100 = CORPUS / "git-t5100"


def _info(path):
    fields = {}
    for line in path.read_bytes().decode("utf-8", "replace").strip("\n").split("\n"):
        key, _, value = line.partition(":")
        fields[key] = value[1:] if value.startswith(" ") else value
    return fields


def _mailinfo(raw: bytes):
    msg = parse_message(raw)
    body = split_patch_body(msg.body)
    patch = build_patch(msg, parse_subject(msg.subject), body)
    return msg, body, patch


@pytest.mark.parametrize("n", range(1, 19), ids=lambda n: f"{n:04d}")
def test_sample_mbox_message(n):
    nn = f"{n:04d}"
    raw = (T5100 / "split" / nn).read_bytes()
    _, body, patch = _mailinfo(raw)
    info = _info(T5100 / "t5100" / f"info{nn}")
    assert patch.author.name == info["Author"]
    assert patch.author.email == info["Email"]
    assert patch.title == info["Subject"]
    expected_msg = (T5100 / "t5100" / f"msg{nn}").read_bytes().decode("utf-8", "replace")
    assert body.log.rstrip() == expected_msg.rstrip()
    charset = re.search(rb"charset=([\w-]+)", raw)
    encoded = body.patch.rstrip("\n").encode(charset.group(1).decode() if charset else "utf-8")
    assert encoded == (T5100 / "t5100" / f"patch{nn}").read_bytes().rstrip(b"\n")


def test_mailsplit_count_matches_git():
    assert len(list(iter_file(T5100 / "t5100" / "sample.mbox"))) == 18
    assert len(list(iter_file(T5100 / "t5100" / "rfc2047-samples.mbox"))) == 11


@pytest.mark.parametrize("n", range(1, 12), ids=lambda n: f"rfc2047-{n:04d}")
def test_rfc2047_headers(n):
    raw = (T5100 / "split" / "rfc2047" / f"{n:04d}").read_bytes()
    msg = parse_message(raw)
    info = _info(T5100 / "t5100" / f"rfc2047-info-{n:04d}")
    assert msg.author.name == info.get("Author", "")
    assert msg.author.email == info.get("Email", "")
    assert parse_subject(msg.subject).title == info["Subject"]


def test_mboxrd_unescaping():
    msgs = [parse_message(raw) for _, raw in iter_file(T5100 / "t5100" / "sample.mboxrd")]
    assert len(msgs) == 2
    for msg, name in zip(msgs, ["0001mboxrd", "0002mboxrd"], strict=True):
        expected = (T5100 / "t5100" / name).read_text()
        assert split_patch_body(msg.body).log.rstrip() == expected.rstrip()


@pytest.mark.parametrize("name", ["info-from", "quoted-string", "comment"])
def test_from_header_forms(name):
    _, _, patch = _mailinfo((T5100 / "t5100" / f"{name}.in").read_bytes())
    info = _info(T5100 / "t5100" / f"{name}.expect")
    # git prints the address as the name when there is none
    assert (patch.author.name or patch.author.email) == info["Author"]
    assert patch.author.email == info["Email"]
