"""Find every regular expression patchlint applies to mail, and build adversarial inputs
for it (the strings that make a backtracking engine go polynomial or exponential).

Patterns are taken two ways, so none is missed: every `re.<func>("literal", ...)` and
`lazyre.compile("literal", ...)` call in the source of `patchlint/` and `rules/` (read with
`ast`), and every compiled or lazy pattern a module holds at import time (which covers
patterns assembled from pieces). A pattern is named by where it lives, never by its line:
`file:NAME` for a literal bound to a module-level name, `module.NAME` for one a module
holds, `file:line` only for a literal used in place (BOUNDED keys survive edits above). Calls whose
pattern is built at run time are listed by `dynamic_calls()`; the test pins that list.

The attack strings follow the structure of the parsed pattern (`re._parser`): for every
unbounded repeat, a prefix that leads the engine to it, then its body "pumped" many
times (alone, and together with what follows it up to the next repeat: `.*X.*Y` is
quadratic only on `XXXX...`), then a character that makes the match fail.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

from patchlint.lazyre import LazyPattern

ROOT = Path(__file__).resolve().parents[2]
_FUNCS = {"compile", "match", "search", "sub", "subn", "findall", "finditer", "split", "fullmatch"}
_FLAG_ARG = {
    "compile": 1,
    "match": 2,
    "search": 2,
    "fullmatch": 2,
    "findall": 2,
    "finditer": 2,
    "split": 3,
    "sub": 4,
    "subn": 4,
}


@dataclass(frozen=True)
class Found:
    where: str  # file:NAME (module-level), module.attribute, or file:line (in place)
    pattern: str | bytes
    flags: int
    anchored: bool = False  # only ever used with .match/.fullmatch (one start position)


def source_files() -> list[Path]:
    return sorted([*(ROOT / "patchlint").rglob("*.py"), *(ROOT / "rules").rglob("*.py")])


def _flags(node: ast.Call) -> int:
    expr: ast.expr | None = None
    for kw in node.keywords:
        if kw.arg == "flags":
            expr = kw.value
    func = node.func.attr if isinstance(node.func, ast.Attribute) else ""
    index = _FLAG_ARG.get(func, 99)
    if expr is None and len(node.args) > index:
        expr = node.args[index]
    if expr is None:
        return 0
    return int(eval(compile(ast.Expression(expr), "<flags>", "eval"), {"re": re}))


def _re_calls() -> Iterator[tuple[str, ast.Call]]:
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _FUNCS
                and isinstance(node.func.value, ast.Name)
                and (
                    node.func.value.id == "re"
                    or (node.func.value.id == "lazyre" and node.func.attr == "compile")
                )
                and node.args
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node


_ANCHORED = {"match", "fullmatch"}


def _uses(path: Path) -> dict[str, set[str]]:
    """The methods called on each module-level name of a file (`NAME.search(...)`)."""
    uses: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            uses.setdefault(node.value.id, set()).add(node.attr)
    return uses


def literal_patterns() -> list[Found]:
    """Every literal pattern; `anchored` when the call is re.match/fullmatch, or when the
    compiled pattern is bound to a name that is only ever matched at a start position."""
    out = []
    names: dict[tuple[str, int], str] = {}
    top: set[tuple[str, int]] = set()  # module-level bindings: named by file:NAME
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            bound = _binding(node)
            if bound is not None and isinstance(bound[1], ast.Call):
                spot = (str(path.relative_to(ROOT)), bound[1].lineno)
                names[spot] = bound[0]
                if id(node) in module_level:
                    top.add(spot)
    uses: dict[str, set[str]] = {}  # across all files: a pattern may be imported elsewhere
    for path in source_files():
        for name, methods in _uses(path).items():
            uses.setdefault(name, set()).update(methods)
    for where, node in _re_calls():
        try:
            pattern = ast.literal_eval(node.args[0])
        except ValueError:
            continue
        file, line = where.split(":")
        func = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if func == "compile":
            name = names.get((file, int(line)))
            methods = uses.get(name, set()) if name else set()
            anchored = bool(methods) and methods <= _ANCHORED | {"pattern", "flags"}
        else:
            anchored = func in _ANCHORED
        spot = (file, int(line))
        key = f"{file}:{names[spot]}" if spot in top else where
        out.append(Found(key, pattern, _flags(node), anchored))
    return out


def _binding(node: ast.AST) -> tuple[str, ast.expr] | None:
    """(name, value) when `node` is `NAME = value` or `NAME: type = value`."""
    if (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
    ):
        return node.targets[0].id, node.value
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        return node.target.id, node.value
    return None


def dynamic_calls() -> list[str]:
    """`file: source of the pattern argument` of each call whose pattern is not a literal."""
    out = []
    for where, node in _re_calls():
        try:
            ast.literal_eval(node.args[0])
        except ValueError:
            out.append(f"{where.split(':')[0]}: {ast.unparse(node.args[0])}")
    return out


def module_patterns() -> list[Found]:
    """Compiled patterns held by module globals of the package and the rules."""
    from patchlint.engine.loader import load_rule
    from patchlint.engine.registry import rules_root

    for folder in sorted(rules_root().iterdir()):  # the registry imports a check.py lazily:
        if (folder / "rule.toml").is_file():  # import every one now, as patchlint_rules.*
            load_rule(folder)
    for path in sorted((ROOT / "patchlint").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        if name.endswith("__main__"):
            continue
        importlib.import_module(name)
    out = []
    for name, module in list(sys.modules.items()):
        if not (name.startswith("patchlint.") or name.startswith("patchlint_rules.")):
            continue
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern | LazyPattern):  # a lazy one compiles for .flags
                out.append(Found(f"{name}.{attr}", value.pattern, value.flags))
    return out


def all_patterns() -> list[Found]:
    seen: dict[tuple[Any, int], Found] = {}
    literal = literal_patterns()
    for found in literal + module_patterns():
        flags = found.flags & ~(re.UNICODE if isinstance(found.pattern, str) else 0)
        key = (found.pattern, flags)
        if key in seen and not found.anchored and found in literal:
            seen[key] = Found(seen[key].where, found.pattern, flags, False)
        seen.setdefault(key, Found(found.where, found.pattern, flags, found.anchored))
    return list(seen.values())


# -- attack strings --------------------------------------------------------------------

_CATEGORY = {
    C.CATEGORY_DIGIT: ["0"],
    C.CATEGORY_NOT_DIGIT: ["a", " "],
    C.CATEGORY_SPACE: [" ", "\t"],
    C.CATEGORY_NOT_SPACE: ["a", "-"],
    C.CATEGORY_WORD: ["a", "0"],
    C.CATEGORY_NOT_WORD: [" ", "-"],
    C.CATEGORY_LINEBREAK: ["\n"],
    C.CATEGORY_NOT_LINEBREAK: ["a"],
}
_OTHERS = ["a", " ", "-", "0", ":", ".", "<", ">", "@", "(", "*"]


def _class_reps(items: list[tuple[Any, Any]]) -> list[str]:
    if items and items[0][0] == C.NEGATE:
        banned = set()
        for op, av in items[1:]:
            if op == C.LITERAL:
                banned.add(chr(av))
            elif op == C.RANGE:
                banned.update(chr(c) for c in range(av[0], min(av[1], av[0] + 300) + 1))
            elif op == C.CATEGORY:
                banned.update(c for c in [*_OTHERS, "\n", "\t"] if re.match(_category_re(av), c))
        return [c for c in _OTHERS if c not in banned][:3] or ["\x01"]
    reps: list[str] = []
    for op, av in items:
        if op == C.LITERAL:
            reps.append(chr(av))
        elif op == C.RANGE:
            reps.append(chr(av[0]))
        elif op == C.CATEGORY:
            reps.extend(_CATEGORY.get(av, ["a"]))
    return list(dict.fromkeys(reps))[:4] or ["a"]


def _category_re(cat: Any) -> str:
    return {
        C.CATEGORY_DIGIT: r"\d",
        C.CATEGORY_NOT_DIGIT: r"\D",
        C.CATEGORY_SPACE: r"\s",
        C.CATEGORY_NOT_SPACE: r"\S",
        C.CATEGORY_WORD: r"\w",
        C.CATEGORY_NOT_WORD: r"\W",
    }.get(cat, r"\n")


def _reps(op: Any, av: Any) -> list[str]:
    """Short strings one item matches (a few different ones where classes differ)."""
    if op == C.LITERAL:
        return [chr(av)]
    if op == C.NOT_LITERAL:
        return [c for c in ("a", " ", "-") if c != chr(av)][:2]
    if op == C.ANY:
        return ["a", " "]
    if op == C.IN:
        return _class_reps(av)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _, sub = av
        return [r * max(lo, 1) for r in _seq_reps(sub)[:2]]
    if op == C.SUBPATTERN:
        return _seq_reps(av[-1])
    if op == C.ATOMIC_GROUP:
        return _seq_reps(av)
    if op == C.BRANCH:
        return [r for alt in av[1] for r in _seq_reps(alt)[:1]][:4]
    return [""]  # anchors, lookarounds, group references


def _seq_reps(seq: Any) -> list[str]:
    out = [""]
    for op, av in seq:
        choices = _reps(op, av)
        out = [a + b for a in out for b in choices][:4]
    return out


def _seq_example(seq: Any) -> str:
    return _seq_reps(seq)[0]


def _repeats(seq: Any, prefix: str) -> Iterator[tuple[str, list[str], str]]:
    """(prefix leading to it, pump strings, what follows) of every repeat, recursively."""
    items = list(seq)
    for i, (op, av) in enumerate(items):
        before = prefix + _seq_example(items[:i])
        after = _seq_example(items[i + 1 :])
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _, hi, sub = av
            if hi is C.MAXREPEAT or hi > 50:
                pumps = _seq_reps(sub)
                # the repeat and what follows it, up to the next unbounded repeat
                tail = []
                for op2, av2 in items[i + 1 :]:
                    if op2 in (C.MAX_REPEAT, C.MIN_REPEAT) and (
                        av2[1] is C.MAXREPEAT or av2[1] > 50
                    ):
                        break
                    tail.append((op2, av2))
                pumps += [p + t for p in pumps[:2] for t in _seq_reps(tail)[:2]]
                yield before, [p for p in dict.fromkeys(pumps) if p], after
            yield from _repeats(sub, before)
        elif op == C.SUBPATTERN:
            yield from _repeats(av[-1], before)
        elif op == C.ATOMIC_GROUP:
            yield from _repeats(av, before)
        elif op == C.BRANCH:
            for alt in av[1]:
                yield from _repeats(alt, before)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _repeats(av[1], before)


KILLERS = ("", "\n", "!")


def attacks(found: Found, size: int) -> Iterator[str | bytes]:
    """Adversarial subjects for one pattern, each about `size` characters."""
    text = found.pattern.decode("latin-1") if isinstance(found.pattern, bytes) else found.pattern
    tree = P.parse(text, found.flags & ~re.DEBUG if isinstance(found.pattern, str) else found.flags)
    seen: set[str] = set()
    for prefix, pumps, _after in _repeats(tree, ""):
        for pump in pumps[:6]:
            body = pump * max(size // max(len(pump), 1), 1)
            # a match at the start needs the prefix; a search may also meet the pump alone
            for pre in dict.fromkeys((prefix,) if found.anchored else (prefix, "")):
                for killer in KILLERS:
                    s = pre + body + killer
                    if s in seen:
                        continue
                    seen.add(s)
                    yield s.encode("latin-1", "replace") if isinstance(found.pattern, bytes) else s


# -- the bounded run (in a child process: a stuck regex cannot be interrupted) ---------

# Patterns whose every call site bounds the input, with the bound and where it is enforced.
BOUNDED: dict[str, tuple[int, str]] = {
    "patchlint/analysis/trailers/declarations.py:PROTOTYPE": (
        400,
        "material, declarations: a changed line over MAX_DECLARATION is not read as a prototype",
    ),
    "patchlint/model/body.py:_DIFFSTAT_LINE": (
        1000,
        "split_patch_body: `len(line) < 1000 and` first",
    ),
    "patchlint/model/changelog.py:_DIFFSTAT": (1000, "_own_lines: `len(line) < 1000 and` first"),
    "patchlint/model/changelog.py:_PROSE": (
        4000,
        "_prose: a paragraph over PROSE_MAX is not read",
    ),
    "patchlint.model.changelog._DONE": (4000, "_prose: a paragraph over PROSE_MAX is not read"),
    # a changelog heading: heading_step returns on len > 160 first (_has_words reads a line
    # heading_step accepted)
    "patchlint.model.changelog._LABEL": (160, "heading_step: len(line) > 160 returns first"),
    "patchlint.model.changelog._HEADING": (160, "heading_step: len(line) > 160 returns first"),
    "patchlint.model.changelog._SINCE": (160, "heading_step: len(line) > 160 returns first"),
    "patchlint.model.changelog._BARE_HEADING": (160, "heading_step: len(line) > 160 returns first"),
    "patchlint/ingest/mbox.py:_FROM_LINE": (1000, "is_from_line: len(line) <= MAX_FROM_LINE first"),
    "patchlint/analysis/discussion/outcome.py:_APPLIED": (
        400,
        "classify_sentence returns on len > 400 first",
    ),
}


def run_all(size: int, seconds: float, only: str | None = None, shard: str = "0/1") -> int:
    """Match every attack on every pattern, each under a watchdog that kills the process
    when one match takes more than `seconds` of CPU (SIGPROF, whose default action ends the
    process: CPU time, not wall time, so a loaded machine does not fail a linear pattern).
    Prints one line per pattern before trying it, so the parent can name the one that hung.
    `shard` "k/n" takes every n-th pattern from the k-th: n processes share the patterns."""
    import signal

    k, n = (int(x) for x in shard.split("/"))
    count = 0
    for i, found in enumerate(all_patterns()):
        if (only and only not in found.where) or i % n != k:
            continue
        limit = BOUNDED.get(found.where, (size, ""))[0]
        rx = re.compile(found.pattern, found.flags)
        run = rx.match if found.anchored else rx.search
        print(f"PATTERN {found.where} {found.pattern!r}"[:300], flush=True)
        for subject in attacks(found, limit):
            signal.setitimer(signal.ITIMER_PROF, seconds)
            run(subject)  # type: ignore[arg-type]
            signal.setitimer(signal.ITIMER_PROF, 0)
            count += 1
    print(f"DONE {count} attacks", flush=True)
    return count


if __name__ == "__main__":
    run_all(
        int(sys.argv[1]),
        float(sys.argv[2]),
        sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None,
        sys.argv[4] if len(sys.argv) > 4 else "0/1",
    )
