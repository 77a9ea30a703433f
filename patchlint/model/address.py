"""Parse mailbox text (`Name <addr>`) into Address values; pure string work."""

from __future__ import annotations

import email.utils
import functools
import inspect
from dataclasses import dataclass

from patchlint import lazyre


@dataclass(frozen=True, slots=True)
class Address:
    """A mailbox as written in a header or trailer: display name and address."""

    name: str
    email: str

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.email or self.name

    @property
    def key(self) -> str:
        """Identity used to match people: the lower-cased address, else the name."""
        return (self.email or self.name).strip().lower()


_ANGLE = lazyre.compile(r"^(.*?)<([^<>]*)>(.*)$")


def _unquote(name: str) -> str:
    """Drop RFC 822 quote marks and backslash escapes, keeping the text they protect."""
    if '"' not in name and "\\" not in name:
        return name
    out: list[str] = []
    escaped = False
    depth = 0  # inside a (comment) quote marks are text
    for ch in name:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"' and depth == 0:
            continue
        else:
            if ch == "(":
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
            out.append(ch)
    return "".join(out)


def _clean_name(name: str) -> str:
    name = _unquote(" ".join(name.split()))
    if name.startswith("(") and name.endswith(")") and name.count("(") == 1:
        name = name[1:-1]
    return name.strip()


@functools.lru_cache(maxsize=4096)
def parse_address(value: str) -> Address:
    """One address from a decoded header value; keeps whatever can be kept of a bad one.

    Like git mailinfo, the name is everything around `<addr>` (RFC 822 comments included),
    and a name given only as a comment (`<a@b> (A U Thor)`) is used without its parentheses.
    Remembered (an Address is immutable): a list's mail comes from a few hundred senders,
    and every message's From is read.
    """
    m = _ANGLE.match(value.strip())
    if m and "<" not in m.group(1):
        return Address(name=_clean_name(m.group(1) + " " + m.group(3)), email=m.group(2).strip())
    name, addr = email.utils.parseaddr(value)
    if not addr and not name:
        return Address(name=value.strip(), email="")
    if addr and "@" not in addr and not name and " " in value.strip():
        return Address(name=value.strip(), email="")
    return Address(name=name.strip(), email=addr.strip())


def parse_address_list(values: list[str]) -> tuple[Address, ...]:
    """All addresses of To/Cc headers (each already decoded)."""
    return _parse_values(tuple(values))


# A header value of plain mailboxes only: `addr` or `[name] <addr>`, comma-separated, the
# name atoms and quoted strings, with no comment, backslash, group, route, domain literal,
# comma in quotes or space inside `<...>`. The stdlib's getaddresses reads such a value as
# each item's name parts (a quoted one without its quotes) joined by one space and its
# address as written (what `_simple_pairs` returns); anything else, and any empty item,
# goes to `_checked_pairs`.
# Atoms: what the stdlib's `_parseaddr` does not stop at (its specials, ' \t\r\n'), less
# any other white space (it drops an address atom that `str.strip` empties).
_WS = r"[ \t\r\n]"
_ATOM = r"[^\s()<>@,;:\\\".\[\]]+"
_WORD = r"[^\s()<>@,;:\\\"\[\]]++"  # a name's atoms may hold dots; possessive: one reading
_QUOTED = r'"[^"\\\r,]*"'  # the stdlib ends a quoted string at `"` or a carriage return
_ADDR = rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*"
_NAME = rf"(?:{_WORD}|{_QUOTED})(?:{_WS}*(?:{_WORD}|{_QUOTED}))*"
# One item, matched whole (`\A`: one start position; a failing item fails in linear time).
_SIMPLE_ITEM = lazyre.compile(rf"\A{_WS}*(?:(?:({_NAME}){_WS}*)?<({_ADDR})>|({_ADDR})){_WS}*")
_NAME_PART = lazyre.compile(rf"{_WORD}|{_QUOTED}")


def _name(text: str) -> str:
    """A display name as getaddresses gives it: its parts (a quoted one without its quotes)
    joined by one space."""
    return " ".join(part[1:-1] if part[:1] == '"' else part for part in _NAME_PART.findall(text))


def _simple_pairs(values: tuple[str, ...]) -> list[tuple[str, str]] | None:
    """getaddresses' (name, address) pairs for values of plain mailboxes, else None."""
    out: list[tuple[str, str]] = []
    for value in values:
        for item in value.split(","):  # no item can hold a comma (none in quotes)
            m = _SIMPLE_ITEM.fullmatch(item)
            if m is None:
                return None
            name, angled, bare = m.groups()
            out.append(("", bare) if bare is not None else (_name(name or ""), angled))
    return out


# Python's getaddresses became strict in security releases (CVE-2023-27043: 3.11.4+ in
# Debian's 3.11.2, 3.13 upstream), not in every 3.11 build: one parser, the lenient one, is
# used everywhere and checked here as the strict one checks, but value by value (one bad Cc
# line must not drop the To line) and after dropping empty items (`a@b,` is one mailbox).
_LENIENT: dict[str, bool] = (
    {"strict": False} if "strict" in inspect.signature(email.utils.getaddresses).parameters else {}
)


def _items(value: str) -> list[str] | None:
    """The comma-separated items of a value, commas in quotes or comments kept; None when
    its quotes or parentheses do not close (the parser would guess where a mailbox ends)."""
    items: list[str] = []
    start = depth = 0
    quoted = escaped = False
    for i, ch in enumerate(value):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"' and not depth:  # in a (comment) a quote mark is text
            quoted = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if not depth:
                return None
            depth -= 1
        elif ch == "," and not depth:
            items.append(value[start:i])
            start = i + 1
    if quoted or depth:
        return None
    items.append(value[start:])
    return items


def _checked_pairs(value: str) -> list[tuple[str, str]]:
    """The (name, address) pairs of one value, or none when the parser reads it as another
    number of mailboxes than it has items, or leaves a domain literal half-read."""
    items = _items(value)
    if items is None:
        return []
    items = [item for item in items if item.strip()]
    if not items:
        return []
    pairs = email.utils.getaddresses([",".join(items)], **_LENIENT)
    if len(pairs) != len(items) or any("[" in addr for _, addr in pairs):
        return []
    return pairs


@functools.lru_cache(maxsize=4096)
def _parse_values(values: tuple[str, ...]) -> tuple[Address, ...]:
    """The addresses of these header values, remembered: the same long Cc lists of a thread
    are read by several analyses and rules, and the stdlib parser costs ~0.1 ms an address
    (plain mailboxes, nearly all of them, are read by one pattern: `_simple_pairs`)."""
    pairs = _simple_pairs(values)
    if pairs is None:
        pairs = [pair for value in values for pair in _checked_pairs(value)]
    return tuple(
        Address(name=name.strip(), email=addr.strip()) for name, addr in pairs if addr or name
    )
