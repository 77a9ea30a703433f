"""The KB file format (`"format": "patchlint-opskb", "version": 1`, docs/kb.md): reading a
KB document, with every field checked (a KB may come from `--kb-file`), and writing one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from patchlint.c.kb.model import KBFile, MemberProto, StructProto
from patchlint.errors import InputError

FORMAT = "patchlint-opskb"
FORMAT_VERSION = 1


def member_json(m: MemberProto) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": m.member,
        "ret": m.ret,
        "params": [[t, n] for t, n in zip(m.params, m.param_names, strict=True)],
        "line": m.line,
    }
    if m.variadic:
        out["variadic"] = True
    if not m.prototyped:
        out["prototyped"] = False
    for key, val in (("if", m.condition), ("typedef", m.typedef), ("array", m.array)):
        if val is not None:
            out[key] = val
    if m.path:
        out["path"] = list(m.path)
    return out


def dumps_kb(kb: KBFile, headers: Sequence[str], stats: dict[str, Any]) -> str:
    """The KB as JSON text: one struct per line and one member per line (diffs stay
    readable when a KB is rebuilt)."""
    head: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "project": kb.project,
        "release": kb.release,
    }
    if kb.released is not None:
        head["released"] = kb.released.isoformat()
    head.update({"origin": kb.origin, "headers": list(headers), "stats": stats})
    lines = ["{"]
    for key, val in head.items():
        lines.append(f"{json.dumps(key)}: {json.dumps(val, ensure_ascii=False)},")
    lines.append('"structs": [')
    structs = []
    for st in kb.structs:
        meta = json.dumps(
            {"name": st.name, "kind": st.kind, "file": st.file, "line": st.line}, ensure_ascii=False
        )
        members = ",\n".join(
            json.dumps(member_json(m), ensure_ascii=False, separators=(",", ":"))
            for m in st.members
        )
        structs.append(f'{meta[:-1]}, "members": [\n{members}\n]}}')
    lines.append(",\n".join(structs))
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _req(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    val = obj.get(key)
    if not isinstance(val, kind):
        raise InputError(f"{where}: `{key}` missing or not a {kind.__name__}")
    return val


def parse_kb(data: Any, name: str) -> KBFile:
    """A KB from its decoded JSON; InputError if the document is not a KB of a version this
    patchlint reads."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{name}: not a patchlint ops KB (format {FORMAT!r} expected)")
    if data.get("version") != FORMAT_VERSION:
        raise InputError(
            f"{name}: KB format version {data.get('version')!r}, this patchlint "
            f"reads version {FORMAT_VERSION}"
        )
    project = _req(data, "project", str, name)
    release = _req(data, "release", str, name)
    released = _date(data.get("released"), name)
    origin = data.get("origin") or ""
    source = f"{project} {release}"
    structs = []
    for i, st in enumerate(_req(data, "structs", list, name)):
        where = f"{name}: structs[{i}]"
        if not isinstance(st, dict):
            raise InputError(f"{where}: not an object")
        sname = _req(st, "name", str, where)
        sfile = st.get("file") or ""
        members = [
            parse_member(m, sname, sfile, source, f"{where}.members[{j}]")
            for j, m in enumerate(_req(st, "members", list, where))
        ]
        structs.append(
            StructProto(
                sname,
                st.get("kind") or "struct",
                sfile,
                int(st.get("line") or 0),
                source,
                tuple(members),
            )
        )
    return KBFile(name, project, release, str(origin), tuple(structs), released)


def parse_member(m: Any, struct: str, file: str, source: str, where: str) -> MemberProto:
    """One `members[]` entry of a KB document (also what the member index stores)."""
    if not isinstance(m, dict):
        raise InputError(f"{where}: not an object")
    params = _req(m, "params", list, where)
    if not all(
        isinstance(p, list)
        and len(p) == 2
        and isinstance(p[0], str)
        and (p[1] is None or isinstance(p[1], str))
        for p in params
    ):
        raise InputError(f"{where}: params must be [type, name|null] pairs")
    return MemberProto(
        struct=struct,
        member=_req(m, "name", str, where),
        ret=_req(m, "ret", str, where),
        params=tuple(p[0] for p in params),
        param_names=tuple(p[1] for p in params),
        source=source,
        file=file,
        line=int(m.get("line") or 0),
        variadic=bool(m.get("variadic", False)),
        prototyped=bool(m.get("prototyped", True)),
        condition=m.get("if"),
        typedef=m.get("typedef"),
        path=tuple(m.get("path") or ()),
        array=m.get("array"),
    )


def _date(value: Any, where: str) -> date | None:
    """The optional `released` date (ISO 8601: `2022-12-11`)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(f"{where}: `released` must be a date (YYYY-MM-DD), not {value!r}")


def read_kb_file(path: Path) -> KBFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read the KB: {exc}") from exc
    return parse_kb(data, path.stem)
