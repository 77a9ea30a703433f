"""The ops-struct KB as loaded: one `KBFile` per release, holding the structs with
function-pointer members and each member's prototype as canonical C text (docs/kb.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from patchlint.c.types import Fn, Param, Ptr, parse_type, render


@dataclass(frozen=True)
class MemberProto:
    """One ops-struct member's prototype in one release."""

    struct: str
    member: str
    ret: str  # canonical C text: "netdev_features_t"
    params: tuple[str, ...]  # canonical types, no names: ("struct net_device *", ...)
    param_names: tuple[str | None, ...]
    source: str  # "linux 6.1.176"
    file: str = ""
    line: int = 0
    variadic: bool = False
    prototyped: bool = True  # False: declared `()`, nothing known of the params
    condition: str | None = None  # preprocessor condition around it in the struct
    typedef: str | None = None  # function typedef it was declared with
    path: tuple[str, ...] = ()  # anonymous struct/union fields leading to it
    array: str | None = None  # array size, for an array of function pointers

    @property
    def fn(self) -> Fn:
        """The member's function type, read back from the canonical text."""
        return Fn(
            parse_type(self.ret).type,
            tuple(
                Param(parse_type(t).type, n)
                for t, n in zip(self.params, self.param_names, strict=True)
            ),
            self.variadic,
            self.prototyped,
        )

    def prototype(self) -> str:
        """`netdev_features_t (*ndo_fix_features)(struct net_device *dev, ...)`"""
        return render(Ptr(self.fn), self.member)

    def qualname(self) -> str:
        return ".".join((self.struct, *self.path, self.member))


@dataclass(frozen=True)
class StructProto:
    name: str
    kind: str
    file: str
    line: int
    source: str
    members: tuple[MemberProto, ...]


@dataclass(frozen=True)
class KBFile:
    """One KB: the ops structs of one release."""

    name: str  # "linux-6.1"
    project: str  # "linux" | "xen"
    release: str  # "6.1.176"
    origin: str  # where the sources came from
    structs: tuple[StructProto, ...]
    released: date | None = None  # when the API was first released (6.1: 2022-12-11)

    @property
    def source(self) -> str:
        return f"{self.project} {self.release}"
