"""Counted nouns for people: "1 message", "2 messages", "1 reply", "3 replies"; one spelling
for every line patchlint prints (templates use it as the `count` filter)."""

from __future__ import annotations

_IRREGULAR = {"reply": "replies", "patch": "patches", "series": "series", "info": "info"}


def plural(word: str) -> str:
    return _IRREGULAR.get(word, word + "s")


def count(n: int, word: str, many: str | None = None, *, grouped: bool = False) -> str:
    """`n word` with the word in the plural unless n is 1 (`many` spells that plural);
    `grouped`: thousands separated (`26,431 messages`)."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {word}" if n == 1 else f"{number} {many or plural(word)}"
