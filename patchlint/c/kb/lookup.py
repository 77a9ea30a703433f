"""Queries on the ops-struct KB: which prototypes a member has, and whether a function fits
one of them.

    kb = load_kb()                                   # every shipped KB (patchlint.c.kb.shipped)
    kb.members("ndo_fix_features")                   # -> [MemberProto, ...] one per release
    kb.check("ndo_fix_features", "u32", ["struct xenvif *vif", "u32 features"],
             struct="net_device_ops")                # -> KBCheck(ok=False, reason=...)
    compatible(proto, "u32", ["struct net_device *dev", "u32 features"])  # -> (True, "...")

A member matches if it is compatible with the prototype of ANY release the KB holds; the
comparison is conservative (`patchlint.c.compat`; docs/kb.md has the policy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from patchlint.c.compat import compare_signatures
from patchlint.c.kb.model import KBFile, MemberProto, StructProto
from patchlint.c.types import Fn, parse_type, render


@dataclass(frozen=True)
class KBCheck:
    """What `KnowledgeBase.check` says about one assignment. `ok` is None when the KB does not
    know the member (nothing can be said), True when the function matches at least one
    release's prototype, False when it matches none (certain mismatch)."""

    ok: bool | None
    reason: str
    matched: MemberProto | None
    candidates: tuple[MemberProto, ...]


class KnowledgeBase:
    """Several KB files (releases) queried together."""

    def __init__(self, files: Sequence[KBFile]) -> None:
        self.files = tuple(files)
        self._members: dict[str, list[MemberProto]] = {}
        self._structs: dict[str, list[StructProto]] = {}
        for kb in self.files:
            for st in kb.structs:
                self._structs.setdefault(st.name, []).append(st)
                for m in st.members:
                    self._members.setdefault(m.member, []).append(m)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(kb.source for kb in self.files)

    def releases(self) -> list[tuple[date, str]]:
        """(release date, KB name) of each KB that records its date, oldest first."""
        return sorted((kb.released, kb.name) for kb in self.files if kb.released is not None)

    def members(self, member_name: str, struct: str | None = None) -> list[MemberProto]:
        """Every prototype of a member of that name (of `struct` only, if given), newest
        release first."""
        found = self._members.get(member_name, [])
        return [m for m in found if struct is None or m.struct == struct]

    def member_structs(self) -> dict[str, frozenset[str]]:
        """Every member's name, with the structs any release declares it in."""
        return {name: frozenset(m.struct for m in found) for name, found in self._members.items()}

    def struct(self, name: str) -> list[StructProto]:
        """The struct as each release declares it (empty if no KB knows it)."""
        return list(self._structs.get(name, []))

    def struct_names(self) -> list[str]:
        return sorted(self._structs)

    def check(
        self, member_name: str, ret: str, params: Sequence[str], struct: str | None = None
    ) -> KBCheck:
        """Is a function `ret f(params)` fit for `.member_name = f`? Compatible with any
        release's prototype (of `struct`, if the initializer names it) is a match."""
        return check_candidates(self.members(member_name, struct), member_name, ret, params, struct)


class PrototypeSource(Protocol):
    """What a rule asks of the prototypes it judges against: a whole `KnowledgeBase`, the
    member index (`patchlint.c.kb.index`) or a source tree's headers answer alike."""

    def members(self, member_name: str, struct: str | None = None) -> list[MemberProto]: ...

    def releases(self) -> list[tuple[date, str]]: ...

    def check(
        self, member_name: str, ret: str, params: Sequence[str], struct: str | None = None
    ) -> KBCheck: ...


def check_candidates(
    candidates: Sequence[MemberProto],
    member_name: str,
    ret: str,
    params: Sequence[str],
    struct: str | None = None,
) -> KBCheck:
    """`KnowledgeBase.check` over the prototypes already looked up for the member."""
    cands = tuple(candidates)
    if not cands:
        where = f"{struct}.{member_name}" if struct else member_name
        return KBCheck(None, f"{where} is not in the knowledge base", None, ())
    first_reason = ""
    for proto in cands:
        ok, reason = compatible(proto, ret, params)
        if ok:
            return KBCheck(True, reason, proto, cands)
        first_reason = first_reason or reason
    return KBCheck(False, first_reason, None, cands)


def signature(ret: str, params: Sequence[str]) -> Fn:
    """The function type of `ret f(params)` as a patch writes it (names allowed)."""
    return _signature(ret, params)


def _signature(ret: str, params: Sequence[str]) -> Fn:
    items = [p for p in params if p.strip()]
    variadic = bool(items) and items[-1].strip() == "..."
    if variadic:
        items = items[:-1]
    parsed = [parse_type(p) for p in items]
    if len(parsed) == 1 and parsed[0].name is None and render(parsed[0].type) == "void":
        parsed = []
    return Fn(parse_type(ret).type, tuple(parsed), variadic, True)


def compatible(expected: MemberProto, ret: str, params: Sequence[str]) -> tuple[bool, str]:
    """Can a function returning `ret` and taking `params` (C text, names allowed:
    `"struct xenvif *vif"`) be assigned to the member `expected`? False only for a certain
    mismatch: different struct tags, pointer depth, arity, void against a value, different
    exact integer types; unknown typedefs and typedef aliases (`u32` for `netdev_features_t`)
    are accepted. The reason says what differs, or why it was accepted."""
    verdict = compare_signatures(expected.fn, _signature(ret, params))
    where = f"{expected.qualname()} ({expected.source})"
    if not verdict.ok:
        return False, f"{verdict.reason}; {where} is `{expected.prototype()}`"
    if verdict.notes:
        return True, f"compatible with {where}: " + "; ".join(verdict.notes)
    return True, f"compatible with {where}"
