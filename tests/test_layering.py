"""The pipeline is visible in the tree and data flows one way: a package imports only packages
above it in LAYERS (lazy imports inside functions count), and no two modules import each
other, directly or round a longer cycle. A new top-level module or package must be placed in
LAYERS before it can be imported by anything."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "patchlint"

# lowest first; a unit may import any unit of an earlier layer or its own, never a later one
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "errors", "limits", "cachedir", "regexcode", "lazyre", "dataclasscode"),
    ("model",),
    ("config",),
    ("ingest",),
    ("maintainers",),
    ("c", "vocabulary"),  # knowledge the rules read: C, the ops KB, word lists
    ("analysis",),
    ("engine",),
    ("report",),
    ("pipeline",),
    ("integrations",),
    ("cli", "__main__"),
)
RANK = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """Every patchlint module `name` imports (at any depth of the file), resolved to a
    module (`from patchlint.x import y` is `patchlint.x.y` when that is a module)."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("patchlint"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("patchlint"):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield (full if full in known else base), node.lineno


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: {m for m, _ in _imports(name, path, known) if m in known and m != name}
        for name, path in modules.items()
    }


def test_every_unit_has_a_layer() -> None:
    units = {_unit(m) for m in _modules()}
    assert units <= set(RANK), f"place these in LAYERS: {sorted(units - set(RANK))}"


def test_imports_go_only_downward() -> None:
    modules = _modules()
    known = set(modules)
    wrong = []
    for name, path in modules.items():
        for target, line in _imports(name, path, known):
            if target not in known:
                continue
            src, dst = _unit(name), _unit(target)
            if RANK.get(dst, -1) > RANK.get(src, -1):
                wrong.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {src} imports {dst} ({target})"
                )
    assert not wrong, "imports against the pipeline's direction:\n" + "\n".join(wrong)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among modules, or None (iterative DFS, white/grey/black)."""
    state: dict[str, int] = {}
    for root in sorted(graph):
        if state.get(root):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        path = [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
    return None


def _package_of(module: str, graph: dict[str, set[str]]) -> str:
    return module if any(m.startswith(module + ".") for m in graph) else module.rpartition(".")[0]


def test_no_module_import_cycle() -> None:
    graph = _graph()
    # a package's __init__ re-exporting its own modules is not a cycle of meaning: drop
    # the edges from a package to the modules inside it
    pruned = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    cycle = _cycle(pruned)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_cycle_between_subpackages() -> None:
    """Within a layer, sub-packages (analysis.revisions, analysis.trailers, ...) must not
    import each other round a cycle either."""
    graph = _graph()
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        src = _package_of(module, graph)
        for target in targets:
            dst = _package_of(target, graph)
            if src != dst and not dst.startswith(src + ".") and not src.startswith(dst + "."):
                packages.setdefault(src, set()).add(dst)
            packages.setdefault(dst, set())
    cycle = _cycle(packages)
    assert cycle is None, "sub-package cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(
    "bad",
    [
        "from patchlint.cli.review import review\n",
        "def f():\n    from patchlint.pipeline import review\n",
    ],
)
def test_the_guard_sees_upward_and_lazy_imports(tmp_path: Path, bad: str) -> None:
    """The walk finds module-level and lazy imports alike (a guard that cannot fail is none)."""
    path = tmp_path / "x.py"
    path.write_text(bad, encoding="utf-8")
    known = {"patchlint.cli.review", "patchlint.pipeline"}
    found = [t for t, _ in _imports("patchlint.model.x", path, known)]
    assert found and all(RANK[_unit(t)] > RANK["model"] for t in found)


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
