"""The labels: one TOML file per rule under labels/, one `[[label]]` table per judged finding,
sorted by key so that a change shows as a small diff.

  key      the finding's key (keys.py)
  verdict  tp    right, and a maintainer wants it said
           fp    wrong: the code, the trailer or the changelog is fine as it is
           noise true, but nobody wants it posted (a style a community does not follow,
                 a repeat of what the thread already settled ...)
  reason   one line, the reason a maintainer would give
  text     the finding's message when it was judged (a later rewording keeps the label)
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bench.precision.keys import key_code

LABELS = Path(__file__).resolve().parent / "labels"
VERDICTS = ("tp", "fp", "noise")


class LabelError(ValueError):
    """A label file that does not parse or breaks the rules above."""


@dataclass(frozen=True)
class Label:
    key: str
    verdict: str
    reason: str
    text: str


def _check(label: Label, where: str) -> None:
    if label.verdict not in VERDICTS:
        raise LabelError(f"{where}: verdict {label.verdict!r} is not one of {VERDICTS}")
    if not label.reason.strip():
        raise LabelError(f"{where}: {label.key} has no reason")
    if "\n" in label.reason:
        raise LabelError(f"{where}: {label.key}: the reason must be one line")
    if key_code(label.key) != Path(where).stem:
        raise LabelError(f"{where}: {label.key} belongs in {key_code(label.key)}.toml")


def load_file(path: Path) -> list[Label]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LabelError(f"{path}: {exc}") from exc
    unknown = set(data) - {"label"}
    if unknown:
        raise LabelError(f"{path}: unknown tables {sorted(unknown)}")
    out = []
    for i, entry in enumerate(data.get("label", [])):
        missing = {"key", "verdict", "reason", "text"} - set(entry)
        extra = set(entry) - {"key", "verdict", "reason", "text"}
        if missing or extra:
            raise LabelError(
                f"{path}: label {i + 1}: missing {sorted(missing)}, unknown {sorted(extra)}"
            )
        if not all(isinstance(entry[f], str) for f in ("key", "verdict", "reason", "text")):
            raise LabelError(f"{path}: label {i + 1}: every field is a string")
        label = Label(entry["key"], entry["verdict"], entry["reason"], entry["text"])
        _check(label, str(path))
        out.append(label)
    return out


def load(directory: Path = LABELS) -> dict[str, Label]:
    """Every label by key; a key labelled twice is an error."""
    labels: dict[str, Label] = {}
    for path in sorted(directory.glob("*.toml")):
        for label in load_file(path):
            if label.key in labels:
                raise LabelError(f"{path}: {label.key} is labelled twice")
            labels[label.key] = label
    return labels


def _toml_string(value: str) -> str:
    # a JSON string is a TOML basic string once DEL is escaped too
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def dump(labels: list[Label], header: str) -> str:
    parts = [f"# {header}\n"]
    for label in sorted(labels, key=lambda lb: lb.key):
        parts.append(
            "\n[[label]]\n"
            + "".join(
                f"{f} = {_toml_string(getattr(label, f))}\n"
                for f in ("key", "verdict", "reason", "text")
            )
        )
    return "".join(parts)


def save(new: list[Label], directory: Path = LABELS) -> None:
    """Add or replace labels, each in its rule's file."""
    by_code: dict[str, list[Label]] = {}
    for label in new:
        _check(label, f"{key_code(label.key)}.toml")
        by_code.setdefault(key_code(label.key), []).append(label)
    directory.mkdir(parents=True, exist_ok=True)
    for code, fresh in by_code.items():
        path = directory / f"{code}.toml"
        kept = {lb.key: lb for lb in (load_file(path) if path.exists() else [])}
        kept.update((lb.key, lb) for lb in fresh)
        path.write_text(
            dump(list(kept.values()), f"{code}: labelled findings (docs/precision.md)"),
            encoding="utf-8",
        )
