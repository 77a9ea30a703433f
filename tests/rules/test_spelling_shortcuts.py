"""The spelling rule's shortcuts answer as the plain definitions do: `_plain`'s ASCII test
against the test by character, and `_suspect`'s memo of clean words against judging every
word of every text afresh."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from types import ModuleType

from patchlint.engine.loader import _load_module

RULE = Path(__file__).resolve().parents[2] / "rules" / "spelling" / "check.py"


def _rule() -> ModuleType:
    name = "patchlint_rules.spelling"
    return sys.modules.get(name) or _load_module(RULE, "spelling")


def _plain_by_character(word: str) -> bool:
    letters = word.replace("'", "").replace("’", "").replace("-", "")
    if len(letters) < 3 or letters.isupper():
        return False
    return not any(c.isupper() for c in letters[1:])


def test_plain_is_the_test_by_character() -> None:
    spelling = _rule()
    rng = random.Random(11)
    alphabet = "abcdezABCDEZ'’-" + "éÉſK"  # non-ASCII letters take the slow path
    words = ["", "a", "ab", "abc", "aBc", "Abc", "ABC", "a-b-c", "I'm", "don’t", "x-Y-z"]
    words += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(20000)]
    for word in words:
        assert spelling._plain(word) == _plain_by_character(word), word


def test_suspect_is_every_word_judged_afresh() -> None:
    spelling = _rule()
    rng = random.Random(18)
    vocabulary = [
        "the",
        "driver",
        "frees",
        "the",
        "buffer",
        "when",
        "the",
        "device",
        "goes",
        "away",
        "recieve",
        "seperate",
        "occured",
        "hsared",
        "impllement",
        "programe",
        "refactor",
        "modeset",
        "vmbus",
        "the_ident",
        "foo()",
        "p->field",
        "Acked-by",
        "kernel",
        "re-use",
        "mis-use",
        "it's",
        "isn't",
    ]
    texts = [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 12))) for _ in range(400)
    ]
    spelling._suspect.cache_clear()
    spelling._CLEAN.clear()
    for text in texts:
        words = set(spelling._WORD.findall(spelling._denoised(text)))
        expected = any(spelling._suspect_parts(w) for w in words)
        assert spelling._suspect(text) == expected, text
    assert spelling._CLEAN  # the memo was used, and still answered as above
