"""The token swaps a patch makes on the lines it touches, and those upstream made under it.

A mechanical patch converts one name into another on every line it touches
(`native_read_msr_safe(...)` become `rdmsrq_safe(...)`); rebased, it converts the same calls
where upstream now has them, and stops converting those upstream moved away. The interdiff
then shows lines gone and lines come, but each is the other with the patch's own swap
applied: the change a reviewer read is the same. Likewise, when the lines a patch removes
changed upstream between two postings (`"rpmsg_chrdev"` renamed `"rpmsg_ctrl"`), the lines
it adds in their place follow with the same swap. `behaviour` reads a dropped and an added
statement that become equal under these swaps as rebase drift ("rebased: removed lines
changed upstream"), not a change of behaviour.

A swap is learnt only from a pair of lines that differ in nothing else (a line the patch
removes and the one it adds for it; a line one posting removes and the one the other
removes where the first did): one token for one token, identifiers of at least
MIN_NAME characters or string literals, no keyword. Swaps join into classes (`a` -> `b` and
`b` -> `c` make one class), each read as one name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from patchlint import lazyre
from patchlint.analysis.trailers.code_tokens import C_TOKEN, KEYWORDS
from patchlint.model.patch import Patch

MIN_NAME = 4  # a swap of shorter names (`i` for `j`) says nothing about intent
MAX_SWAPS = 3  # a line pair differing in more tokens than this is no mechanical swap
MAX_BLOCK = 200  # lines: a longer run of removed or added lines is not paired line by line
_NAME = lazyre.compile(r"^(?:[A-Za-z_]\w*|\"(?:[^\"\\]|\\.)*\")$")


def _swappable(token: str) -> bool:
    return (
        _NAME.match(token) is not None
        and token not in KEYWORDS
        and (token.startswith('"') or len(token) >= MIN_NAME)
    )


def swaps(old: str, new: str) -> list[tuple[str, str]]:
    """The token swaps that make line `old` line `new`, when that is all that differs (at
    most MAX_SWAPS tokens, each replaced by one); empty otherwise."""
    a, b = C_TOKEN.findall(old), C_TOKEN.findall(new)
    if a == b or len(a) != len(b):
        return []
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(pairs) > MAX_SWAPS or not all(_swappable(x) and _swappable(y) for x, y in pairs):
        return []
    return pairs


def _blocks(diff: str) -> Iterable[tuple[str, list[str], list[str]]]:
    """Each run of removed lines and the added lines right after it, per file."""
    path = ""
    removed: list[str] = []
    added: list[str] = []
    for line in [*diff.split("\n"), ""]:
        if line.startswith(("+++ ", "--- ")):
            if line.startswith("+++ "):
                name = line[4:].split("\t")[0].strip()
                path = name[2:] if name.startswith(("a/", "b/")) else name
            continue
        if line[:1] == "-" and not added:
            removed.append(line[1:])
            continue
        if line[:1] == "+":
            added.append(line[1:])
            continue
        if removed and added:
            yield path, removed, added
        removed, added = [], []
        if line[:1] == "-":
            removed.append(line[1:])


def _paired(removed: Sequence[str], added: Sequence[str]) -> list[tuple[str, str]]:
    """Each line of `removed` with a line of `added` it becomes by swaps alone."""
    if len(removed) > MAX_BLOCK or len(added) > MAX_BLOCK:
        return []
    out: list[tuple[str, str]] = []
    for r in removed:
        for a in added:
            found = swaps(r, a)
            if found:
                out.extend(found)
                break
    return out


def patch_swaps(diff: str) -> list[tuple[str, str]]:
    """The swaps a patch's diff makes: a removed line and an added one in the same place
    that differ only by them."""
    return [pair for _, removed, added in _blocks(diff) for pair in _paired(removed, added)]


def _removed(diff: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, removed, _ in _blocks(diff):
        out.setdefault(path, []).extend(" ".join(x.split()) for x in removed)
    return out


def upstream_swaps(old: str, new: str) -> list[tuple[str, str]]:
    """The swaps upstream made under a patch between two postings (their diffs): a line the
    older posting removes that the newer one no longer removes, and one the newer removes
    that the older did not, differing only by swaps (a rename upstream made under it)."""
    before, after = _removed(old), _removed(new)
    out: list[tuple[str, str]] = []
    for path, lines in before.items():
        others = after.get(path, [])
        gone = [x for x in lines if x not in others]
        came = [x for x in others if x not in lines]
        out.extend(_paired(gone, came))
    return out


class Swaps:
    """Classes of names the swaps join; `normal` reads a statement with each name as its
    class."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._parent: dict[str, str] = {}
        for a, b in pairs:
            self._join(a, b)

    def _find(self, name: str) -> str:
        root = name
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while name != root:
            name, self._parent[name] = self._parent[name], root
        return root

    def _join(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def __bool__(self) -> bool:
        return bool(self._parent)

    def normal(self, statement: str) -> str:
        """The statement's tokens, each name read as its class."""
        return " ".join(
            self._find(t) if t in self._parent else t for t in C_TOKEN.findall(statement)
        )


def step_swaps(pairs_of_patches: Iterable[tuple[Patch | None, Patch | None]]) -> Swaps:
    """The swaps of every posting of the steps (its own) and between the two postings of
    each step (upstream's under the patch)."""
    pairs: list[tuple[str, str]] = []
    seen: set[int] = set()
    for old, new in pairs_of_patches:
        for p in (old, new):
            if p is not None and id(p) not in seen:
                seen.add(id(p))
                pairs.extend(patch_swaps(p.diff))
        if old is not None and new is not None:
            pairs.extend(upstream_swaps(old.diff, new.diff))
    return Swaps(pairs)
