"""Help that reads well in an 80-column terminal, and usage errors on one line.

typer's help shows Python types as metavars (`<list[str]>`, `<int range>`, `<bool>`), puts
choices in a narrow table column where they break mid-word, and boxes errors in a panel.
Here every command formats its own help the plain way (click's layout): `Usage: patchlint
review [OPTIONS] PATH...`, each option with its metavar (choices as `[a|b|c]`, on a line of
their own when long) and its help wrapped beside it, `[default: ...]` on every option that
has one (a `show_default` text where the real default is "not given").
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from enum import Enum
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import DefaultPlaceholder


def _text(value: object) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def _choices(param: TyperOption | TyperArgument) -> list[str] | None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not getattr(descriptor, "is_choice", False):
        return None
    return [_text(c) for c in descriptor.choices or ()]


def argument_name(param: TyperArgument) -> str:
    """`PATH...` (a metavar that says it repeats), `NAME` (its name in capitals)."""
    name = param.metavar or (param.name or "arg").upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


def option_metavar(param: TyperOption) -> str:
    """What an option takes: its metavar, its choices `[a|b|c]`, or nothing for a flag."""
    if param.is_flag:
        return ""
    if param.metavar:
        return param.metavar
    choices = _choices(param)
    if choices:
        return "[" + "|".join(choices) + "]"
    return "VALUE"


def _default(param: TyperOption) -> str | None:
    """What `[default: ...]` says: the `show_default` text, else the default value; nothing
    for a flag that is off, an option with no default, or `show_default=False`."""
    shown = param.show_default
    if isinstance(shown, str):
        return shown
    if shown is False:
        return None
    value = param.default
    if value is None or value is False or callable(value):
        return None
    if param.is_flag and param.secondary_opts:
        return param.opts[0] if value else param.secondary_opts[0]
    if param.is_flag:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value) or None
    return _text(value)


def option_record(param: TyperOption) -> tuple[str, str]:
    """`(-f, --format [text|json], help  [default: text])` for the help's option list."""
    names = ", ".join(sorted(param.opts, key=lambda o: (o.startswith("--"), o)))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    metavar = option_metavar(param)
    help_text = param.help or ""
    default = _default(param)
    if default is not None:
        help_text = f"{help_text}  [default: {default}]" if help_text else (f"[default: {default}]")
    return (f"{names} {metavar}" if metavar else names), help_text


COLUMN = 30  # widest first column (option names) before the help moves to the next line


def write_dl(formatter: Any, rows: Sequence[tuple[str, str]]) -> None:
    """click's definition list, except that help is wrapped only at spaces: an option name
    (`--smtp-password-file`) or a choice is never split at its hyphens."""
    if not rows:
        return
    indent = formatter.current_indent
    first_col = min(max(len(first) for first, _ in rows), COLUMN) + 2
    width = max(formatter.width - first_col - indent - 2, 10)
    for first, second in rows:
        lines = textwrap.wrap(second, width, break_on_hyphens=False, break_long_words=False)
        formatter.write(f"{'':>{indent}}{first}")
        if not lines:
            formatter.write("\n")
            continue
        if len(first) <= first_col - 2:
            formatter.write(" " * (first_col - len(first)))
        else:
            formatter.write("\n" + " " * (first_col + indent))
        formatter.write(lines[0] + "\n")
        for line in lines[1:]:
            formatter.write(f"{'':>{first_col + indent}}{line}\n")


class Command(TyperCommand):
    """A command whose help is laid out for a terminal (see the module docstring)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and not param.hidden:
                name = argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and not param.hidden:
                arguments.append((argument_name(param), param.help or ""))
            elif isinstance(param, TyperOption) and not param.hidden:
                options.append(option_record(param))
        if arguments:
            with formatter.section("Arguments"):
                write_dl(formatter, arguments)
        if options:
            with formatter.section("Options"):
                write_dl(formatter, options)


class Group(TyperGroup):
    """A command group with the same plain help and option layout."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        Command.format_options(self, ctx, formatter)  # type: ignore[arg-type]
        self.format_commands(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with the first sentence of its help, wrapped, not cut short."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                write_dl(formatter, rows)


def readable(app: typer.Typer) -> typer.Typer:
    """`app` and every command and sub-group in it formatting help as above; plain (not
    rich) errors, which `cli.main` prints on one line."""
    app.rich_markup_mode = None
    if isinstance(app.info.cls, DefaultPlaceholder):
        app.info.cls = Group
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = Command
    for group in app.registered_groups:
        if isinstance(group.cls, DefaultPlaceholder):
            group.cls = Group
        if group.typer_instance is not None:
            readable(group.typer_instance)
    return app
