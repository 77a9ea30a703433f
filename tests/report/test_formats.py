"""Every output format, produced for all four seed fixtures: JSON and SARIF validated against
their schemas, Markdown rendered by a CommonMark parser, the terminal report at 80 columns,
reviewdog's rdjsonl; golden files where the output is stable (PATCHLINT_UPDATE_GOLDEN=1
rewrites them)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from patchlint import __version__
from patchlint.pipeline import review
from patchlint.report.email import patch_replies
from patchlint.report.render import render
from tests.conftest import CORPUS, ROOT, require
from tests.report.conftest import SEEDS
from tests.report.mail import IMG, SCRIPT, hostile_mbox, series_mbox

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = CORPUS / "sarif" / "sarif-schema-2.1.0.json"


def golden(name: str, text: str) -> None:
    """Compare with tests/report/golden/NAME (the version number written as VERSION)."""
    text = text.replace(__version__, "VERSION")
    path = GOLDEN / name
    if os.environ.get("PATCHLINT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path} (PATCHLINT_UPDATE_GOLDEN=1 writes it)"
    assert text == path.read_text(encoding="utf-8")


def plain_text(report: dict[str, Any], width: int = 80) -> str:
    """The terminal report as a pipe receives it (no colour)."""
    console = Console(
        width=width,
        no_color=True,
        highlight=False,
        soft_wrap=True,
        force_terminal=False,
        record=True,
        file=open(os.devnull, "w"),  # noqa: SIM115
    )
    console.print(render(report, "text"), end="")
    console.file.close()
    return console.export_text()


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(require(SARIF_SCHEMA).read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# --- JSON --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_json_validates(seed, seed_reports, validate_report):
    report = json.loads(render(seed_reports[seed], "json"))
    validate_report(report)
    for s in report["series"]:
        for f in s["findings"]:
            assert re.fullmatch(r"[0-9a-f]{32}", f["fingerprint"])
            if f["file"] and f["line"]:
                assert f["quote"] is not None, f
                hits = [r for r in f["quote"]["lines"] if r["hit"]]
                assert hits and hits[0]["new"] == f["line"]


def test_json_quote_of_the_seed_000_prototype(seed_reports):
    cs001 = next(f for f in seed_reports["000"]["series"][0]["findings"] if f["code"] == "CS001")
    q = cs001["quote"]
    assert q["old_header"] == "--- a/drivers/net/xen-netback/interface.c"
    assert q["hunk"].startswith("@@ -165,69 +165,18 @@")
    assert [r["text"] for r in q["lines"] if r["hit"]] == [
        "+static u32 xenvif_fix_features(struct xenvif *vif, u32 features)"
    ]
    patch = seed_reports["000"]["series"][0]["revisions"][0]["patches"][0]
    assert patch["to"] == ["netdev@vger.kernel.org"]
    assert patch["cc"] == [
        "Ian Campbell <ian.campbell@citrix.com>",
        "xen-devel@lists.xensource.com",
    ]


def test_multi_line_statement_is_quoted_whole(tmp_path):
    mbox = series_mbox(tmp_path / "s.mbox")
    text = mbox.read_text().replace("+int b;   \n+int c;\n", "+int b(int x,   \n+      int y);\n")
    mbox.write_text(text)
    report = review([str(mbox)])
    f = report["series"][0]["findings"][0]
    assert f["code"] == "ST004"
    assert [r["text"] for r in f["quote"]["lines"] if r["hit"]] == [
        "+int b(int x,   ",
        "+      int y);",
    ]


# --- SARIF -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_sarif_validates_against_the_official_schema(seed, seed_reports, sarif_validator):
    report = seed_reports[seed]
    sarif = json.loads(render(report, "sarif"))
    errors = sorted(sarif_validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = [f for s in report["series"] for f in s["findings"]]
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["code"]
        assert result["partialFingerprints"]["patchlintFinding/v1"] == finding["fingerprint"]
        if finding["file"]:
            loc = result["locations"][0]["physicalLocation"]
            assert loc["artifactLocation"]["uri"] == finding["file"]
            assert loc["region"]["startLine"] == finding["line"]
        assert ("suppressions" in result) == (finding["status"] == "resolved")


def test_sarif_rules_carry_their_docs(seed_reports):
    rules = {
        r["id"]: r
        for r in json.loads(render(seed_reports["000"], "sarif"))["runs"][0]["tool"]["driver"][
            "rules"
        ]
    }
    cs001 = rules["CS001"]
    assert cs001["name"] == "ops-prototype-mismatch"
    assert cs001["defaultConfiguration"]["level"] == "error"
    assert "## Why it is bad" in cs001["help"]["markdown"]
    assert "seed 000" in cs001["help"]["text"]
    assert rules["TR006"]["shortDescription"]["text"].startswith("a review trailer")
    assert rules["SP001"]["defaultConfiguration"]["level"] == "note"


def test_sarif_fingerprints_survive_line_shifts_and_tell_code_apart(tmp_path):
    first = review([str(series_mbox(tmp_path / "a.mbox", cover=False))])
    moved = tmp_path / "b.mbox"
    moved.write_text(
        series_mbox(tmp_path / "b0.mbox", cover=False)
        .read_text()
        .replace("@@ -1,3 +1,5 @@", "@@ -40,3 +40,5 @@")
    )
    second = review([str(moved)])
    other = review([str(series_mbox(tmp_path / "c.mbox", cover=False, code=" /* x */"))])

    def results(report: dict[str, Any]) -> list[tuple[int, str]]:
        run = json.loads(render(report, "sarif"))["runs"][0]
        return [
            (
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["patchlintFinding/v1"],
            )
            for r in run["results"]
        ]

    (l1, fp1), _ = results(first)
    (l2, fp2), _ = results(second)
    (_, fp3), _ = results(other)
    assert (l1, l2) == (2, 41)
    assert fp1 == fp2
    assert fp3 != fp1


def test_sarif_uri_is_escaped(tmp_path, sarif_validator):
    mbox = series_mbox(tmp_path / "s.mbox", cover=False)
    mbox.write_text(mbox.read_text().replace("foo.c", "dir with space/f#1.c"))
    sarif = json.loads(render(review([str(mbox)]), "sarif"))
    assert not list(sarif_validator.iter_errors(sarif))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"dir%20with%20space/f%231.c"}


# --- Markdown ----------------------------------------------------------------------------


def _html_of(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_markdown_renders(seed, seed_reports):
    report = seed_reports[seed]
    html = _html_of(render(report, "markdown"))
    assert html.count("<h2>Series ") == len(report["series"])
    for s in report["series"]:
        for f in s["findings"]:
            assert f"<code>{f['code']}</code>" in html
    assert "<table>" in html


def test_markdown_of_a_hostile_thread_is_text(tmp_path):
    report = review([str(hostile_mbox(tmp_path / "h.mbox"))])
    markdown = render(report, "markdown")
    html = _html_of(markdown)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    # code blocks keep the code as written (escaped by the renderer, not by us)
    assert f"+int b; /* {SCRIPT} {IMG} */" in markdown


def test_markdown_golden_seed_000(seed_reports):
    golden("seed-000.md", render(seed_reports["000"], "markdown"))


# --- terminal text -----------------------------------------------------------------------

_QUOTED_CODE = re.compile(r"^ {8}\s*\d* [+\- ]")  # a quoted diff line under a finding
# an archive link or a b4 command line: one token that must not be broken to be copied
_UNBREAKABLE = re.compile(r"^ +(?:get it: +)?(?:https?://\S+|b4 (?:am|shazam) -v \d+ \S+)$")


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_text_fits_80_columns(seed, seed_reports):
    text = plain_text(seed_reports[seed])
    too_wide = [
        line
        for line in text.splitlines()
        if len(line) > 80 and not _QUOTED_CODE.match(line) and not _UNBREAKABLE.match(line)
    ]
    assert not too_wide, too_wide


def test_text_seed_000_content(seed_000_with_tr006):
    text = plain_text(seed_000_with_tr006)
    assert "    v1  2011-04-19 11:56  Michał Mirosław  superseded  6 replies" in text
    assert "    v2  2011-04-19 13:35  Michał Mirosław  applied  3 replies" in text
    assert "v1 -> v2  [1] modified: xenvif_fix_features" in text
    trailers = text[text.index("  Trailers") : text.index("  Thread events")]
    assert (
        "in the patch mail, 2011-04-19 13:35\n          contradicted-trailer (TR006), "
        "resolved" in trailers
    )
    assert "given in a reply, 2011-04-20 07:58" in trailers
    findings = text[text.index("  Findings") :]
    assert (
        findings.index("v1 [1/1] net: xen-netback")
        < findings.index("CS001")
        < findings.index("v2 [1/1]")
        < findings.index("TR006")
    )
    assert "  168 +static u32 xenvif_fix_features(struct xenvif *vif, u32 features)" in findings
    golden("seed-000.txt", text)


def test_text_review_comments_unresolved_first(tmp_path):
    report = review([str(hostile_mbox(tmp_path / "h.mbox"))])
    text = plain_text(report)
    assert "  Review comments (unresolved first)\n    open  v1 [1]  Bob Reviewer" in text
    assert SCRIPT in text  # text, printed as is: rich markup cannot be injected either


def _cli(*args: str, tty: bool = False) -> tuple[int, bytes]:
    cmd = [sys.executable, "-m", "patchlint", *args]
    if not tty:
        res = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120)
        return res.returncode, res.stdout
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(cmd, stdout=follower, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pty is closed when the child exits
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return proc.wait(timeout=120), out


def test_text_is_coloured_on_a_terminal_and_plain_when_piped():
    code, piped = _cli("review", str(SEEDS["000"]))
    assert code == 0 and b"\x1b[" not in piped
    code, on_tty = _cli("review", str(SEEDS["000"]), tty=True)
    assert code == 0 and b"\x1b[" in on_tty
    assert re.sub(rb"\x1b\[[0-9;]*m", b"", on_tty).replace(b"\r\n", b"\n") == piped


# --- rdjsonl -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_rdjsonl(seed, seed_reports):
    report = seed_reports[seed]
    lines = render(report, "rdjsonl").splitlines()
    expected = [
        f
        for s in report["series"]
        for f in s["findings"]
        if f["status"] == "open" and f["file"] and f["line"]
    ]
    assert len(lines) == len(expected)
    for line, f in zip(lines, expected, strict=True):
        d = json.loads(line)
        assert d["location"]["path"] == f["file"]
        assert d["location"]["range"]["start"]["line"] == f["line"]
        assert d["code"]["value"] == f["code"] and d["source"]["name"] == "patchlint"
        assert d["severity"] in ("ERROR", "WARNING", "INFO")


# --- email golden ------------------------------------------------------------------------


def test_email_golden_seed_000(seed_reports):
    replies = patch_replies(
        seed_reports["000"], date=datetime(2024, 5, 1, tzinfo=UTC), superseded=True
    )
    golden("seed-000.eml", "\n".join(bytes(m).decode() for m in replies))


# --- the CLI writes every format ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "sarif", "rdjsonl"])
def test_cli_writes_each_format(fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    code, stdout = _cli("review", str(SEEDS["000"]), "--format", fmt, "-o", str(out))
    assert code == 0 and stdout == b""
    text = out.read_text(encoding="utf-8")
    assert "xenvif_fix_features" in text
    assert "\x1b[" not in text


def test_markdown_and_html_carry_the_approval_verdict(tmp_path):
    maintainers = require(CORPUS / "xen-docs" / "MAINTAINERS")
    for fmt in ("markdown", "html"):
        out = tmp_path / f"r.{fmt}"
        code, _ = _cli(
            "review",
            str(SEEDS["002"]),
            "--maintainers",
            str(maintainers),
            "--format",
            fmt,
            "-o",
            str(out),
        )
        assert code == 0
        text = out.read_text(encoding="utf-8")
        if fmt == "markdown":
            assert (
                "- approval: **not committable**\n  - needs an Acked-by or Reviewed-by "
                "from a maintainer of TOOLSTACK" in text
            )
        else:
            assert (
                '<div class="approval">approval: <span class="badge sev-error">not '
                "committable</span>" in text
            )
