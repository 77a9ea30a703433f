"""The person behind a `From:` a mailing list rewrote for DMARC.

Lists whose subscribers' domains publish strict DMARC policies (Mailman, Google Groups) send
their mail `From: Name via List <list@...>` and put the author in `Reply-To:` (some also in
`X-Original-From:`). Every use of a message's identity - the author, sign-off checks, trailer
givers, grouping by sender, where a reply goes - wants the person, so the model resolves the
person once, when the message is built (see `Message.__post_init__`).

A `From:` counts as such a rewrite only when all of it says so: the display name ends in
`via <something>`, the address is the list's own (its `List-Post:`, the address its `List-Id:`
names, or an address the mail was sent to), and `Reply-To:` (or `X-Original-From:`) names one
person who is not the list.
"""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.model.address import Address, parse_address_list

__all__ = ["list_addresses", "rewritten_by_list"]

_MAILTO = lazyre.compile(r"<\s*mailto:([^>?\s]+)", re.I)
_LIST_ID = lazyre.compile(r"<\s*([^<>@\s]+)\s*>")


def _bare(name: str) -> str:
    """A display name without the quote marks Google Groups puts around it (`'A B' via G`)."""
    name = name.strip()
    if len(name) > 1 and name[0] == name[-1] and name[0] in "'\"":
        name = name[1:-1].strip()
    return name


def list_addresses(list_id: str | None, list_post: str | None) -> set[str]:
    """The list's posting addresses its headers name, lower-cased: `List-Post: <mailto:...>`
    and the address a `List-Id: <name.domain>` stands for (`name@domain`)."""
    out: set[str] = set()
    if list_post:
        out.update(m.lower() for m in _MAILTO.findall(list_post))
    if list_id:
        m = _LIST_ID.search(list_id)
        ident = m.group(1) if m else list_id.strip()
        local, dot, domain = ident.partition(".")
        if dot and local and "." in domain:
            out.add(f"{local}@{domain}".lower())
    return out


def rewritten_by_list(
    author: Address,
    *,
    reply_to: str,
    original_from: str,
    list_id: str | None,
    list_post: str | None,
    to_header: str,
    cc_header: str,
) -> Address | None:
    """The person a list's rewritten `From:` stands for, or None when `author` is not such a
    rewrite (or names no single person to take instead)."""
    # the last " via " of a whitespace-folded name (string search: a regex with `.*` on both
    # sides of `\s+via\s+` is quadratic on hostile names)
    folded = " ".join(author.name.split())
    at = folded.lower().rfind(" via ")
    address = author.email.strip().lower()
    if at <= 0 or not folded[at + 5 :].strip() or not address:
        return None
    lists = list_addresses(list_id, list_post)
    if address not in lists:
        sent_to = {a.email.strip().lower() for a in parse_address_list([to_header, cc_header])}
        if address not in sent_to:
            return None
        lists.add(address)
    lists.add(address)
    name = _bare(folded[:at])
    for header in (reply_to, original_from):
        people = [
            a
            for a in parse_address_list([header])
            if a.email and "@" in a.email and a.email.strip().lower() not in lists
        ]
        named = [a for a in people if _bare(a.name).lower() == name.lower()]
        chosen = named[0] if len(named) == 1 else people[0] if len(people) == 1 else None
        if chosen is not None:
            return Address(name=_bare(chosen.name) or name, email=chosen.email.strip())
    return None
