"""`patchlint kb`: build and query the ops-struct prototype knowledge base."""

from __future__ import annotations

import json
import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from patchlint.c.kb.build import build_kb
from patchlint.c.kb.index import INDEX_NAME, build_index, shipped_dir
from patchlint.c.kb.shipped import available_kbs, load_kb
from patchlint.cli.console import stderr_console
from patchlint.errors import InputError, UsageError

kb_app = typer.Typer(
    help="The ops-struct prototype knowledge base (net_device_ops, file_operations, ...).",
    no_args_is_help=True,
)


@kb_app.command("build")
def build(
    tree: Annotated[
        Path,
        typer.Option(
            "--tree", help="a Linux or Xen source tree (only the headers are read)", metavar="DIR"
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="write the KB to FILE", metavar="FILE")
    ],
    headers: Annotated[
        list[str] | None,
        typer.Option(
            "--headers",
            help="glob relative to the tree (repeatable; default: the documented "
            "set for Linux or Xen, see docs/kb.md)",
            metavar="GLOB",
        ),
    ] = None,
    project: Annotated[
        str | None,
        typer.Option("--project", help="linux | xen | any name (default: guessed from the tree)"),
    ] = None,
    release: Annotated[
        str | None, typer.Option("--release", help="release (default: from the tree's Makefile)")
    ] = None,
    origin: Annotated[
        str, typer.Option("--origin", help="where the sources came from, recorded in the KB")
    ] = "",
    released: Annotated[
        str | None,
        typer.Option(
            "--released",
            help="the day the release (its first, x.y.0) came out, recorded in the "
            "KB: rules weigh a patch's date against it",
            metavar="YYYY-MM-DD",
        ),
    ] = None,
) -> None:
    """Extract every struct with function-pointer members from a tree's headers."""
    if not tree.is_dir():
        raise InputError(f"--tree {tree}: not a directory")
    day = _day(released) if released is not None else None
    result = build_kb(
        tree, headers or None, project=project, release=release, origin=origin, released=day
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    # write next to the target, then rename: a failed build never leaves half a KB
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(result.text, encoding="utf-8")
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{output}: {exc}") from exc
    stderr_console().print(
        f"{escape(result.kb.source)}: {result.structs} structs, {result.members} members "
        f"from {result.files} files ({result.parse_errors} with parse errors) in "
        f"{result.seconds:.1f} s -> {escape(str(output))}"
    )
    if (output.parent / INDEX_NAME).exists():  # a KB folder with a member index: keep it true
        _index(output.parent)


@kb_app.command("index")
def index(
    folder: Annotated[
        Path | None,
        typer.Argument(help="a folder of KB files (default: the shipped KBs)", metavar="DIR"),
    ] = None,
) -> None:
    """Rebuild the member index of a folder of KBs (what rules read one member from)."""
    folder = folder or shipped_dir()
    if folder is None:
        raise UsageError("the shipped KBs are not on disk here: name a folder")
    _index(folder)


def _index(folder: Path) -> None:
    if not folder.is_dir():
        raise InputError(f"{folder}: not a directory")
    written = build_index(folder)
    stderr_console().print(f"member index of {escape(str(folder))} -> {escape(str(written))}")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--released {text!r}: give a date as YYYY-MM-DD") from None


class ListFormat(StrEnum):
    text = "text"
    json = "json"


@kb_app.command("list")
def list_kbs(
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """The shipped KBs: project, release, the day it came out, structs and members."""
    names = available_kbs()
    files = {f.name: f for f in load_kb(names).files}
    rows: list[dict[str, Any]] = [
        {
            "name": f.name,
            "project": f.project,
            "release": f.release,
            "released": f.released.isoformat() if f.released else None,
            "structs": len(f.structs),
            "members": sum(len(s.members) for s in f.structs),
            "origin": f.origin,
        }
        for f in (files[n] for n in names)
    ]
    if fmt is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    head = {
        "name": "KB",
        "project": "PROJECT",
        "release": "RELEASE",
        "released": "RELEASED",
        "structs": "STRUCTS",
        "members": "MEMBERS",
    }
    table = [head] + [{**r, "released": r["released"] or "-"} for r in rows]
    widths = {k: max(len(str(r[k])) for r in table) for k in head}
    for r in table:
        typer.echo(
            "  ".join(
                f"{r[k]!s:>{widths[k]}}"
                if k in ("structs", "members")
                else f"{r[k]!s:<{widths[k]}}"
                for k in head
            ).rstrip()
        )


@kb_app.command("show")
def show(
    name: Annotated[
        str,
        typer.Argument(
            help="a struct (net_device_ops), a member (ndo_fix_features) or struct.member"
        ),
    ],
    kb_names: Annotated[
        list[str] | None,
        typer.Option(
            "--kb",
            help="shipped KBs: a name (linux-6.12), a project (xen), a prefix (linux-6) "
            "or a glob (repeatable; default: all; `patchlint kb list` shows them)",
            metavar="NAME",
        ),
    ] = None,
    kb_files: Annotated[
        list[Path] | None, typer.Option("--kb-file", help="a KB file (repeatable)", metavar="FILE")
    ] = None,
) -> None:
    """Print the prototypes the KB knows for a struct or a member, per release."""
    # --kb-file alone: only those files; with --kb too: both
    names = [] if kb_files and not kb_names else kb_names
    kb = load_kb(names, kb_files or ())
    struct, _, member = name.rpartition(".")
    lines: list[str] = []
    if not struct and kb.struct(name):
        for st in kb.struct(name):
            lines.append(f"{st.kind} {st.name}  /* {st.source}, {st.file}:{st.line} */")
            lines.extend(f"    {m.prototype()};" for m in st.members)
    else:
        for m in kb.members(member, struct or None):
            cond = f" [#if {m.condition}]" if m.condition else ""
            lines.append(
                f"{m.qualname()}: {m.prototype()}  /* {m.source}, {m.file}:{m.line}{cond} */"
            )
    if not lines:
        have = ", ".join(kb.sources) or ", ".join(available_kbs()) or "none"
        raise UsageError(f"{name!r}: no such struct or member in the KB ({have})")
    for line in lines:
        typer.echo(line)
