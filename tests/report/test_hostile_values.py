"""Any text mail can carry - control characters, markup, line breaks, lone surrogates of a
bad charset - in the values every format shows: nothing raises, HTML and Markdown stay
text, mail headers stay one line each (tests/report/test_mail_headers.py runs the mail
headers and the composer through 1,000 examples each)."""

from __future__ import annotations

import copy
import email
import email.policy
import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from patchlint.report.email import patch_replies, revision_reply
from patchlint.report.render import render

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    [
        "<script>alert(1)</script>",
        "\r\nBcc: x@example.org",
        "[bold red]x[/]",
        "\x1b[31mred",
        "`` ``` ~~~",
        "# heading",
        "a|b",
        "&amp; &lt;",
        "\u2028\u0085",
    ]
)


def poisoned(report: dict[str, Any], value: str) -> dict[str, Any]:
    out = copy.deepcopy(report)
    s = out["series"][0]
    s["title"] = value
    for rev in s["revisions"]:
        for p in [*rev["patches"], *rev["proposed_patches"]]:
            p["subject"] = p["title"] = f"[PATCH] {value}"
            p["author"] = f"{value} <a@example.org>"
            p["cc"] = [*p["cc"], f"{value} <b@example.org>", value]
    for f in s["findings"]:
        f["message"] = value
        if f["quote"]:
            for row in f["quote"]["lines"]:
                row["text"] = "+" + value
    for c in s["review_comments"]:
        c["comment"] = c["excerpt"] = value
    return out


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=TEXT)
@example(value="':\x80'")  # failed once here without being replayed (now pinned)
@example(value=".@.")
def test_every_format_survives_hostile_values(seed_reports, value):
    report = poisoned(seed_reports["000"], value)
    for fmt in ("text", "markdown", "html", "json", "sarif", "rdjsonl"):
        out = render(report, fmt)
        assert isinstance(out, str) and out
    html = render(report, "html")
    assert "<script>alert" not in html
    assert "<script" not in MarkdownIt("commonmark").enable("table").render(
        render(report, "markdown")
    )
    json.loads(render(report, "sarif"))
    when = datetime(2024, 1, 1, tzinfo=UTC)
    replies = [
        *patch_replies(report, date=when, superseded=True),
        revision_reply(report, 0, 1, date=when),
    ]
    assert len(replies) == 3
    for reply in replies:
        assert reply is not None
        parsed = email.message_from_bytes(bytes(reply), policy=email.policy.default)
        assert "Bcc" not in parsed
        for name, header in parsed.items():
            assert "\n" not in str(header) and "\r" not in str(header), name
