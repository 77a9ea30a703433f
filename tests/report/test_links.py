"""Each revision's `links`: every message's archive page and the `b4 am`/`b4 shazam` lines,
from the configured archive; Message-IDs come from mail, so they are percent-encoded in URLs
and shell-quoted in the lines, and every format shows them as text, never as markup."""

from __future__ import annotations

import shlex
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from patchlint.config import DEFAULT_CONFIG, ArchiveConfig, Flags, load_config
from patchlint.errors import UsageError
from patchlint.pipeline import review
from patchlint.report.links import b4_commands, message_url
from patchlint.report.render import render
from patchlint.report.types import RevisionEntry
from tests.conftest import FIXTURES

SEED = FIXTURES / "threads" / "000-xen-netback-hw-features.mbox"
HOSTILE_ID = "x$(touch pwned)\"'<b>)](javascript:alert(1))@evil"
# what a Message-ID header can hold (`<...>` with no space or angle bracket inside)
HEADER_ID = "x$(touch${IFS}pwned)\"'[b])](javascript:alert(1))@evil"


def _revision(message_id: str | None, version: int = 2, inferred: bool = False) -> RevisionEntry:
    return {
        "version": version,
        "version_inferred": inferred,
        "message_id": message_id,
        "date": None,
        "author": "A <a@x>",
        "cover": None,
        "patches": [],
        "proposed_patches": [],
        "changelog": None,
        "state": "latest",
    }


def test_lore_gets_the_bare_message_id_and_other_archives_the_url() -> None:
    lore = "https://lore.kernel.org/all/"
    assert b4_commands(lore, _revision("a.b@c")) == ("b4 am -v 2 a.b@c", "b4 shazam -v 2 a.b@c")
    mine = "http://archive.example.org/xen-devel/"
    assert b4_commands(mine, _revision("a.b@c")) == (
        f"b4 am -v 2 {mine}a.b@c/",
        f"b4 shazam -v 2 {mine}a.b@c/",
    )
    # b4 reads the version from the subjects: one patchlint inferred is v1 to b4
    assert b4_commands(lore, _revision("a.b@c", 3, inferred=True)) == (
        "b4 am -v 1 a.b@c",
        "b4 shazam -v 1 a.b@c",
    )
    assert b4_commands(lore, _revision(None)) is None


def test_hostile_message_id_stays_one_argument_and_one_url() -> None:
    archive = "http://archive.example.org/xen-devel/"
    am, shazam = b4_commands(archive, _revision(HOSTILE_ID)) or ("", "")
    argv = shlex.split(am)
    assert argv[:4] == ["b4", "am", "-v", "2"] and len(argv) == 5
    assert argv[4] == message_url(archive, HOSTILE_ID)
    url = message_url(archive, HOSTILE_ID)
    assert url.startswith(archive) and url.endswith("@evil/")
    assert not set(url) & set(" \"'<>()[]`\\")
    assert shlex.split(shazam)[4] == url


def _report(tmp_path: Path, **archive: Any) -> dict[str, Any]:
    text = SEED.read_bytes().replace(b"20110419133506.8A47F13A6A@rere.qmqm.pl", HEADER_ID.encode())
    mbox = tmp_path / "seed.mbox"
    mbox.write_bytes(text)
    config = replace(DEFAULT_CONFIG, archive=ArchiveConfig(**archive))
    return dict(review([str(mbox)], config=config))


def test_every_format_shows_hostile_links_as_text(tmp_path: Path) -> None:
    report = _report(tmp_path, url="http://archive.example.org/xen-devel/")
    v2 = report["series"][0]["revisions"][1]
    hostile = v2["message_id"]  # as read from the header
    assert hostile == HEADER_ID
    url = message_url("http://archive.example.org/xen-devel/", hostile)
    assert v2["links"]["messages"][hostile] == url
    assert shlex.split(v2["links"]["b4_am"])[4] == url
    html = render(report, "html")  # type: ignore[arg-type]
    assert f'href="{url}"' in html
    assert HEADER_ID not in html  # its quotes escaped wherever it is shown
    markdown = render(report, "markdown")  # type: ignore[arg-type]
    assert f"(<{url}>)" in markdown
    assert "](javascript:" not in markdown.replace(url, "")
    text = render(report, "text")  # type: ignore[arg-type]
    assert url in text


def test_links_off_leaves_the_report_as_it_was(tmp_path: Path) -> None:
    on = _report(tmp_path)
    off = _report(tmp_path, links=False)
    for revision in on["series"][0]["revisions"]:
        assert revision.pop("links")["archive"] == "https://lore.kernel.org/all/"
    assert on == off


@pytest.mark.parametrize(
    ("toml", "flags", "url", "links"),
    [
        ("", Flags(), "https://lore.kernel.org/all/", True),
        (
            '[archive]\nurl = "http://pi.example.org/xen-devel"\n',
            Flags(),
            "http://pi.example.org/xen-devel/",
            True,
        ),
        (
            '[archive]\nurl = "http://pi.example.org/a/"\nlinks = false\n',
            Flags(archive_url="https://lore.kernel.org/netdev", links=True),
            "https://lore.kernel.org/netdev/",
            True,
        ),
        ("[archive]\nlinks = false\n", Flags(), "https://lore.kernel.org/all/", False),
    ],
)
def test_archive_config_and_flags(
    tmp_path: Path, toml: str, flags: Flags, url: str, links: bool
) -> None:
    path = tmp_path / ".patchlint.toml"
    path.write_text(toml)
    config = load_config(path, flags=flags)
    assert (config.archive.url, config.archive.links) == (url, links)


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('[archive]\nurl = "ftp://pi.example.org/"\n', "archive.url: not an http(s) archive URL"),
        ('[archive]\nurl = "https://lore.kernel.org/all/?q=x"\n', "not an http(s) archive URL"),
        ("[archive]\nurl = 3\n", "archive.url must be a string"),
        ('[archive]\nlinks = "yes"\n', "archive.links must be true or false"),
        ("[archive]\nlink = false\n", "unknown key [archive] 'link'"),
    ],
)
def test_bad_archive_config_is_a_usage_error(tmp_path: Path, toml: str, says: str) -> None:
    path = tmp_path / ".patchlint.toml"
    path.write_text(toml)
    with pytest.raises(UsageError, match=None) as caught:
        load_config(path)
    assert says in str(caught.value)
