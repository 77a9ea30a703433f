"""How much a carried tag's unrequested change alters what the code *does*.

`material` says whether code tokens changed; a maintainer asks for a review again only when
the patch's behaviour changed enough to look at it again ("if the patch has changed
substantially in following version, these tags might not be applicable anymore",
submitting-patches.rst). This module reads the changed lines of a tag's material hunks
(comments, whitespace and logging statements already taken out by `material`), per step
and file, as statements (a line leaving a parenthesis open goes on; block braces aside):

- a statement that only moved (the same text dropped and added: code a rebase moved, a body
  repeated in each `#ifdef` branch) is no change;
- a line that is another with identifiers consistently substituted (the old name gone from
  the step's new lines, the new one absent from its old lines) is a rename, no change;
- a dropped statement and an added one alike (SAME_STATEMENT of their tokens) and of the
  same kinds are one statement rewritten: one change, not two;
- a statement does something when it holds a `condition` (`if`, `switch`, `case`, a loop,
  `?:`), a `return` (`return`, `goto`, `break`, `continue`), a `function` definition's
  head, a `call` (compile-time helpers and string formatting aside; inline assembly is
  one), with its `lock`
  (taking or releasing one) and `memory` (alloc, free, get, put, register ...) kinds, or
  is in a header a member of a type (`u64 reserved0[8];`: its `layout`). Assignments of
  values alone, declarations, prototypes, preprocessor lines, exports and build files
  (Kconfig, Makefiles) do nothing a reviewer re-reads.

`Behaviour.substantial`: at least SUBSTANTIAL_STATEMENTS such changes, ACK_STATEMENTS for
an Acked-by. A one-line fix nobody asked for (an error path's `result = false;`, a
capability check, a build fix) stays below; new locking, a new failure path, an
implementation replaced do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from patchlint import lazyre
from patchlint.analysis.trailers.code_tokens import C_TOKEN, KEYWORDS, QUALIFIERS
from patchlint.analysis.trailers.conversions import Swaps
from patchlint.analysis.trailers.material import CodeHunk
from patchlint.analysis.trailers.renames import substitution

# a carried tag is stale when at least this many changed statements do something (chosen
# on the development half of bench/precision's TR002 labels, docs/precision.md); an
# Acked-by, a maintainer's go-ahead for the direction rather than a reading of each line,
# when at least ACK_STATEMENTS do: the part rewritten
SUBSTANTIAL_STATEMENTS = 6
ACK_STATEMENTS = 20
# two statements this alike (tokens) are one statement rewritten, one change
SAME_STATEMENT = 0.6
MAX_STATEMENT = 2_000  # characters: a longer statement is read as it is, not compared

_TOKEN = lazyre.compile(r"[A-Za-z_]\w*|\d+|->|&&|\|\||[=!<>]=|\S")
_NOTHING = lazyre.compile(
    r"^(?:[{}();,\s]*|else|[A-Za-z_]\w*\s*:|do|(?:EXPORT_SYMBOL\w*|MODULE_\w+)\s*\(.*)$"
)
_MEMBER = lazyre.compile(r"^[\w\s*\[\]]+;$")  # `u64 reserved0[8];` in a header
_PROTOTYPE_HEAD = lazyre.compile(
    r"^(?:extern|static|const|struct|union|enum|unsigned|void|int|bool|u\d+|s\d+|long|char)\b"
)
_PROTOTYPE = lazyre.compile(r"^(?:extern\s+)?[A-Za-z_][\w\s*]*\([^;{}]*\)\s*;$")
_CONDITION = lazyre.compile(r"^(?:else\s+)?(?:if|switch|case|while|for|do)\b|\?")
_RETURN = lazyre.compile(r"\b(?:return|goto|break|continue)\b")
# a definition's head: `type name(args)`, the name after at least one other word (read by
# `_definition`: no two loops over the same characters)
_DEFINITION = lazyre.compile(r"^[A-Za-z_][\w\s*]*\([^;]*\)$")
_NOT_DEFINITION = lazyre.compile(r"^(?:return|if|while|for|switch)\b")
_CALL = lazyre.compile(r"\b([A-Za-z_]\w*)\s*\(")
# inline assembly (`asm volatile(...)`, `__asm__ __volatile__(...)`) runs code like a call
_ASM = lazyre.compile(r"\b(?:asm|__asm__|__asm)\b")
# names of a lock's taking or releasing, and of a resource's life (alloc, free, get, put ...)
_LOCK = lazyre.compile(
    r"(?:^|_)(?:try)?(?:un)?lock(?:_|$)|mutex|rcu_read|irqsave|irqrestore|preempt_|spin_"
    r"|synchronize|_sync$|^(?:scoped_)?guard$"
)
_MEMORY = lazyre.compile(
    r"(?:^|_)(?:[kv]?[mz]?alloc|kcalloc|kfree|free|get|put|destroy|release|create|init|exit"
    r"|register|unregister|cancel|map|unmap)(?:_|$)"
)
# calls that compute nothing a path depends on: compile-time helpers and formatting
_NOT_CALLS = frozenset(
    {
        "sizeof",
        "typeof",
        "defined",
        "__is_defined",
        "likely",
        "unlikely",
        "offsetof",
        "ARRAY_SIZE",
        "BIT",
        "container_of",
        "IS_ENABLED",
        "WARN_ON",
        "WARN_ON_ONCE",
        "BUILD_BUG_ON",
        "static_assert",
        "snprintf",
        "scnprintf",
        "sprintf",
        "seq_printf",
    }
)
_BUILD = lazyre.compile(r"(?:^|/)(?:Makefile|Kconfig[^/]*|Kbuild)$|\.(?:mk|cmake)$")


def _net(dropped: list[str], added: list[str]) -> tuple[list[str], list[str], int]:
    """The lines of one step's file that changed: moves and consistent renames aside; and
    how many dropped lines were set aside as renamed or only (un)qualified."""
    gone = set(dropped)
    new = set(added)
    old_left = [line for line in dict.fromkeys(dropped) if line not in new]
    new_left = [line for line in dict.fromkeys(added) if line not in gone]
    mapping: dict[str, str] = {}
    renamed_old: set[str] = set()
    renamed_new: set[str] = set()
    for o in old_left:
        for n in new_left:
            if n not in renamed_new and substitution(o, n, mapping):
                renamed_old.add(o)
                renamed_new.add(n)
                break
    old_words, new_words = _words(old_left), _words(new_left)
    if any(
        _clash(a, old_words, new_words) or _clash(b, new_words, old_words)
        for a, b in mapping.items()
    ):
        # not a rename: the old name still used, the new one was
        old_kept = _unqualified(old_left, new_left)
        return old_kept, _unqualified(new_left, old_left), len(old_left) - len(old_kept)
    old_out = _unqualified([line for line in old_left if line not in renamed_old], new_left)
    new_out = _unqualified([line for line in new_left if line not in renamed_new], old_left)
    aside = len(old_left) - len(old_out)
    if not mapping:
        return old_out, new_out, aside
    # the same rename in a statement wrapped differently (`res = hypercall(a,` / `b);` become
    # one line `res = hyperv_hypercall(a, b);`): read as statements, no new name pair
    old_s, new_s = _statements(old_out), _statements(new_out)
    used: set[int] = set()
    kept: list[str] = []
    for o in old_s:
        j = next(
            (j for j, n in enumerate(new_s) if j not in used and _same_rename(o, n, mapping)),
            None,
        )
        if j is None:
            kept.append(o)
        else:
            used.add(j)
    return kept, [n for j, n in enumerate(new_s) if j not in used], aside + len(used)


def _same_rename(old: str, new: str, mapping: dict[str, str]) -> bool:
    """`new` is `old` with only the identifiers `mapping` already renames substituted."""
    pairs = dict(mapping)
    return substitution(old, new, pairs) and pairs == mapping


def _words(lines: Iterable[str]) -> tuple[set[str], set[str]]:
    """The names the lines use as such, and those they use only as a member (after `->` or
    `.`): a member named like a variable is another name (`req_data->req` uses no `req`)."""
    plain: set[str] = set()
    members: set[str] = set()
    for line in lines:
        previous = ""
        for t in C_TOKEN.findall(line):
            (members if previous in ("->", ".") else plain).add(t)
            previous = t
    return plain, members


def _clash(name: str, where: tuple[set[str], set[str]], other: tuple[set[str], set[str]]) -> bool:
    """`name`, renamed in the lines `where` holds, is used in the `other` lines as the same
    kind of name (a variable as a variable, a member as a member): no rename."""
    return any(name in w and name in o for w, o in zip(where, other, strict=True))


def _unqualified(lines: list[str], other: list[str]) -> list[str]:
    """The lines that are not one of the `other` lines with qualifiers the compiler checks
    added or dropped (`int f(void)` become `static int f(void)`: no behaviour changed)."""
    bare = {_bare(line) for line in other}
    return [line for line in lines if _bare(line) not in bare]


def _bare(line: str) -> tuple[str, ...]:
    return tuple(t for t in C_TOKEN.findall(line) if t not in QUALIFIERS)


@dataclass(frozen=True, slots=True)
class Behaviour:
    """The changed statements of a tag's unrequested change that do something, and what."""

    statements: int = 0
    kinds: tuple[str, ...] = ()
    # dropped statements that are added ones under the patch's own swaps or upstream's
    # ("rebased: removed lines changed upstream"): drift, not counted in `statements`
    rebased: int = 0
    # dropped lines that are added ones with names substituted consistently or qualifiers
    # the compiler checks added or dropped ("renamed: names substituted, qualifiers"): no
    # change, not counted in `statements`
    renamed: int = 0

    def substantial(self, ack: bool = False) -> bool:
        """Enough that its giver would want to look again (SUBSTANTIAL_STATEMENTS; for an
        Acked-by, ACK_STATEMENTS)."""
        return self.statements >= (ACK_STATEMENTS if ack else SUBSTANTIAL_STATEMENTS)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"statements": self.statements, "kinds": list(self.kinds)}
        if self.rebased:
            out["rebased"] = self.rebased
            out["detail"] = "rebased: removed lines changed upstream"
        if self.renamed:
            out["renamed"] = self.renamed
            out["renamed_detail"] = "renamed: names substituted consistently, qualifiers"
        return out


