"""Dataclasses built through the kept code (`patchlint.dataclasscode`, installed by the
command line) get the methods `exec` of dataclasses' own text gives them - cold, warm, and
from a damaged cache - and every method behaves the same."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from patchlint import dataclasscode


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("PATCHLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(dataclasscode.KEPT, "table", None)
    monkeypatch.setattr(dataclasscode.KEPT, "added", False)
    monkeypatch.setattr(dataclasscode.KEPT, "used", set())
    yield tmp_path


def _build(kept: bool, monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """The same dataclass definitions, built through the kept code or the builtin exec."""
    if kept:
        monkeypatch.setattr(dataclasses, "exec", dataclasscode.kept_exec, raising=False)
    else:
        monkeypatch.delattr(dataclasses, "exec", raising=False)

    @dataclasses.dataclass(frozen=True, slots=True, order=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = ()

    @dataclasses.dataclass
    class Box:
        name: str
        items: list[int] = dataclasses.field(default_factory=list)
        hidden: str = dataclasses.field(default="h", repr=False, compare=False)
        _: dataclasses.KW_ONLY
        size: float = 1.0

    @dataclasses.dataclass(eq=True, unsafe_hash=True)
    class Key:
        a: str
        b: int | None = None

    monkeypatch.delattr(dataclasses, "exec", raising=False)
    return [Point, Box, Key]


METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__")


def _code(fn: Callable[..., Any]) -> tuple[Any, ...]:
    c = fn.__code__
    return (c.co_code, c.co_consts, c.co_names, c.co_varnames, c.co_filename, c.co_flags)


def _same_classes(a: list[type], b: list[type]) -> None:
    for x, y in zip(a, b, strict=True):
        for name in METHODS:
            fx, fy = x.__dict__.get(name), y.__dict__.get(name)
            assert (fx is None) == (fy is None), (x, name)
            if fx is not None and hasattr(fx, "__code__"):
                assert _code(fx) == _code(fy), (x, name)
                assert fx.__annotations__ == fy.__annotations__, (x, name)
                assert fx.__qualname__ == fy.__qualname__
        assert [f.name for f in dataclasses.fields(x)] == [f.name for f in dataclasses.fields(y)]


def _behaviour(classes: list[type]) -> list[Any]:
    point, box, key = classes
    p, q = point(1, 2, ("a",)), point(1, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 5
    b = box("n", [1], size=2.0)
    return [
        repr(p),
        p == point(1, 2, ("a",)),
        p < q,
        hash(p) == hash(point(1, 2, ("a",))),
        repr(b),
        b == box("n", [1], "other", size=2.0),
        box("m").items,
        repr(key("k")),
        hash(key("k", 1)) == hash(key("k", 1)),
    ]


def test_kept_code_builds_the_builtins_classes_cold_and_warm(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _build(False, monkeypatch)
    cold = _build(True, monkeypatch)
    assert dataclasscode.KEPT.added and dataclasscode.KEPT.table
    dataclasscode.KEPT.save()
    (kept,) = fresh.glob("dataclass-code-*.marshal")
    dataclasscode.KEPT.forget()  # a new process
    warm = _build(True, monkeypatch)
    assert not dataclasscode.KEPT.added  # every text was kept: nothing compiled
    assert kept.is_file()
    for built in (cold, warm):
        _same_classes(plain, built)
        assert _behaviour(built) == _behaviour(plain)


def test_a_damaged_cache_compiles_as_exec_does(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _build(False, monkeypatch)
    _build(True, monkeypatch)
    dataclasscode.KEPT.save()
    (kept,) = fresh.glob("dataclass-code-*.marshal")
    for garbage in (b"", b"\x00garbage", kept.read_bytes()[:50]):
        kept.write_bytes(garbage)
        dataclasscode.KEPT.table = None
        built = _build(True, monkeypatch)
        _same_classes(plain, built)
        assert _behaviour(built) == _behaviour(plain)


def test_exec_without_namespaces_uses_the_callers(fresh: Path) -> None:
    ns: dict[str, Any] = {}
    dataclasscode.kept_exec("y = 41 + 1", ns)
    assert ns["y"] == 42
    dataclasscode.kept_exec(compile("z = 1", "<s>", "exec"), ns)
    assert ns["z"] == 1


def test_a_full_cache_starts_again_with_the_runs_texts(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(True, monkeypatch)
    mine = set(dataclasscode.KEPT.used)
    assert dataclasscode.KEPT.table is not None
    stale = {f"x{i} = {i}": compile(f"x{i} = {i}", "<string>", "exec") for i in range(5)}
    dataclasscode.KEPT.table.update(stale)
    monkeypatch.setattr(dataclasscode, "MAX_KEPT", len(mine) + 4)  # one past the bound
    dataclasscode.KEPT.save()
    dataclasscode.KEPT.forget()
    assert set(dataclasscode.KEPT.load()) == mine
    monkeypatch.setattr(dataclasscode, "MAX_KEPT", 10_000)  # under the bound: all kept
    dataclasscode.KEPT.table.update(stale)
    dataclasscode.KEPT.added = True
    dataclasscode.KEPT.save()
    dataclasscode.KEPT.table = None
    assert set(dataclasscode.KEPT.load()) == mine | set(stale)
