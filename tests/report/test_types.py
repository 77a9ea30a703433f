"""The report's types (`patchlint.report.types`) and its JSON schemas say the same thing: every
schema property is a key of the matching TypedDict and every key a schema property, required
keys agree, enums and constants are the Literal types, nullable fields are `| None`, arrays
are lists of the matching type - all the way down from the top-level object."""

import json
import types
import typing
from pathlib import Path
from typing import (
    Any,
    Literal,
    NotRequired,
    TypedDict,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

import pytest

from patchlint.report import types as report_types
from patchlint.report.types import Report, Summary

SCHEMAS = Path(report_types.__file__).parent / "schema"

_JSON_TYPES: dict[str, object] = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    name = ref.removeprefix("#/$defs/")
    return _resolve(schema, schema["$defs"][name])


def _members(annotation: object) -> list[object]:
    """The alternatives of a union (`X | None`), or the annotation alone."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return list(get_args(annotation))
    return [annotation]


def _literal_values(annotation: object) -> set[object] | None:
    """Every value a Literal (or a union of Literals and None) allows; None when the
    annotation is not made of Literals only."""
    values: set[object] = set()
    for member in _members(annotation):
        if member is type(None):
            values.add(None)
        elif get_origin(member) is Literal:
            values.update(get_args(member))
        else:
            return None
    return values


def _check(
    schema: dict[str, Any],
    node: dict[str, Any],
    annotation: object,
    where: str,
    problems: list[str],
) -> None:
    node = _resolve(schema, node)
    if "oneOf" in node:
        options = [_resolve(schema, o) for o in node["oneOf"]]
        nullable = any(o.get("type") == "null" for o in options)
        rest = [o for o in options if o.get("type") != "null"]
        members = _members(annotation)
        if nullable != (type(None) in members):
            problems.append(f"{where}: null allowed by one and not the other")
        others = [m for m in members if m is not type(None)]
        if len(rest) != 1 or len(others) != 1:
            problems.append(f"{where}: oneOf {len(rest)} schemas vs {others}")
            return
        _check(schema, rest[0], others[0], where, problems)
        return
    if "const" in node or "enum" in node:
        wanted = {node["const"]} if "const" in node else set(node["enum"])
        if _literal_values(annotation) != wanted:
            problems.append(f"{where}: enum {sorted(wanted, key=str)} vs {annotation}")
        return
    kinds = node.get("type")
    if kinds is None:
        return  # described, not constrained (nothing to hold the type to)
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    members = _members(annotation)
    if ("null" in kinds) != (type(None) in members):
        problems.append(
            f"{where}: null {'allowed' if 'null' in kinds else 'refused'} by the "
            f"schema, not by {annotation}"
        )
    members = [m for m in members if m is not type(None)]
    kinds = [k for k in kinds if k != "null"]
    if len(kinds) != 1 or len(members) != 1:
        problems.append(f"{where}: types {kinds} vs {members}")
        return
    kind, member = kinds[0], members[0]
    if kind == "array":
        if get_origin(member) is not list:
            problems.append(f"{where}: array vs {member}")
            return
        _check(schema, node["items"], get_args(member)[0], f"{where}[]", problems)
    elif kind == "object":
        _check_object(schema, node, member, where, problems)
    elif _JSON_TYPES[kind] is not member:
        problems.append(f"{where}: {kind} vs {member}")


def _check_object(
    schema: dict[str, Any],
    node: dict[str, Any],
    annotation: object,
    where: str,
    problems: list[str],
) -> None:
    properties = node.get("properties")
    if properties is None:  # a free-form map: `details`, `stats`, `rules`
        if get_origin(annotation) is not dict:
            problems.append(f"{where}: a map vs {annotation}")
            return
        key, value = get_args(annotation)
        if key is not str:
            problems.append(f"{where}: map keys {key}")
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            _check(schema, extra, value, f"{where}.*", problems)
        return
    if not is_typeddict(annotation):
        problems.append(f"{where}: an object vs {annotation}")
        return
    hints = get_type_hints(annotation)
    if set(hints) != set(properties):
        problems.append(
            f"{where}: keys only in the schema {sorted(set(properties) - set(hints))}"
            f", only in {annotation.__name__} {sorted(set(hints) - set(properties))}"
        )
    required = set(node.get("required", []))
    declared = set(annotation.__required_keys__)  # type: ignore[attr-defined]
    if required != declared:
        problems.append(
            f"{where}: required in the schema only {sorted(required - declared)}, "
            f"in {annotation.__name__} only {sorted(declared - required)}"
        )
    for name in sorted(set(hints) & set(properties)):
        _check(schema, properties[name], hints[name], f"{where}.{name}", problems)


def _problems(schema_file: str, root: object) -> list[str]:
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    problems: list[str] = []
    _check(schema, schema, root, "$", problems)
    return problems


@pytest.mark.parametrize(
    ("schema_file", "root"),
    [
        ("patchlint-report-1.schema.json", Report),
        ("patchlint-summary-1.schema.json", Summary),
    ],
)
def test_types_and_schema_agree(schema_file: str, root: object) -> None:
    assert _problems(schema_file, root) == []


def test_every_schema_definition_is_reached() -> None:
    """No `$defs` entry escapes the walk (a definition nothing refers to is not checked)."""
    schema = json.loads((SCHEMAS / "patchlint-report-1.schema.json").read_text())
    text = json.dumps(schema)
    for name in schema["$defs"]:
        assert f'"#/$defs/{name}"' in text, name


# Types that drift from the schema, to show the check sees it (no `from __future__ import
# annotations` in this module: Python 3.11 cannot see NotRequired in a string annotation).
class _Lost(TypedDict):  # `hit` missing
    text: str
    old: int | None
    new: int | None


class _NotRequired(TypedDict):  # `hit` not required
    text: str
    old: int | None
    new: int | None
    hit: NotRequired[bool]


class _Enum(TypedDict):  # a severity short
    code: str
    rule: str
    severity: Literal["error", "warning"]
    status: Literal["open", "resolved"]


def test_the_check_catches_drift() -> None:
    """The walk is not vacuous: a type that loses a key, gains one, changes which keys are
    required or an enum is reported."""
    schema = json.loads((SCHEMAS / "patchlint-report-1.schema.json").read_text())
    line = schema["$defs"]["quote"]["properties"]["lines"]["items"]
    for wrong, expected in (
        (_Lost, "only in the schema ['hit']"),
        (_NotRequired, "required in the schema only ['hit']"),
    ):
        found: list[str] = []
        _check(schema, line, wrong, "$", found)
        assert any(expected in p for p in found), found
    problem = schema["$defs"]["lineage_entry"]["properties"]["problems"]["items"]
    found = []
    _check(schema, problem, _Enum, "$", found)
    assert found == [
        "$.severity: enum ['error', 'info', 'warning'] vs typing.Literal['error', 'warning']"
    ]
