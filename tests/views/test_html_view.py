"""The pieces of the reader views that need no browser: archive links, finding prose,
one code view per hunk, the [view] configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from patchlint.config import DEFAULT_ARCHIVE, Flags, load_config
from patchlint.errors import UsageError
from patchlint.report.html_view import hunk_cards, page_script, prose
from patchlint.report.links import mail_link


@pytest.mark.parametrize(
    ("message_id", "url"),
    [
        (
            "20260404150155.3473682-1-dakr@kernel.org",
            "https://lore.kernel.org/all/20260404150155.3473682-1-dakr@kernel.org/",
        ),
        ("<a+b=c@x>", "https://lore.kernel.org/all/a+b=c@x/"),  # brackets dropped
        ("a/b?c#d%e@x", "https://lore.kernel.org/all/a%2Fb%3Fc%23d%25e@x/"),  # stays one segment
        (
            '"><script>x</script>@x',
            "https://lore.kernel.org/all/%22%3E%3Cscript%3Ex%3C%2Fscript%3E@x/",
        ),
        ("sp ace\n@x", "https://lore.kernel.org/all/sp%20ace%0A@x/"),
    ],
)
def test_message_url_escapes_as_public_inbox_does(message_id, url):
    assert mail_link(DEFAULT_ARCHIVE, message_id) == url


def test_no_link_without_an_archive_or_an_id():
    assert mail_link("", "a@b") is None
    assert mail_link(DEFAULT_ARCHIVE, None) is None
    assert mail_link(DEFAULT_ARCHIVE, "<>") is None


def test_prose_turns_code_spans_into_code_and_escapes_the_rest():
    html = prose("`<b>` is used & `x` too; a lone ` stays")
    assert str(html) == ("<code>&lt;b&gt;</code> is used &amp; <code>x</code> too; a lone ` stays")


def test_page_script_hash_is_the_scripts():
    import base64
    import hashlib

    script, source = page_script()
    digest = base64.b64encode(hashlib.sha256(str(script).encode()).digest()).decode()
    assert source == f"'sha256-{digest}'"
    assert "addEventListener" in script
    assert not any(api in script for api in ("fetch(", "XMLHttpRequest", "innerHTML", "eval("))


def _finding(
    code: str,
    lines: list[tuple[str, int | None, int | None, bool]],
    hunk: str = "@@ -10,8 +10,9 @@ f",
) -> dict[str, Any]:
    return {
        "rule": code.lower(),
        "code": code,
        "severity": "warning",
        "revision": 1,
        "patch": 1,
        "file": "a.c",
        "line": 1,
        "message": code,
        "message_id": "m@x",
        "status": "open",
        "quote": {
            "file": "a.c",
            "old_header": "--- a/a.c",
            "new_header": "+++ b/a.c",
            "hunk": hunk,
            "lines": [{"text": t, "old": o, "new": n, "hit": h} for t, o, n, h in lines],
        },
    }


def test_findings_on_one_hunk_share_one_view():
    a = _finding(
        "AA001",
        [
            (" ctx", 10, 10, False),
            ("-old", 11, None, False),
            ("+new", None, 11, True),
            (" after", 12, 12, False),
        ],
    )
    b = _finding(
        "BB002", [("+new", None, 11, False), (" after", 12, 12, False), ("+more", None, 13, True)]
    )
    c = _finding("CC003", [(" far", 30, 31, False), ("+late", None, 32, True)])
    other = _finding("DD004", [("+x", None, 5, True)], hunk="@@ -1,3 +1,4 @@")
    whole = {**_finding("EE005", []), "quote": None}
    cards = hunk_cards([a, b, c, other, whole])  # type: ignore[list-item]
    assert [[f["code"] for f in card["findings"]] for card in cards] == [
        ["AA001", "BB002", "CC003"],
        ["DD004"],
        ["EE005"],
    ]
    rows = cards[0]["rows"]
    assert [r["text"] for r in rows] == [" ctx", "-old", "+new", " after", "+more", " far", "+late"]
    assert [r["hits"] for r in rows] == [[], [], [0], [], [1], [], [2]]
    assert [r["gap"] for r in rows] == [False, False, False, False, False, True, False]
    assert cards[2]["rows"] == []


def test_view_config(tmp_path: Path):
    config = tmp_path / ".patchlint.toml"
    config.write_text(
        '[view]\nme = "Jane Doe <jane@example.org>"\n'
        '[archive]\nurl = "https://lists.example.org/xen-devel"\n'
    )
    loaded = load_config(config)
    assert loaded.view.me == "Jane Doe <jane@example.org>"
    assert loaded.view.archive_url == "https://lists.example.org/xen-devel/"
    flags = load_config(config, flags=Flags(me="j@x.org", links=False))
    assert (flags.view.me, flags.view.archive_url) == ("j@x.org", "")
    assert load_config(None, tmp_path).view.me == "Jane Doe <jane@example.org>"  # found
    for bad, problem in (
        ('[archive]\nurl = "javascript:alert(1)"\n', "not an http(s) archive URL"),
        ("[view]\nme = 3\n", "view.me must be an address"),
        ('[view]\nwho = "x"\n', "unknown key [view] 'who'"),
    ):
        config.write_text(bad)
        with pytest.raises(UsageError) as raised:
            load_config(config)
        assert problem in str(raised.value)
