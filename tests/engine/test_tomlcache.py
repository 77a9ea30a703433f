"""rule.toml tables from the cache (`engine.tomlcache`) are tomllib's, whatever the cache
file holds: warm, cold, edited rules, a corrupt or unwritable cache, a value it cannot keep."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from patchlint.engine import tomlcache
from tests.conftest import ROOT

RULE_TOMLS = sorted((ROOT / "rules").glob("*/rule.toml"))


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own and a process that has read no cache yet."""
    monkeypatch.setenv("PATCHLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tomlcache.KEPT, "table", None)
    monkeypatch.setattr(tomlcache.KEPT, "used", set())
    return tmp_path


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in RULE_TOMLS]


def test_every_rule_reads_the_same_cold_and_warm(fresh: Path) -> None:
    texts = _texts()
    assert len(texts) > 30
    assert [tomlcache.loads(t) for t in texts] == [tomllib.loads(t) for t in texts]
    (cached,) = fresh.glob("rules-toml-*.marshal")
    tomlcache.KEPT.forget()  # a new process: the tables come from the file
    warm = [tomlcache.loads(t) for t in texts]
    assert warm == [tomllib.loads(t) for t in texts]
    assert tomlcache.KEPT.table is not None and set(tomlcache.KEPT.table) == set(texts)
    warm[0]["code"] = "changed"  # each call gets a table of its own
    assert tomlcache.loads(texts[0]) == tomllib.loads(texts[0])
    assert cached.is_file()


def test_an_edited_rule_is_parsed_anew(fresh: Path) -> None:
    assert tomlcache.loads('code = "ST001"\n') == {"code": "ST001"}
    tomlcache.KEPT.forget()
    assert tomlcache.loads('code = "ST002"\n') == {"code": "ST002"}


def test_a_corrupt_cache_costs_only_the_parsing(fresh: Path) -> None:
    text = _texts()[0]
    tomlcache.loads(text)
    (cached,) = fresh.glob("rules-toml-*.marshal")
    for garbage in (b"", b"\x00garbage", cached.read_bytes()[:100]):
        cached.write_bytes(garbage)
        tomlcache.KEPT.forget()
        assert tomlcache.loads(text) == tomllib.loads(text)


def test_errors_and_dates_are_tomllibs(fresh: Path) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomlcache.loads("code = \n")
    dated = "when = 2026-12-06\n"
    assert tomlcache.loads(dated) == tomllib.loads(dated)  # marshal cannot keep a date
    assert tomlcache.loads(dated) == tomllib.loads(dated)


def test_an_unwritable_cache_folder_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PATCHLINT_CACHE_DIR", str(blocked / "cache"))
    monkeypatch.setattr(tomlcache.KEPT, "table", None)
    text = _texts()[0]
    assert tomlcache.loads(text) == tomllib.loads(text)
