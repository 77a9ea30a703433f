"""`lazyre.compile` answers exactly as `re.compile` and compiles only when first used."""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.lazyre import LazyPattern


def test_not_compiled_until_used_and_then_the_same_answers():
    lazy = lazyre.compile(r"(?P<word>\w+)\s+v(\d+)", re.I)
    eager = re.compile(r"(?P<word>\w+)\s+v(\d+)", re.I)
    assert isinstance(lazy, LazyPattern)
    assert "_compiled" not in vars(lazy)
    assert lazy.pattern == eager.pattern  # no compile needed for the text
    assert "_compiled" not in vars(lazy)
    text = "PATCH V2 and patch v10"
    assert lazy.search(text).group("word") == eager.search(text).group("word")  # type: ignore[union-attr]
    assert "_compiled" in vars(lazy)
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub("x", text) == eager.sub("x", text)
    assert lazy.split(text) == eager.split(text)
    assert lazy.flags == eager.flags
    assert lazy.groupindex == eager.groupindex


def test_bytes_and_inline_flags():
    lazy = lazyre.compile(rb"(?m)^\.")
    assert lazy.sub(b"..", b".a\n.b") == b"..a\n..b"
    assert lazy.flags == re.compile(rb"(?m)^\.").flags


def test_a_bad_pattern_fails_when_used():
    lazy = lazyre.compile(r"(unclosed")
    try:
        lazy.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("a bad pattern must raise re.error on use")
