"""Answers to the bot's replies that report a false positive: `#false-positive CODE` (one or
more codes, or none for the whole reply), written in the answer's own words - a quote of the
bot's own footer, which names the tag, is not a report. The footer of every reply says how
(`report.mailing.FALSE_POSITIVE_TAG`); the bot records each report (`State.record_feedback`)
and does not mail the rules it names (or, naming none, the reply's rules) on that series
again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import own_text
from patchlint.model.message import Message

# `#false-positive`, then what follows on its line, where the codes are
_TAG = lazyre.compile(r"#false[- ]positive\b([ \t:,A-Za-z0-9-]{0,200})", re.I)
_CODE = lazyre.compile(r"\b[A-Z]{2}[0-9]{3}\b")


@dataclass(frozen=True, slots=True)
class FalsePositive:
    """One answer's report: the codes it names (none: every finding of the reply) and the
    answer's own words, kept for the operator."""

    codes: tuple[str, ...]
    words: str


def false_positive(message: Message) -> FalsePositive | None:
    """The report `message` makes, if it makes one in its own words."""
    if "#false" not in message.body.lower():
        return None
    words = own_text(message.body)
    said = [m.group(1) for m in _TAG.finditer(words)]
    if not said:
        return None
    codes = tuple(sorted({c for text in said for c in _CODE.findall(text)}))
    return FalsePositive(codes, words.strip())
