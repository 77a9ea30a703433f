"""`json.dumps(value, indent=2, ensure_ascii=False)`, the same text, made faster.

With an indent the stdlib encodes in Python through a generator per nesting level and a
chunk per token; a review writes every series' entry that way (~3% of a slice's review).
This encoder appends to one list and handles scalars in the loop over a container. It
knows the types a report holds (str, int, float, bool, None, list, tuple, dict with str
keys); on anything else it hands the whole value to `json.dumps`, so its errors (and any
rarer case) are the stdlib's own. tests/report/test_json_text.py compares the two.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "


class _Unusual(Exception):
    """A value this encoder leaves to the stdlib."""


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _scalar(value: object) -> str | None:
    """The text of a scalar, None for a container (or an unusual value)."""
    if isinstance(value, str):
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _encode(value: Any, newline: str, out: list[str]) -> None:
    """`value` (a list, tuple or dict) onto `out`; `newline` is the newline and indent of
    the level `value` starts at."""
    inner = newline + _INDENT
    if isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        out.append("[")
        sep = inner
        for item in value:
            out.append(sep)
            sep = "," + inner
            kind = type(item)
            if kind is str:
                out.append(encode_basestring(item))
                continue
            if kind is list or kind is dict:
                _encode(item, inner, out)
                continue
            text = _scalar(item)
            if text is not None:
                out.append(text)
            elif isinstance(item, (list, tuple, dict)):
                _encode(item, inner, out)
            else:
                raise _Unusual
        out.append(newline + "]")
        return
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        out.append("{")
        sep = inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual  # the stdlib's key conversions
            out.append(sep)
            sep = "," + inner
            out.append(encode_basestring(key))
            out.append(": ")
            kind = type(item)
            if kind is str:
                out.append(encode_basestring(item))
                continue
            if kind is list or kind is dict:
                _encode(item, inner, out)
                continue
            text = _scalar(item)
            if text is not None:
                out.append(text)
            elif isinstance(item, (list, tuple, dict)):
                _encode(item, inner, out)
            else:
                raise _Unusual
        out.append(newline + "}")
        return
    raise _Unusual


def dumps_indented(value: object, level: int = 0) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)` with every newline followed by
    `level` more indents (a value written inside others): strings never hold a raw newline,
    so every newline of the text is indentation."""
    text = _scalar(value)
    if text is not None:
        return text
    out: list[str] = []
    try:
        _encode(value, "\n" + _INDENT * level, out)
    except (_Unusual, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + _INDENT * level)
    return "".join(out)
