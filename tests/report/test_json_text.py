"""The fast indented encoder writes exactly what `json.dumps(indent=2)` writes."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum

import pytest

from patchlint.report.json_text import dumps_indented


class _Kind(StrEnum):
    A = "a"


class _Rank(IntEnum):
    ONE = 1


VALUES: list[object] = [
    None,
    True,
    False,
    0,
    -12,
    10**30,
    1.5,
    -0.0,
    1e300,
    float("nan"),
    float("inf"),
    -float("inf"),
    "",
    'line\nbreak "quoted" \\ tab\t é ✓ \x00 \u2028',
    [],
    {},
    [[]],
    [{}],
    {"a": {}},
    {"a": []},
    (1, (2, 3)),
    {"k": [1, "two", None, True, 2.5, {"n": [False]}], "é": "ü"},
    [_Kind.A, _Rank.ONE, {"kind": _Kind.A}],
    {3: "int key", 2.5: "float key", True: "bool", None: "none"},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("level", [0, 1, 2])
def test_same_text_as_json_dumps(value: object, level: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert dumps_indented(value, level) == expected


def test_unencodable_value_raises_what_json_raises() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": [object()]})


def test_circular_value_raises_what_json_raises() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)
