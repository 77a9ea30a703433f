"""`json.dumps(value, indent=2, ensure_ascii=False)`, the same text, written faster.

The stdlib encodes an indented document in Python (its C encoder takes no indent): a chain
of generators, one per level, every piece yielded up through each level above it. A
review's JSON report is ~10 MB of such pieces (2.5% of a `review` of the linux-hyperv
slice). Here one recursive function appends the pieces to one list, and the strings (most
of the values) go through the stdlib's own C string encoder, so the text is the stdlib's:
the same separators, the same escapes (lone surrogates left by `surrogateescape` too), the
same numbers (`int.__repr__`, `float.__repr__`, `NaN`/`Infinity`), dict keys converted the
same way, tuples as lists; anything else is refused with the stdlib's TypeError.
(No circular-reference check: a report is a tree.)"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C encoder when there is one

INFINITY = float("inf")


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == INFINITY:
        return "Infinity"
    if o == -INFINITY:
        return "-Infinity"
    return float.__repr__(o)


def _key(key: object) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _scalar(o: object) -> str | None:
    """The text of a value that is no container, None for a list, tuple or dict."""
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    if isinstance(o, (list, tuple, dict)):
        return None
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _write(
    o: list[object] | tuple[object, ...] | dict[object, object], nl: str, out: list[str]
) -> None:
    """Append the text of a container whose first character stands after `nl` (a newline
    and its indentation). Exact `str` keys and values, the most of a report, are encoded
    without a call to `_key` or `_scalar`."""
    inner = nl + "  "
    encode = encode_basestring
    append = out.append
    if type(o) is dict or isinstance(o, dict):
        if not o:
            append("{}")
            return
        sep = "{" + inner
        for key, value in o.items():
            name = encode(key) if type(key) is str else _key(key)
            if type(value) is str:
                append(sep + name + ": " + encode(value))
            else:
                text = _scalar(value)
                if text is None:
                    append(sep + name + ": ")
                    _write(value, inner, out)  # type: ignore[arg-type]
                else:
                    append(sep + name + ": " + text)
            sep = "," + inner
        append(nl + "}")
        return
    if not o:
        append("[]")
        return
    sep = "[" + inner
    for value in o:
        if type(value) is str:
            append(sep + encode(value))
        else:
            text = _scalar(value)
            if text is None:
                append(sep)
                _write(value, inner, out)  # type: ignore[arg-type]
            else:
                append(sep + text)
        sep = "," + inner
    append(nl + "]")


def dumps_indented(value: object, level: int = 0) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)` with every line after the first
    indented by `level` more steps of two spaces."""
    text = _scalar(value)
    if text is not None:
        return text
    out: list[str] = []
    _write(value, "\n" + "  " * level, out)  # type: ignore[arg-type]
    return "".join(out)
