"""Parse mailbox text (`Name <addr>`) into Address values; pure string work."""

from __future__ import annotations

import email.utils
import functools
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


@functools.lru_cache(maxsize=4096)
def _parse_values(values: tuple[str, ...]) -> tuple[Address, ...]:
    """The addresses of these header values, remembered: the same long Cc lists of a thread
    are read by several analyses and rules, and the stdlib parser costs ~0.1 ms an address."""
    out: list[Address] = []
    for name, addr in email.utils.getaddresses(list(values)):
        if addr or name:
            out.append(Address(name=name.strip(), email=addr.strip()))
    return tuple(out)
