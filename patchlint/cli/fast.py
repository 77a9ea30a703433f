"""The command lines hooks run once per patch, parsed without typer's parser.

`git send-email` runs `patchlint hook run -- PATCH [HEADERS]` once per mail and b4 runs
`patchlint check --format checkpatch -` once per patch: there, start-up is most of the run,
and typer costs its import and a pydantic validator per parameter before parsing (about
60 ms, a third of checkpatch.pl's whole run). The few shapes those tools write are parsed
here and the function the typer command calls (`cli.check_run`, `cli.hook_run`) is called
with what typer would have passed it, without importing typer at all; any other command
line (another option, a value out of its choices, --help, a missing argument) returns None
and goes through typer, which gives its usual help and errors. `tests/cli/test_fast.py`
holds the two paths to the same output and exit code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECK_FORMATS = ("text", "json", "checkpatch", "b4-review")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Shape:
    """A command's fast shape: the function, its options (flag -> (parameter, kind)) and
    its positional parameters; kind is "flag", "list", "path", "str" or a tuple of choices."""

    module: str
    function: str
    options: dict[str, tuple[str, Any]] = field(default_factory=dict)
    positional: tuple[str, ...] = ()  # parameter names, one value each
    rest: str | None = None  # parameter taking every positional value as a list
    minimum: int = 1  # positional values required


SHAPES: dict[tuple[str, ...], Shape] = {
    ("check",): Shape(
        "patchlint.cli.check_run",
        "run_check",
        {
            "--format": ("fmt", CHECK_FORMATS),
            "-f": ("fmt", CHECK_FORMATS),
            "--fail-on": ("fail_on", FAIL_ON),
            "--select": ("select", "list"),
            "--ignore": ("ignore", "list"),
            "--series": ("series", "flag"),
        },
        rest="paths",
    ),
    ("hook", "run"): Shape(
        "patchlint.cli.hook_run",
        "run_hook",
        {"--thread": ("thread", "path"), "--config": ("config_file", "path")},
        positional=("patch", "header"),
    ),
}


def _parse(shape: Shape, args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments for `shape`'s function, or None when `args` is not a shape
    this parser takes on (typer then parses it)."""
    kwargs: dict[str, Any] = {}
    values: list[str] = []
    i, only_values = 0, False
    while i < len(args):
        token = args[i]
        i += 1
        if only_values or token == "-" or not token.startswith("-"):
            values.append(token)
            continue
        if token == "--":
            only_values = True
            continue
        name, eq, value = token.partition("=")
        if name not in shape.options or (eq and not name.startswith("--")):
            return None
        param, kind = shape.options[name]
        if kind == "flag":
            if eq or param in kwargs:
                return None
            kwargs[param] = True
            continue
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
            if value.startswith("-"):  # click's reading of `--opt -x` is left to click
                return None
        if kind == "list":
            kwargs.setdefault(param, []).append(value)
        elif param in kwargs:  # a repeated single-valued option: typer's rules apply
            return None
        elif isinstance(kind, tuple):
            if value not in kind:
                return None
            kwargs[param] = value
        else:
            kwargs[param] = Path(value) if kind == "path" else value
    if len(values) < shape.minimum:
        return None
    if shape.rest is not None:
        kwargs[shape.rest] = values
    else:
        if len(values) > len(shape.positional):
            return None
        kwargs.update((p, Path(v)) for p, v in zip(shape.positional, values, strict=False))
    return kwargs


def _version() -> int:
    from patchlint import __version__
    from patchlint.cli.echo import echo

    echo(f"patchlint {__version__}")
    return 0


def fast_command(args: Sequence[str]) -> Callable[[], int] | None:
    """The call a hook's command line makes, ready to run (it returns the exit code); None
    for any other. `patchlint --version` (what scripts and bug reports run) is one too."""
    if list(args) == ["--version"]:
        return _version
    for words, shape in SHAPES.items():
        if tuple(args[: len(words)]) != words:
            continue
        kwargs = _parse(shape, args[len(words) :])
        if kwargs is None:
            return None
        module = importlib.import_module(shape.module)
        function = getattr(module, shape.function)
        if "fmt" in kwargs:
            kwargs["fmt"] = module.CheckFormat(kwargs["fmt"])
        return lambda: int(function(**kwargs))
    return None
