"""Suppressions: `patchlint-ignore: NAME[, CODE...]` in a patch's notes (below `---`) or
commit message silences those rules for the patch; on an added line (in a comment) it
silences them for that line. `all` silences every rule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from patchlint import lazyre

_MARK = lazyre.compile(r"patchlint-ignore:\s*([A-Za-z0-9_, -]+)", re.I)


def _names(text: str) -> set[str]:
    out: set[str] = set()
    for m in _MARK.finditer(text):
        out.update(x.strip().lower() for x in m.group(1).split(",") if x.strip())
    return out


@dataclass(slots=True)
class Suppressions:
    patch: set[str] = field(default_factory=set)
    lines: dict[tuple[str, int], set[str]] = field(default_factory=dict)

    def silenced(self, code: str, name: str, file: str | None, line: int | None) -> bool:
        keys = {code.lower(), name, "all"}
        if keys & self.patch:
            return True
        if file is not None and line is not None:
            return bool(keys & self.lines.get((file, line), set()))
        return False


def suppressions(notes: str, message: str, added: dict[str, list[tuple[int, str]]]) -> Suppressions:
    """From the patch's notes and message, and its added lines by file."""
    result = Suppressions(patch=_names(notes) | _names(message))
    for path, lines in added.items():
        for number, text in lines:
            if "patchlint-ignore" in text:
                result.lines[(path, number)] = _names(text)
    return result