def _statements(lines: Iterable[str]) -> list[str]:
    """The lines joined into statements (a line leaving a parenthesis open goes on), braces
    that open or close a block aside, whitespace folded."""
    out: list[str] = []
    current = ""
    depth = 0
    for line in lines:
        current = f"{current} {line.strip()}" if current else line.strip()
        depth += line.count("(") - line.count(")")
        if depth <= 0 or len(current) > MAX_STATEMENT:
            out.append(current)
            current, depth = "", 0
    if current:
        out.append(current)
    return [" ".join(_unbraced(s).split()) for s in out]


def _unbraced(statement: str) -> str:
    """The statement without the brace closing the block before it or opening the next."""
    body = statement.strip()
    if body.startswith("}"):
        body = body[1:].lstrip()
    if body.endswith("{"):
        body = body[:-1].rstrip()
    return body


def _definition(body: str) -> bool:
    """`static int foo(int a)` without its `;`: a word, then a name, then the arguments."""
    if not _DEFINITION.match(body) or _NOT_DEFINITION.match(body):
        return False
    head = body[: body.index("(")].rstrip()
    if not head or not (head[-1].isalnum() or head[-1] == "_"):
        return False
    words = head.replace("*", " ").split()
    return len(words) >= 2 and not words[-1][0].isdigit()


