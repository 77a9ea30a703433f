"""Patterns built from the kept parser output (`patchlint.regexcode`, what `lazyre` compiles
with) are the patterns `re.compile` builds - every lazy pattern of the package, cold and
warm - and a damaged or missing cache is plain `re.compile`."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from patchlint import regexcode
from patchlint.lazyre import LazyPattern
from tests.conftest import ROOT


def _lazy_patterns() -> list[tuple[str | bytes, int]]:
    for path in sorted((ROOT / "patchlint").rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if not name.endswith("__main__"):
            importlib.import_module(name)
    found = {
        (value.pattern, value.flags_given)
        for name, module in list(sys.modules.items())
        if name.startswith("patchlint")
        for value in vars(module).values()
        if isinstance(value, LazyPattern)
    }
    return sorted(found, key=repr)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PATCHLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcode.KEPT, "table", None)
    monkeypatch.setattr(regexcode.KEPT, "added", False)
    return tmp_path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    return (a, a.flags, a.groups, dict(a.groupindex)) == (b, b.flags, b.groups, dict(b.groupindex))


def test_every_lazy_pattern_is_res_cold_and_warm(fresh: Path) -> None:
    patterns = _lazy_patterns()
    assert len(patterns) > 200
    for pattern, flags in patterns:
        assert _same(regexcode.compile_kept(pattern, flags), re.compile(pattern, flags))
    regexcode.KEPT.save()
    (kept,) = fresh.glob("regex-code-*.marshal")
    regexcode.KEPT.forget()  # a new process
    for pattern, flags in patterns:
        assert _same(regexcode.compile_kept(pattern, flags), re.compile(pattern, flags))
    assert regexcode.KEPT.table is not None and set(regexcode.KEPT.table) == set(patterns)
    assert kept.is_file()


def test_a_damaged_cache_is_plain_re(fresh: Path) -> None:
    pattern, flags = r"(?P<tag>[A-Z][a-z-]+):\s*(.+)", re.I
    regexcode.compile_kept(pattern, flags)
    regexcode.KEPT.save()
    (kept,) = fresh.glob("regex-code-*.marshal")
    for garbage in (b"", b"\x00garbage", kept.read_bytes()[:50]):
        kept.write_bytes(garbage)
        regexcode.KEPT.forget()
        assert _same(regexcode.compile_kept(pattern, flags), re.compile(pattern, flags))
    regexcode.KEPT.table = {(pattern, flags): (0, [1, 2, 3], 0, {}, ())}  # code _sre rejects
    assert _same(regexcode.compile_kept(pattern, flags), re.compile(pattern, flags))


def test_bad_patterns_raise_as_re_does(fresh: Path) -> None:
    with pytest.raises(re.error):
        regexcode.compile_kept("(unclosed", 0)
