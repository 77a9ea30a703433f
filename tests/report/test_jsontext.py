"""`jsontext.dumps_indented` writes the stdlib's indented JSON text exactly."""

from __future__ import annotations

import enum
import json
import random

import pytest

from patchlint.report.jsontext import dumps_indented


def _stdlib(value: object, level: int) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


class _Severity(enum.StrEnum):
    ERROR = "error"


class _Count(enum.IntEnum):
    ONE = 1


def _value(rng: random.Random, depth: int) -> object:
    r = rng.random()
    if depth > 4 or r < 0.5:
        text = "".join(
            rng.choice('ab"\\\n\t\x00\x1f\u2028é\udc80😀/') for _ in range(rng.randint(0, 8))
        )
        return rng.choice(
            [
                None,
                True,
                False,
                rng.randint(-(10**20), 10**20),
                rng.random() * 10 ** rng.randint(-30, 30),
                float("nan"),
                float("inf"),
                -float("inf"),
                -0.0,
                text,
                "",
                _Severity.ERROR,
                _Count.ONE,
            ]
        )
    if r < 0.75:
        items = [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        return items if rng.random() < 0.8 else tuple(items)
    keys = [
        rng.choice(["a", 'b"', "é", "\udc80", 1, 2.5, True, False, None, _Severity.ERROR])
        for _ in range(rng.randint(0, 4))
    ]
    return {k: _value(rng, depth + 1) for k in keys}


def test_random_documents_are_the_stdlibs_text() -> None:
    rng = random.Random(2026)
    for _ in range(5000):
        value = _value(rng, 0)
        level = rng.randint(0, 3)
        assert dumps_indented(value, level) == _stdlib(value, level)


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps_indented({"a": {1, 2}})
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): "a"})
