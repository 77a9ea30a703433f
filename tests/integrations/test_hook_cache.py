"""The mails of one `git send-email` run share work: each stashed mail's parse is kept,
keyed by its content, and the series check on the last mail reads it back instead of
parsing the earlier mails again (a missing or broken parse is redone); the cache goes with
the stash."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from patchlint.config import DEFAULT_CONFIG
from patchlint.engine.registry import default_registry
from patchlint.ingest import read_messages
from patchlint.integrations import sendemail
from patchlint.integrations.sendemail import Outgoing, Stash, validate
from patchlint.model.message import Diagnostic, Message
from patchlint.model.series import Grouping
from patchlint.pipeline import review_grouping
from tests.conftest import require_program
from tests.integrations.gitrepo import Repo

reviewed: list[int] = []  # patches each series check (review_grouping) saw


def series(tmp_path: Path) -> tuple[Repo, list[Path]]:
    require_program("git")
    repo = Repo(tmp_path / "repo", tmp_path / "home")
    for n in range(3):
        repo.write(
            f"drivers/net/dummy/step{n}.c", f"int dummy_step{n}(void)\n{{\n\treturn {n};\n}}\n"
        )
        repo.git("add", ".")
        repo.commit(f"dummy: add step {n}", trailers=("Acked-by: Ian <ian@example.org>",))
    return repo, repo.format_patch(tmp_path / "out", "-3")


def send(
    repo: Repo, files: list[Path], monkeypatch: pytest.MonkeyPatch, broken: bool = False
) -> tuple[list[list[str]], list[str]]:
    """Each file through `validate` as git 2.41 drives the hook; `broken`: every kept parse
    is damaged before the last mail. Returns the lines of each mail and which stashed
    files the last mail parsed; `reviewed` gets how many patches each series check saw."""
    git_dir = repo.path / ".git"
    stash = Stash(git_dir)
    selection = default_registry().select()
    parsed: list[str] = []

    def spy(
        paths: Iterable[str], diagnostics: list[Diagnostic], *args: object, **kwargs: object
    ) -> list[Message]:
        paths = list(paths)
        parsed.extend(paths)
        return read_messages(paths, diagnostics, *args, **kwargs)  # type: ignore[arg-type]

    def review_spy(grouping: Grouping, *args: object, **kwargs: object) -> Any:
        reviewed.append(sum(len(rev.patches) for s in grouping.series for rev in s.revisions))
        return review_grouping(grouping, *args, **kwargs)

    lines = []
    for counter, patch in enumerate(files, 1):
        last = counter == len(files)
        if last:
            if broken:
                for kept in (stash.root / "parsed").glob("*.pickle"):
                    kept.write_bytes(b"not a pickle")
            monkeypatch.setattr(sendemail, "read_messages", spy)
            monkeypatch.setattr(sendemail, "review_grouping", review_spy)
        out = Outgoing(patch, counter=counter, total=len(files))
        verdict = validate(out, git_dir, selection, DEFAULT_CONFIG, now=1.7e9 + counter)
        lines.append(verdict.lines)
        if not last:
            stashed = stash.files()[-1]
            kept = stash.parse_file(stashed.read_bytes(), stashed, DEFAULT_CONFIG)
            assert pickle.loads(kept.read_bytes()) == read_messages([str(stashed)], [])
            assert len(list(kept.parent.glob("*.pickle"))) == counter
    monkeypatch.undo()
    assert not stash.root.exists()  # the cache went with the stash
    return lines, [Path(p).name for p in parsed if Path(p).parent == stash.root]


def test_the_last_mail_reads_the_kept_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, files = series(tmp_path)
    assert len(files) == 3
    reviewed.clear()
    kept, reparsed = send(repo, files, monkeypatch)
    assert reparsed == ["0003.eml"]  # its own stashed copy only, when it was stashed
    redone, reparsed = send(repo, files, monkeypatch, broken=True)
    assert reparsed == ["0003.eml", "0001.eml", "0002.eml"]  # the damaged ones again
    assert kept == redone
    # the last mail: its own check (1 patch), then the series check over all 3; twice
    assert reviewed == [1, 3, 1, 3]
