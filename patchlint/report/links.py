"""Links to a mail in the list archive: `BASE<message-id>/`, as public-inbox (lore) serves
a message. The Message-ID is percent-escaped as public-inbox escapes it (`/`, `%`, `?`,
`#`, spaces and anything outside its safe set), so a hostile id cannot leave the path."""

from __future__ import annotations

import urllib.parse

# public-inbox's mid_escape keeps these (and letters, digits, `-._~`)
_SAFE = "!$&'()*+,;=:@"


def message_url(base: str, message_id: str | None) -> str | None:
    """The mail's page under the archive `base` (http(s), ending with `/`); None without
    an archive or a Message-ID."""
    if not base or not message_id:
        return None
    ident = message_id.strip().removeprefix("<").removesuffix(">")
    if not ident:
        return None
    return f"{base}{urllib.parse.quote(ident, safe=_SAFE)}/"
