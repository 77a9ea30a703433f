"""Parse mailbox text (`Name <addr>`) into Address values; pure string work."""

from __future__ import annotations

import email.utils

from patchlint.model.message import Address


def parse_address(value: str) -> Address:
    """One address from a decoded header value; keeps whatever can be kept of a bad one."""
    name, addr = email.utils.parseaddr(value)
    if not addr and not name:
        return Address(name=value.strip(), email="")
    if addr and "@" not in addr and not name and " " in value.strip():
        return Address(name=value.strip(), email="")
    return Address(name=name.strip(), email=addr.strip())


def parse_address_list(values: list[str]) -> tuple[Address, ...]:
    """All addresses of To/Cc headers (each already decoded)."""
    out: list[Address] = []
    for name, addr in email.utils.getaddresses(values):
        if addr or name:
            out.append(Address(name=name.strip(), email=addr.strip()))
    return tuple(out)
