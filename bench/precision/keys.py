"""A finding's key: what names the same finding across runs, whatever the rule says about it.

A key is `CODE|MESSAGE-ID|FILE:LINE|WHAT` (see docs/precision.md):
  CODE        the rule's code (`TR001`), never its wording
  MESSAGE-ID  the mail the finding is about (a patch, a cover letter, a reply with a proposed
              patch); a mail never changes, so neither does its id. Without one (a patch
              only known by position) `series-title/vREV/pPATCH`.
  FILE:LINE   where in that mail's diff (post-image line), `-` for the commit message, a
              trailer or the whole revision
  WHAT        what in that place: the trailer (`acked-by:addr`, name and address lowercased,
              display name dropped), the misspelt word, the variable(s), the function, the
              MAINTAINERS section(s); `-` when the place is enough
The message, the severity, the status and the line numbers of other lines are left out: a
rewording or an unrelated change of the rule keeps the key, and so the label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# details fields that say *what* a finding is about, most specific first
_WHAT = ("trailer", "signoff", "word", "variable", "variables", "function", "sections", "old")
_ADDRESS = re.compile(r"<([^<>\s]+)>|(\S+@\S+)")


def trailer_identity(text: str) -> str:
    """`Acked-by: Some Name <A@B>` -> `acked-by:a@b`; with no address, the lowercased text
    with its whitespace collapsed."""
    name, _, value = text.partition(":")
    found = _ADDRESS.search(value)
    who = (found.group(1) or found.group(2)) if found else " ".join(value.split())
    return f"{'-'.join(name.split()).lower()}:{who.strip('<>,;').lower()}"


def _what(details: Mapping[str, Any]) -> str:
    for field in _WHAT:
        value = details.get(field)
        if value in (None, "", []):
            continue
        if field in ("trailer", "signoff"):
            return trailer_identity(value if field == "trailer" else f"signed-off-by: {value}")
        if isinstance(value, list):
            return ",".join(sorted(str(v) for v in value))
        return str(value).lower() if field == "word" else str(value)
    return "-"


def finding_key(finding: Mapping[str, Any], series_title: str = "") -> str:
    """The key of one finding of a patchlint JSON report."""
    mail = finding.get("message_id") or (
        f"{series_title}/v{finding.get('revision')}/p{finding.get('patch')}"
    )
    place = f"{finding['file']}:{finding.get('line') or '-'}" if finding.get("file") else "-"
    what = _what(finding.get("details") or {})
    return "|".join([finding["code"], *(_field(x) for x in (mail, place, what))])


def _field(text: str) -> str:
    """A key's field with `%` and `|` escaped (`%25`, `%7C`): a trailer's text or a series
    title may hold the `|` that separates the fields."""
    return text.replace("%", "%25").replace("|", "%7C")


def key_code(key: str) -> str:
    return key.split("|", 1)[0]
