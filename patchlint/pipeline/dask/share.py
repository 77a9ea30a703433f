"""Equal texts of a review task's mail made one object before the task is sent.

A series can hold the same mail many times: a RESEND storm, a bot re-posting, an author
sending one version to three lists, the copies of a replicated archive linked as re-posts
(issue 20: eight copies of one 2.5 MiB series became one 20 MiB series, a 25 MiB task graph
and a worker 100 MB larger while it reviewed it). Pickle writes an object once however often
it is referred to, by identity, not by value; equal strings read from different mails are
different objects, so each copy travelled and was unpickled on the worker. Making equal
texts one object here (the patch's diff, its message, a reply's body, the Cc list...) sends
each distinct text once, and the worker holds it once. The values are unchanged, so the
review and its report are the same byte for byte.
"""

from __future__ import annotations

import dataclasses
from typing import Any

SHORTEST = 64  # characters: shorter texts are not worth a dictionary entry


def share_text(items: list[Any]) -> list[Any]:
    """`items` (series, or anything made of dataclasses, lists, tuples and dicts), with every
    text of at least SHORTEST characters equal to another one made that one object. Changed
    in place (a tuple holding such a text is replaced by an equal tuple); returned."""
    sharer = _Sharer()
    for i, item in enumerate(items):
        items[i] = sharer.share(item)
    return items


class _Sharer:
    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.seen: set[int] = set()

    def share(self, value: Any) -> Any:
        if isinstance(value, str):
            if len(value) < SHORTEST:
                return value
            return self.texts.setdefault(value, value)
        if isinstance(value, tuple):
            shared = tuple(self.share(x) for x in value)
            if all(a is b for a, b in zip(shared, value, strict=True)):
                return value
            return type(value)(*shared) if hasattr(value, "_fields") else shared
        if isinstance(value, list):
            if id(value) not in self.seen:
                self.seen.add(id(value))
                value[:] = [self.share(x) for x in value]
            return value
        if isinstance(value, dict):
            if id(value) not in self.seen:
                self.seen.add(id(value))
                for key in value:
                    value[key] = self.share(value[key])
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) not in self.seen:
                self.seen.add(id(value))
                for f in dataclasses.fields(value):
                    old = getattr(value, f.name)
                    new = self.share(old)
                    if new is not old:  # (frozen dataclasses too: the value is equal)
                        object.__setattr__(value, f.name, new)
            return value
        return value