def _kinds(statement: str, header: bool) -> frozenset[str]:
    """What one changed statement does (empty: nothing; see the module docstring)."""
    body = statement
    if not body or body.startswith("#") or _NOTHING.match(body):
        return frozenset()
    if len(body) > MAX_STATEMENT:
        return frozenset({"call"})
    if header and "(" not in body and _MEMBER.match(body):
        return frozenset({"layout"})
    if _PROTOTYPE.match(body) and _PROTOTYPE_HEAD.match(body):
        return frozenset()
    out: set[str] = set()
    if _CONDITION.search(body):
        out.add("condition")
    if _RETURN.search(body):
        out.add("return")
    if _definition(body):
        out.add("function")
    calls = [c for c in _CALL.findall(body) if c not in _NOT_CALLS and c not in KEYWORDS]
    for name in calls:
        if _LOCK.search(name):
            out.add("lock")
        if _MEMORY.search(name):
            out.add("memory")
    if (calls or _ASM.search(body)) and "function" not in out:
        out.add("call")
    return frozenset(out)


def _alike(a: str, b: str) -> bool:
    if len(a) > MAX_STATEMENT or len(b) > MAX_STATEMENT:
        return False
    return SequenceMatcher(None, _TOKEN.findall(a), _TOKEN.findall(b)).ratio() >= SAME_STATEMENT


def _step_statements(
    dropped: list[str], added: list[str], moved_from: set[str]
) -> tuple[list[str], list[str]]:
    """The statements one step's file dropped and added, each only on its side (a statement
    moved, within the hunks or from one that only takes code out, is none)."""
    old, new = _statements(dropped), _statements(added)
    old_set, new_set = set(old), set(new) - moved_from
    new = [s for s in new if s not in moved_from]
    gone = [s for s in dict.fromkeys(old) if s not in new_set]
    came = [s for s in dict.fromkeys(new) if s not in old_set]
    return gone, came


# a statement as the steps left it: its text, and the step that dropped or added it
_Entry = tuple[str, int]


