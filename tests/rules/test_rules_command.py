"""`patchlint rules list|show` and rule selection as a user meets them: all 41 rules, series
rules with their full documentation, Markdown rendered on a terminal and plain when piped,
`--select MA` meaning the MA rules only; and docs/rules.md kept equal to the rule folders."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from patchlint.engine.registry import default_registry
from patchlint.engine.rule import CODE_PREFIXES
from tests.cli.test_cli import run
from tests.conftest import CORPUS, FIXTURES, ROOT, require

SEED_001 = str(FIXTURES / "threads" / "001-physdevop-alloc-irq-vector.mbox")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_rules_list_shows_all_41_rules_series_rules_included():
    listing = run("rules", "list", "-f", "json")
    assert listing.returncode == 0, listing.stderr
    rows = json.loads(listing.stdout)
    assert len(rows) == 41
    series = {r["code"]: r["scope"] for r in rows if r["scope"] == "series"}
    assert set(series) == {
        "TR001",
        "TR002",
        "TR003",
        "TR004",
        "TR005",
        "TR006",
        "TR007",
        "TR008",
        "TR009",
        "TR010",
        "TR011",
        "TR012",
        "RV001",
        "RV002",
        "RV003",
        "MA001",
        "MA002",
        "MA003",
    }
    text = run("rules", "list")
    assert text.returncode == 0
    assert len(text.stdout.splitlines()) == 41
    assert any(line.startswith("TR002  stale-trailer") for line in text.stdout.splitlines())


def test_rules_show_prints_a_series_rules_full_docs_as_plain_markdown_when_piped():
    shown = run("rules", "show", "TR002")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert out.startswith("# TR002 stale-trailer\n")
    for heading in ("## What it does", "## Why it is bad", "## Example", "## Instead"):
        assert f"\n{heading}\n" in out
    assert "Motivated by: linux-hyperv/netdev, November 2025" in out
    assert "scope: series" in out
    assert not ANSI.search(out)
    assert run("rules", "show", "stale-trailer").stdout == out


def test_rules_show_renders_markdown_on_a_terminal():
    """Under a pseudo-terminal rich renders the Markdown: headings and emphasis are styled,
    their `#` and `**` markers gone."""
    leader, follower = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "patchlint", "rules", "show", "TR002"],
            cwd=ROOT,
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert proc.returncode == 0, proc.stderr
    raw = b"".join(chunks).decode("utf-8", "replace")
    assert ANSI.search(raw)
    plain = ANSI.sub("", raw)
    assert "TR002 stale-trailer" in plain and "What it does" in plain
    assert "# TR002" not in plain and "## What it does" not in plain
    assert "**warning**" not in plain and "warning" in plain


def test_select_ma_selects_the_approval_rules_and_not_malformed_trailer():
    xen = str(require(CORPUS / "xen-docs" / "MAINTAINERS"))
    cases = ROOT / "rules" / "missing-maintainer-approval" / "cases"
    netvsc = [str(cases / "netvsc-2019.mbox"), "--policy", "xen"]
    hyperv = str(cases / "MAINTAINERS-2019-hyperv")
    res = run("review", *netvsc, "--maintainers", hyperv, "--select", "MA", "-f", "json")
    assert res.returncode == 0, res.stderr  # the MA rules are info by default
    found = {f["code"] for s in json.loads(res.stdout)["series"] for f in s["findings"]}
    assert found == {"MA001", "MA002"}
    every = run("review", SEED_001, "--maintainers", xen, "-f", "json")
    assert every.returncode == 1  # the malformed sign-off, TR005, is an error
    assert "TR005" in {f["code"] for s in json.loads(every.stdout)["series"] for f in s["findings"]}
    name_prefix = run("review", SEED_001, "--select", "malformed")
    assert name_prefix.returncode == 2
    assert "--select malformed: no rule has that code or name" in name_prefix.stderr


def test_docs_rules_md_is_what_the_rule_folders_generate():
    res = subprocess.run(
        [sys.executable, "tools/gen-rules-doc.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in default_registry().rules:
        assert f"\n## {rule.code} {rule.name}\n" in text
        assert rule.meta.docs["why"].strip() in text


def test_every_code_prefix_is_explained_where_rule_authors_look():
    readme = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    assert {r.code[:2] for r in default_registry().rules} <= set(CODE_PREFIXES)
    for prefix in CODE_PREFIXES:
        assert f"`{prefix}`" in readme
