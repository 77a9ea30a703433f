"""Render the report model with jinja2 templates (`templates/`); no report text is built in
Python. Each format gets its own environment: the terminal one escapes every value for rich
markup (mail text must not be able to restyle the terminal), HTML ones autoescape."""

from __future__ import annotations

import contextlib
import json
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, partial
from typing import Any, TypedDict

import jinja2
from markupsafe import Markup

from patchlint import __version__, lazyre
from patchlint.errors import UsageError
from patchlint.model.address import parse_address
from patchlint.report.check import CheckLine
from patchlint.report.check_text import checkpatch_text, oneline, report_json
from patchlint.report.check_text import visible as _visible
from patchlint.report.html_view import (
    filter_choices,
    hunk_cards,
    index_rows,
    page_script,
    prose,
)
from patchlint.report.jsontext import dumps_indented
from patchlint.report.links import autolink, mail_link
from patchlint.report.types import (
    ApprovalFile,
    FindingEntry,
    InterdiffEntry,
    Report,
    SectionEntry,
    SeverityCounts,
    Summary,
)
from patchlint.report.verdict import by_severity, run_verdict
from patchlint.report.views import patch_groups, side_by_side, timeline
from patchlint.report.words import count

FORMATS = ("text", "json", "sarif", "markdown", "html", "rdjsonl")


_ANSI = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
    "bold cyan": "1;36",
}


def _plain_finalize(value: object) -> object:
    return "" if value is None else _visible(str(value))


def _paint(text: str, style: str, color: bool) -> str:
    """ANSI colour for terminal output that must keep its tabs (rich expands them)."""
    return f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if color and text else text


def _rich_finalize(value: object) -> object:
    if value is None:
        return ""
    from rich.markup import escape as rich_escape  # imported by the runs that use rich

    return rich_escape(str(value))


_MD_SPECIAL = lazyre.compile(r"([\\`*_{}\[\]<>|~&])")
_MD_LINE_START = lazyre.compile(r"^([#+\-=]|\d+(?=[.)](?:\s|$)))")
_SPACES = lazyre.compile(r"\s+")
_BACKTICKS = lazyre.compile(r"`+")


def _markdown_finalize(value: object) -> object:
    """Text from mail as Markdown that renders as the same text: the characters Markdown
    (or inline HTML) acts on anywhere are backslash-escaped, and so is a first character
    that would start a heading, list or quote; line breaks inside a value become spaces.
    `Markup` values (code blocks) are already safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    text = _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", _visible(str(value))))
    return _MD_LINE_START.sub(
        lambda m: m.group() + "\\" if m.group().isdigit() else "\\" + m.group(), text
    )


def _html_finalize(value: object) -> object:
    """None shows as nothing; control characters from mail are made visible (autoescaping
    then makes the text safe)."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _visible(value)
    return value


def _code_block(lines: list[str], lang: str = "") -> Markup:
    """A fenced Markdown code block whose fence is longer than any backtick run inside, so
    quoted code cannot close it early."""
    text = _visible("\n".join(lines))
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{lang}\n{text}\n{fence}")


def _inline_code(text: str) -> Markup:
    """`text` as Markdown inline code (its own backticks cannot end it)."""
    text = " ".join(_visible(str(text)).split())
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{ticks}{pad}{text}{pad}{ticks}")


def _no_finalize(value: object) -> object:
    return value