def _net_over_steps(
    ledger: tuple[list[_Entry], list[_Entry]], step: int, gone: list[str], came: list[str]
) -> None:
    """Adds one step's statements to what the steps so far changed in a file: a statement
    an earlier step added and this one drops, or one it dropped and this one restores, is
    no change since the tag (`int ret;` dropped by v5 and back in v6); one an earlier step
    added that this one rewrites stays a change of each (`_rewritten`)."""
    total_gone, total_came = ledger
    for s in gone:
        earlier = next((e for e in total_came if e[0] == s), None)
        if earlier is not None and not _rewritten(s, came):
            total_came.remove(earlier)
        else:
            total_gone.append((s, step))
    for s in came:
        earlier = next((e for e in total_gone if e[0] == s), None)
        if earlier is not None:
            total_gone.remove(earlier)
        else:
            total_came.append((s, step))


def _rewritten(statement: str, came: list[str]) -> bool:
    """The step that drops `statement` adds one alike of the same kinds in its place: a
    statement an earlier step added, rewritten again (`if (cc_platform_has(...))` become
    `if (hv_isolation_type_en_snp())`), two changes to look at, as each step counts."""
    kinds = _kinds(statement, False)
    return any(_kinds(t, False) == kinds and _alike(statement, t) for t in came)


def _rebased(
    gone: list[_Entry], came: list[_Entry], swaps: Swaps
) -> tuple[list[_Entry], list[_Entry], int]:
    """The statements left when each dropped one that is an added one under the patch's own
    swaps or upstream's (`conversions`), in any step, is paired off with it, and how many
    were."""
    if not swaps:
        return gone, came, 0
    left = list(came)
    normal = {e: swaps.normal(e[0]) for e in left}
    kept: list[_Entry] = []
    paired = 0
    for e in gone:
        n = swaps.normal(e[0])
        match = next((t for t in left if normal[t] == n), None)
        if match is None:
            kept.append(e)
        else:
            left.remove(match)
            paired += 1
    return kept, left, paired


def _file_changes(gone: list[_Entry], came: list[_Entry], header: bool) -> list[frozenset[str]]:
    """The kinds of each change of a file: a dropped statement and an added one of the same
    step alike, of the same kinds, counted once (one statement rewritten; rewritten again
    by a later step, it is two changes to look at)."""
    out: list[frozenset[str]] = []
    paired: set[int] = set()
    for s, step in gone:
        kinds = _kinds(s, header)
        for j, (t, other) in enumerate(came):
            if j not in paired and other == step and _kinds(t, header) == kinds and _alike(s, t):
                paired.add(j)
                break
        out.append(kinds)
    out.extend(_kinds(t, header) for j, (t, _) in enumerate(came) if j not in paired)
    return [k for k in out if k]


def behaviour(
    steps: Iterable[Iterable[tuple[CodeHunk, bool]]], swaps: Swaps | None = None
) -> Behaviour:
    """The behaviour the hunks of each step change (see the module docstring): each hunk
    with whether it counts (an unrequested material hunk) or only says where code moved
    from (a hunk that only takes code out: a block moved elsewhere in the file). Read per
    file over all the steps: what a later step undoes is no change, and a statement that is
    another under `swaps` (the patch's own conversion, upstream's rename under it) is
    rebase drift, counted in `rebased`; a line renamed or only (un)qualified, in
    `renamed`."""
    ledgers: dict[str, tuple[list[_Entry], list[_Entry]]] = {}
    renamed = 0
    for step, hunks in enumerate(steps):
        by_file: dict[str, tuple[list[str], list[str], list[str]]] = {}
        for h, counts in hunks:
            if _BUILD.search(h.path):
                continue
            dropped, added, moved_from = by_file.setdefault(h.path, ([], [], []))
            (dropped if counts else moved_from).extend(h.dropped)
            added.extend(h.added if counts else ())
        for path, (dropped, added, moved_from) in by_file.items():
            if not dropped and not added:
                continue
            old, new, aside = _net(dropped, added)
            renamed += aside
            gone, came = _step_statements(old, new, set(_statements(moved_from)))
            _net_over_steps(ledgers.setdefault(path, ([], [])), step, gone, came)
    count = rebased = 0
    kinds: set[str] = set()
    for path, (total_gone, total_came) in ledgers.items():
        left_gone, left_came, drift = _rebased(total_gone, total_came, swaps or Swaps())
        rebased += drift
        for found in _file_changes(left_gone, left_came, path.endswith(".h")):
            count += 1
            kinds |= found
    return Behaviour(count, tuple(sorted(kinds)), rebased, renamed)
