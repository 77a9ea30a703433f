"""`.patchlint.toml`: found upwards to the repository root, merged with the command line,
strict about what it accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patchlint.config import find_config, load_config
from patchlint.errors import UsageError
from tests.cli.test_cli import run
from tests.cli.test_rules_cli import SEED_001


def _findings(stdout: str) -> list[dict[str, object]]:
    return [f for s in json.loads(stdout)["series"] for f in s["findings"]]


def test_found_upwards_but_not_past_the_repository_root(tmp_path: Path):
    (tmp_path / ".patchlint.toml").write_text('select = ["XS"]\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub" / "dir").mkdir(parents=True)
    assert find_config(repo / "sub" / "dir") is None  # the repo root ends the search
    (repo / ".patchlint.toml").write_text('ignore = ["SP001"]\n')
    assert find_config(repo / "sub" / "dir") == repo / ".patchlint.toml"
    assert load_config(None, repo / "sub").ignore == ("SP001",)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('fail-on = "sometimes"\n', "fail-on must be one of"),
        ('ignroe = ["SP001"]\n', "unknown key 'ignroe'"),
        ('[hook]\nthred = "v1.mbox"\n', "unknown key [hook] 'thred'"),
        ("select = [1]\n", "select must be a list"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_mistakes_are_errors_not_silence(tmp_path: Path, text: str, problem: str):
    path = tmp_path / ".patchlint.toml"
    path.write_text(text)
    with pytest.raises(UsageError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)
    res = run("check", SEED_001, "--config", str(path))
    assert res.returncode == 2 and problem in res.stderr


def test_config_selects_ignores_and_sets_the_fail_level(tmp_path: Path):
    config = tmp_path / "patchlint.toml"
    config.write_text(
        'select = ["XS001", "XS002", "CS003"]\nignore = ["debug-printk"]\n'
        'fail-on = "warning"\n[hook]\nthread = "v1.mbox"\n'
    )
    assert load_config(config).hook.thread == tmp_path / "v1.mbox"
    res = run("check", SEED_001, "--config", str(config), "-f", "json")
    rules = {f["rule"] for f in _findings(res.stdout)}
    assert rules == {"hardcoded-dom0", "error-to-success"}
    assert res.returncode == 1  # warnings fail at the config's level
    # the command line wins: --fail-on replaces, --select replaces, --ignore adds
    assert run("check", SEED_001, "--config", str(config), "--fail-on", "error").returncode == 0
    res = run(
        "check",
        SEED_001,
        "--config",
        str(config),
        "-f",
        "json",
        "--select",
        "XS",
        "--ignore",
        "XS001",
    )
    assert {f["rule"] for f in _findings(res.stdout)} == {"xen-coding-style"}


def test_per_file_ignores_drop_findings_on_matching_paths_only(tmp_path: Path):
    config = tmp_path / "patchlint.toml"
    config.write_text(
        'select = ["XS001", "CS003"]\n'
        '[per-file-ignores]\n"xen/common/*" = ["hardcoded-dom0", "CS003"]\n'
    )
    found = _findings(run("check", SEED_001, "--config", str(config), "-f", "json").stdout)
    assert [(f["rule"], f["file"]) for f in found] == [("error-to-success", "xen/arch/x86/irq.c")]
    config.write_text('[per-file-ignores]\n"xen/*" = ["no-such-rule"]\n')
    res = run("check", SEED_001, "--config", str(config))
    assert res.returncode == 2 and "no rule has that code or name" in res.stderr