# each environment: (autoescape, finalize). `rich`: the terminal report (values escaped for
# rich markup); `terminal`: plain text kept byte for byte (tabs), control characters shown;
# `markdown`, `html`: mail text escaped for each; `plain`: JSON-ish templates (tojson).
_KINDS: dict[str, tuple[bool, Any]] = {
    "rich": (False, _rich_finalize),
    "terminal": (False, _plain_finalize),
    "markdown": (False, _markdown_finalize),
    "html": (True, _html_finalize),
    "plain": (False, _no_finalize),
}


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in patchlint's cache folder, so a process that prints one
    finding (a hook, b4's check command) does not compile its templates again; jinja2
    checks each template's source against what was compiled. A folder that cannot be
    written costs only the compilation."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache(kind: str) -> jinja2.BytecodeCache | None:
    """One folder per environment (its settings shape the compiled code) and version."""
    from patchlint.vocabulary import cache_dir

    folder = cache_dir() / "templates" / f"{__version__}-{kind}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


@cache
def _env(kind: str) -> jinja2.Environment:
    autoescape, finalize = _KINDS[kind]
    return jinja2.Environment(
        loader=jinja2.PackageLoader("patchlint.report", "templates"),
        autoescape=autoescape,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_template_cache(kind),
    )


def template(kind: str, name: str) -> jinja2.Template:
    """A template of `templates/` in the environment for `kind` (rich, terminal, markdown,
    html, plain), with patchlint's filters; for views rendered outside this module."""
    return _env(kind).get_template(name)


def _short_date(value: str | None) -> str:
    if not value:
        return "(no date)"
    return value[:16].replace("T", " ")


class FileGroup(TypedDict):
    """Files of a patch that the same sections cover, with the same approvals."""

    paths: list[str]
    covered: bool
    sections: list[SectionEntry]
    required_sections: list[str]
    required: list[str]
    approved_by: list[str]
    stand_ins: list[str]
    satisfied: bool


def group_files(files: list[ApprovalFile]) -> list[FileGroup]:
    """A patch's files (report `approval` entries) grouped by the sections covering them, so
    twenty files of one driver are one entry: `{paths, sections, required, approved_by,
    stand_ins, satisfied, covered}` (the first file's)."""
    groups: dict[tuple[object, ...], FileGroup] = {}
    for f in files:
        key = (
            f["covered"],
            tuple(s["name"] for s in f["sections"]),
            tuple(f["required_sections"]),
            tuple(f["approved_by"]),
            f["satisfied"],
        )
        group = groups.get(key)
        if group is None:
            groups[key] = group = {
                "paths": [],
                "covered": f["covered"],
                "sections": f["sections"],
                "required_sections": f["required_sections"],
                "required": f["required"],
                "approved_by": f["approved_by"],
                "stand_ins": f["stand_ins"],
                "satisfied": f["satisfied"],
            }
        group["paths"].append(f["path"])
    return list(groups.values())


def _quote_line(text: str) -> str:
    """One line quoted as a mail reply quotes it (an empty line becomes a bare `>`)."""
    return f"> {text}" if text else ">"


def _person_name(value: str | None) -> str:
    """`Name <addr>` -> `Name` (the address when there is no name), for attributions."""
    if not value:
        return "someone"
    person = parse_address(value)
    return person.name or person.email or value


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")


def _uri(path: str) -> str:
    """A repository path as a relative URI reference (spaces, `%`, `#` escaped)."""
    return urllib.parse.quote(path, safe="/")


def _diff_content(text: str) -> str:
    """A diff line without its `+`/`-`/space prefix."""
    return text[1:]


def _severity_counts(counts: SeverityCounts) -> str:
    """`1 error, 2 warnings, 0 info`."""
    return ", ".join(
        [
            count(counts["error"], "error"),
            count(counts["warning"], "warning"),
            count(counts["info"], "info"),
        ]
    )


for _kind in ("rich", "plain", "terminal", "markdown", "html"):
    _env(_kind).filters.update(
        short_date=_short_date,
        person_name=_person_name,
        group_files=group_files,
        count=count,
        oneline=oneline,
        severity_counts=_severity_counts,
    )
    _env(_kind).globals.update(
        patch_groups=patch_groups, timeline=timeline, side_by_side=side_by_side
    )
_env("plain").filters.update(sarif_level=_sarif_level, uri=_uri, diff_content=_diff_content)
_env("terminal").filters["quote_line"] = _quote_line
_env("markdown").filters.update(code_block=_code_block, code=_inline_code, autolink=autolink)
_env("html").filters["prose"] = prose
_env("html").globals["hunk_cards"] = hunk_cards
_env("terminal").filters["paint"] = lambda text, style, color: _paint(
    _visible(str(text)), style, color
)


def render(
    report: Report,
    fmt: str,
    *,
    fail_on: str = "error",
    me: str | None = None,
    archive_url: str = "",
) -> str:
    """The report in `fmt`: `text` is rich markup for a Console (ending with the verdict at
    `fail_on`), `json` is the JSON text. HTML only: `me` (`Name <addr>`) is the reader its
    "waiting for my approval" filter is for, `archive_url` the list archive mails link to."""
    if fmt == "json":
        return report_json(report)
    if fmt == "text":
        return (
            _env("rich")
            .get_template("text.j2")
            .render(report=report, verdict=run_verdict(report, fail_on))
        )
    if fmt == "sarif":
        return render_sarif(report)
    if fmt == "markdown":
        return _env("markdown").get_template("markdown.j2").render(report=report)
    if fmt == "html":
        script, script_hash = page_script()
        return (
            _env("html")
            .get_template("report.html.j2")
            .render(
                report=report,
                index=index_rows(report, me),
                choices=filter_choices(report),
                me=me,
                link=partial(mail_link, archive_url),
                script=script,
                script_hash=script_hash,
            )
        )
    if fmt == "rdjsonl":
        return render_rdjsonl(report)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def json_nested(value: object, level: int) -> str:
    """`value` as json.dumps(indent=2) writes it at nesting `level` (strings never hold a
    raw newline, so every newline is indentation). Items of `json_chunks` are made by it,
    by `jsontext` (the same text as the stdlib's, without its generator per level)."""
    return dumps_indented(value, level)


def json_chunks(
    head: Mapping[str, object],
    key: str,
    items: Iterable[str],
    tail: Callable[[], Mapping[str, object]],
) -> Iterator[str]:
    """`render({**head, key: [...], **tail()}, "json")` piece by piece, where `items` are
    the list's entries already encoded by `json_nested(entry, 2)`: they are consumed one at
    a time and `tail` is asked for only after them (diagnostics found while the items were
    made), so a whole archive's report is never in memory at once. The text is the same as
    `render`'s; a test pins it."""
    sep = "{\n  "

    def field(name: str) -> str:
        nonlocal sep
        out, sep = sep + json.dumps(name, ensure_ascii=False) + ": ", ",\n  "
        return out

    for name, value in head.items():
        yield field(name) + json_nested(value, 1)
    yield field(key)
    opened = False
    for item in items:
        yield (",\n    " if opened else "[\n    ") + item
        opened = True
    yield "\n  ]" if opened else "[]"
    for name, value in tail().items():
        yield field(name) + json_nested(value, 1)
    yield "\n}\n"


def render_summary(summary: Summary, fmt: str) -> str:
    """The summary report (`review --summary`): JSON, or one text line per series."""
    if fmt == "json":  # indented, except that each row of a list is one line
        fields = []
        for name, value in summary.items():
            if isinstance(value, list) and value:
                rows = ",\n    ".join(json.dumps(v, ensure_ascii=False) for v in value)
                text = f"[\n    {rows}\n  ]"
            else:
                text = json_nested(value, 1)
            fields.append(f"{json.dumps(name)}: {text}")
        return "{\n  " + ",\n  ".join(fields) + "\n}\n"
    if fmt == "text":
        return _env("rich").get_template("summary.j2").render(summary=summary)
    raise UsageError(f"--summary is for text and json, not {fmt!r}")


class InterdiffSeries(TypedDict):
    """One series in `patchlint diff` (schema `patchlint-interdiff/1`)."""

    series: int  # its number, as `patchlint review` counts series
    title: str
    versions: list[int]
    interdiffs: list[InterdiffEntry]


def render_interdiffs(series: list[InterdiffSeries], fmt: str, color: bool = False) -> str:
    """`patchlint diff` output: per series, each step's patches and their interdiffs. Text
    keeps tabs (whitespace changes must show) and colours with ANSI only when `color`."""
    if fmt == "json":
        return (
            json.dumps(
                {"schema": "patchlint-interdiff/1", "series": series}, indent=2, ensure_ascii=False
            )
            + "\n"
        )
    if fmt == "text":
        return _env("terminal").get_template("interdiff.j2").render(series=series, color=color)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def render_rule_docs(rule: dict[str, Any]) -> str:
    """A rule's documentation as Markdown (`patchlint rules show`)."""
    return _env("terminal").get_template("rule.j2").render(rule=rule)


def render_email_body(template: str, context: Mapping[str, object]) -> str:
    """The plain-text body of a review reply (`report.email` builds the message around it).
    Control characters from mail are made visible; tabs and newlines stay."""
    return _env("terminal").get_template(template).render(**context)


def render_bot_footer(operator: str) -> str:
    """The footer of the bot's replies when the operator gives none: who runs the bot and
    how to reach them."""
    return _env("terminal").get_template("bot-footer.j2").render(operator=operator).strip()


def render_sarif(report: Report) -> str:
    """SARIF 2.1.0: every rule patchlint has (help from its docs), every finding as a result
    with its post-image location and fingerprint. Parsed back before it is returned."""
    from patchlint.report.catalogue import rule_catalogue

    rules = rule_catalogue()
    text = (
        _env("plain")
        .get_template("sarif.j2")
        .render(report=report, rules=rules, rule_index={r["code"]: i for i, r in enumerate(rules)})
    )
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def render_rdjsonl(report: Report) -> str:
    """reviewdog's rdjsonl (`reviewdog -f=rdjsonl`): one JSON Diagnostic per line. Each line
    is parsed back before it is returned, so a template bug cannot emit a broken stream."""
    text = _env("plain").get_template("rdjsonl.j2").render(report=report)
    lines = [
        json.dumps(json.loads(line), ensure_ascii=False)
        for line in text.splitlines()
        if line.strip()
    ]
    return "".join(line + "\n" for line in lines)


def render_check(report: Report, lines: list[CheckLine], fail_on: str = "error") -> str:
    """`patchlint check`'s text (rich markup): one line per finding (`report.check`), the
    mail it is about below it, then the counts and the exit code at `fail_on`."""
    findings = [f for s in report["series"] for f in s["findings"]]
    return (
        _env("rich")
        .get_template("check.j2")
        .render(
            lines=lines,
            patches=report.get("stats", {}).get("patches", 0),
            counts=by_severity(findings),
            verdict=run_verdict(report, fail_on),
            diagnostics=report["diagnostics"],
        )
    )


def render_checkpatch(findings: list[FindingEntry], source: str = "-") -> str:
    """One checkpatch-style line per finding (`report.check_text.checkpatch_text`)."""
    return checkpatch_text(findings, source)
