"""`focus._code_tokens` skips plain prose words without asking `_code_like`: the same
identifiers as asking it of every word."""

from __future__ import annotations

import random

from patchlint.analysis.discussion import focus


def _every_word_asked(words: str) -> frozenset[str]:
    out: set[str] = set()
    for m in focus._CODE_WORD.finditer(words):
        if focus._code_like(m.group("word"), m.group("pre"), m.group("post") or ""):
            out.add(m.group("word"))
    return frozenset(out)


def test_code_tokens_are_those_of_every_word_asked() -> None:
    rng = random.Random(11)
    alphabet = "abcXYZ_09 ->.&*`'\"()é\n"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(20000)]
    words = "the Foo fooBar FOO foo_bar __x x86 dev->priv kmalloc() `abc` 'abc' Abc abc( ABc"
    texts += [
        " ".join(rng.choice(words.split()) for _ in range(rng.randint(0, 10))) for _ in range(5000)
    ]
    for text in texts:
        assert focus._code_tokens.__wrapped__(text) == _every_word_asked(text), text
