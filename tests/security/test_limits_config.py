"""`[limits]` in .patchlint.toml: each limit by its kebab-case key, strict about keys and
values, and in force on the command line (review, check; --tree for review)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patchlint.config import load_config
from patchlint.errors import UsageError
from patchlint.limits import DEFAULT_LIMITS
from tests.cli.test_cli import run
from tests.security.hostile import PATCH_BODY, mail


def test_limits_default_and_configured(tmp_path: Path):
    path = tmp_path / ".patchlint.toml"
    path.write_text("select = []\n")
    assert load_config(path).limits == DEFAULT_LIMITS
    path.write_text("[limits]\nmessage-bytes = 1000\ndiff-hunks = 5\n")
    limits = load_config(path).limits
    assert (limits.message_bytes, limits.diff_hunks) == (1000, 5)
    assert limits.line_chars == DEFAULT_LIMITS.line_chars


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[limits]\nline-chars = 0\n", "[limits] limits.line-chars must be a positive integer"),
        ('[limits]\nmessage-bytes = "1M"\n', "limits.message-bytes must be a positive integer"),
        ("[limits]\nmessage_bytes = 10\n", "unknown key [limits] 'message_bytes'"),
        ("limits = 3\n", "limits must be a table"),
    ],
)
def test_bad_limits_are_errors(tmp_path: Path, text: str, problem: str):
    path = tmp_path / ".patchlint.toml"
    path.write_text(text)
    with pytest.raises(UsageError) as err:
        load_config(path)
    assert problem in str(err.value)


def test_the_command_line_applies_the_configured_limits(tmp_path: Path):
    hunks = "".join(f"@@ -{10 * i + 1},1 +{10 * i + 1},1 @@\n-a{i}\n+b{i}\n" for i in range(8))
    patch = tmp_path / "p.eml"
    patch.write_bytes(
        mail(
            "p@test",
            "[PATCH] eight hunks",
            "A change.\n\nSigned-off-by: A U Thor <author@example.org>\n---\n"
            "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n" + hunks,
        )
    )
    config = tmp_path / "limits.toml"
    config.write_text("[limits]\ndiff-hunks = 5\nline-chars = 40\n")
    res = run("review", str(patch), "-f", "json", "--config", str(config))
    problems = [d["problem"] for d in json.loads(res.stdout)["diagnostics"]]
    assert "diff: 8 hunks, over limits.diff-hunks (5): not analysed" in problems
    res = run("review", str(patch), "-f", "json")
    assert not any("limits." in d["problem"] for d in json.loads(res.stdout)["diagnostics"])
    big = tmp_path / "big.eml"
    big.write_bytes(mail("big@test", "[PATCH] a change", PATCH_BODY + "x" * 100 + "\n"))
    res = run("check", str(big), "-f", "json", "--config", str(config))
    problems = [d["problem"] for d in json.loads(res.stdout)["diagnostics"]]
    assert any("longer than limits.line-chars (40) cut" in p for p in problems)


def test_tree_file_bytes_applies_to_review_tree(tmp_path: Path):
    from patchlint.analysis.tree import tree_reader
    from patchlint.limits import Limits

    (tmp_path / "f.c").write_text("a\n" * 100)
    assert tree_reader(tmp_path, Limits(tree_file_bytes=1000))("f.c") is not None
    assert tree_reader(tmp_path, Limits(tree_file_bytes=100))("f.c") is None
