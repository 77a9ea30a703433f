"""One tree-sitter C language, one parser factory, one query cache; and patchlint.c stays
below analysis, engine and the rules."""

from __future__ import annotations

import ast
import re

from patchlint.c.language import c_language, c_parser, captured, captures, compiled, matches
from tests.conftest import ROOT

C_PACKAGE = ROOT / "patchlint" / "c"
ALLOWED = (
    "patchlint.c",
    "patchlint.errors",
    "patchlint.limits",
    "patchlint.lazyre",
    "patchlint.model",
)
FACTORIES = re.compile(r"\b(?:Language|Parser|Query)\(")


def test_the_language_and_each_query_are_made_once():
    assert c_language() is c_language()
    assert compiled("(identifier) @id") is compiled("(identifier) @id")
    assert c_parser() is not c_parser()  # a parser holds parse state: one per user
    assert c_parser().language == c_language()


def test_captures_captured_and_matches():
    root = c_parser().parse(b"int f(void) { return g(h(1)); }\n").root_node
    calls = "(call_expression function: (identifier) @fn) @call"
    assert [n.text for n in captures(calls, root)["fn"]] == [b"g", b"h"]
    assert [n.text for n in captured(calls, root, "call")] == [b"g(h(1))", b"h(1)"]
    assert [sorted(caps) for _, caps in matches(calls, root)] == [["call", "fn"]] * 2
    assert captured(calls, root, "nothing") == []


def test_no_other_module_makes_a_language_a_parser_or_a_query():
    """Only patchlint/c/language.py calls tree-sitter's constructors: everything else asks
    it (patchlint, rules, bench, fuzz)."""
    offenders = []
    for top in ("patchlint", "rules", "bench", "fuzz"):
        for path in (ROOT / top).rglob("*.py"):
            if path == C_PACKAGE / "language.py":
                continue
            text = path.read_text(encoding="utf-8")
            if "tree_sitter" in text and FACTORIES.search(text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def _allowed(module: str) -> bool:
    return any(module == a or module.startswith(a + ".") for a in ALLOWED)


def test_patchlint_c_imports_only_errors_limits_and_model():
    """Lazy imports inside functions count too."""
    bad = []
    for path in sorted(C_PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module == "patchlint":
                names = [f"patchlint.{a.name}" for a in node.names]  # from patchlint import X
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.ImportFrom):
                bad.append(f"{path.relative_to(ROOT)}: relative import")
            bad += [
                f"{path.relative_to(ROOT)}: {n}"
                for n in names
                if n.split(".")[0] == "patchlint" and not _allowed(n)
            ]
    assert bad == []
