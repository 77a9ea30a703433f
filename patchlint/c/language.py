"""The one tree-sitter C language, its parsers, and its compiled queries.

Loading the grammar and compiling a query each cost far more than running one, so both are
done once per process, on first use: every rule, the KB extractor and the type reader share
the same `Language` and the same query cache (a query is keyed by its source text).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

import tree_sitter

BINDING = "tree_sitter_c._binding"


@cache
def c_language() -> tree_sitter.Language:
    """tree-sitter-c's grammar, loaded once."""
    return tree_sitter.Language(_binding().language())


def _binding() -> Any:
    """tree-sitter-c's compiled binding, loaded without the package's `__init__`: that
    imports importlib.resources (with tempfile, shutil, bz2 and lzma, ~4 ms of a one-patch
    check) for two highlighting queries patchlint never reads. The module is registered
    under its own name, so a later `import tree_sitter_c` uses it; any surprise (another
    layout of the package) is the plain import."""
    if BINDING in sys.modules:
        return sys.modules[BINDING]
    try:
        from importlib.machinery import PathFinder
        from importlib.util import module_from_spec

        package = PathFinder.find_spec("tree_sitter_c")
        places = package.submodule_search_locations if package is not None else None
        spec = PathFinder.find_spec(BINDING, places) if places else None
        if spec is None or spec.loader is None:
            raise ImportError(BINDING)
        module = module_from_spec(spec)
        spec.loader.exec_module(module)
        module.language  # noqa: B018  (the entry point this needs, or the plain import)
    except Exception:
        import tree_sitter_c

        return tree_sitter_c
    sys.modules[BINDING] = module
    return module


def c_parser() -> tree_sitter.Parser:
    """A new parser for C (a parser holds parse state: one per user, cheap to make)."""
    return tree_sitter.Parser(c_language())


@cache
def compiled(source: str) -> tree_sitter.Query:
    """The query `source` compiled for C, once per process."""
    return tree_sitter.Query(c_language(), source)


def captures(source: str, node: tree_sitter.Node) -> dict[str, list[tree_sitter.Node]]:
    """Every capture of the query `source` under `node`, by capture name."""
    return tree_sitter.QueryCursor(compiled(source)).captures(node)


def captured(source: str, node: tree_sitter.Node, name: str) -> list[tree_sitter.Node]:
    """The nodes captured as `@name`, in source order (outermost first where two start
    together: the order a walk meets them)."""
    found = captures(source, node).get(name, [])
    return sorted(found, key=lambda n: (n.start_byte, -n.end_byte))


def matches(
    source: str, node: tree_sitter.Node
) -> list[tuple[int, dict[str, list[tree_sitter.Node]]]]:
    """Each match of the query `source` under `node`: (pattern index, captures)."""
    return tree_sitter.QueryCursor(compiled(source)).matches(node)
