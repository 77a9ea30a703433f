"""Who is who in a thread: the same person under two addresses or two spellings of a name.

`same_person` (model/trailers.py) compares two addresses on their own, as b4 does. Here the
whole series is the evidence: every sender and every person named in a trailer is recorded,
an address and a display name written together are linked, and two mailboxes are the same
person when the links join them. So `Ian Campbell <Ian.Campbell@eu.citrix.com>` (his From:)
and `Ian Campbell <ian.campbell@citrix.com>` (his trailers) are one person, and so is
`Zhang, Xiantao <xiantao.zhang@intel.com>` and a sign-off by `Xiantao Zhang`.

Normalisation:
- addresses: lower case, a `+tag` sub-address dropped (`a+lkml@x` is `a@x`);
- names: Unicode accents dropped (`Michał Mirosław` = `Michal Miroslaw`), case folded,
  quotes, dots and extra spaces dropped, `Last, First` turned into `first last`, and a
  mailing list's DMARC rewrite removed (`Jane Doe via Xen-devel` is `jane doe`).
A display name links addresses only when it has at least two words: `Ian` or `root` alone
says too little. Two different people with the same full name would be merged; in a single
thread that is rare enough to accept.
"""

from __future__ import annotations

import re
import unicodedata

from patchlint import lazyre
from patchlint.model.message import Address

# "Jane Doe via Xen-devel" (mailman DMARC munging); a match starts only where the blanks do
_VIA = lazyre.compile(r"(?<!\s)\s+via\s+\S.*$", re.I)
_SUBADDRESS = lazyre.compile(r"\+[^@]*@")
# letters that Unicode does not decompose into a base letter and an accent
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
    }
)


def usable_email(email: str) -> bool:
    """An address with a local part, an `@` and a domain, and no spaces."""
    local, at, domain = email.strip().rpartition("@")
    return bool(at and local and domain and not any(c.isspace() for c in email.strip()))


def email_key(email: str) -> str:
    """The address as compared: lower case, without a `+tag` sub-address, and Google's
    `googlemail.com` as `gmail.com` (one mailbox under two domains: Google delivers either
    to the same account, so a sign-off in one and a From: in the other are one address)."""
    key = _SUBADDRESS.sub("@", email.strip().lower())
    return key[: -len("googlemail.com")] + "gmail.com" if key.endswith("@googlemail.com") else key


def name_key(name: str) -> str:
    """A display name as compared (see the module docstring); '' when there is none."""
    name = _VIA.sub("", name.strip())
    if "@" in name:
        return ""
    name = unicodedata.normalize("NFKD", name.translate(_FOLD))
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = name.replace('"', " ").replace("'", " ").replace(".", " ").casefold()
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    return " ".join(name.replace(",", " ").split())


def _strong_name(key: str) -> bool:
    return len(key.split()) >= 2


class People:
    """Union-find over the addresses and names seen in one series."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._node_cache: dict[Address, tuple[str, ...]] = {}

    def _find(self, node: str) -> str:
        root = node
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while self._parent.get(node, node) != root:  # path compression
            self._parent[node], node = root, self._parent[node]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def _nodes(self, addr: Address) -> tuple[str, ...]:
        cached = self._node_cache.get(addr)
        if cached is not None:
            return cached
        nodes = []
        if usable_email(addr.email):
            nodes.append("e:" + email_key(addr.email))
        key = name_key(addr.name)
        if _strong_name(key):
            nodes.append("n:" + key)
        self._node_cache[addr] = result = tuple(nodes)
        return result

    def add(self, addr: Address | None) -> None:
        """Record a mailbox seen in the thread: its address and its name are one person."""
        if addr is None:
            return
        nodes = self._nodes(addr)
        for node in nodes:
            self._parent.setdefault(node, node)
        for other in nodes[1:]:
            self._union(nodes[0], other)

    def same(self, a: Address | None, b: Address | None) -> bool:
        """The same person: equal addresses or full names, or linked by what the thread shows."""
        if a is None or b is None:
            return False
        na, nb = self._nodes(a), self._nodes(b)
        if set(na) & set(nb):
            return True
        roots_a = {self._find(n) for n in na if n in self._parent}
        return any(self._find(n) in roots_a for n in nb if n in self._parent)

    def same_address(self, a: Address, b: Address) -> bool:
        """Literally the same mailbox address (after normalisation), whoever the names say."""
        return (
            usable_email(a.email)
            and usable_email(b.email)
            and email_key(a.email) == email_key(b.email)
        )
