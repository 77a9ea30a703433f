"""Rule test cases. Patch rules, semgrep-style: a `// ruleid: NAME` comment marks the next
line as one the rule must report, `// ok: NAME` one it must not. A `.c`/`.h` case is added as
a new file (its first line may name the path: `// path: xen/arch/x86/irq.c`, which sets the
profile); a `.patch` case is a diff whose post-image carries the markers. A case is judged
as the patch it is: a rule `off` for its profile reports nothing there. To test a rule on
code of a profile it is off for by default (a user may turn it on, `[profiles.rules]`), the
case says `// enable: linux` in the lines before its code (a `.patch` case: `enable: linux`
in the text above its diff): the rule then runs there at its highest level.

Series rules: a case is `<case>.toml` beside the thread it is about (`thread`, by default
`<case>.mbox`; several cases may share one thread): `[[expect]]` findings that must be
reported (`revision`; `patch`, 0 for none, any when left out; optionally `message` (a
substring), `severity`, `status`), `[[must_not]]` findings that must not (the same keys),
and `only_expected` (default true): no other finding of the rule may be reported.
`maintainers` names a MAINTAINERS file beside it (and `policy` the check-in policy to judge
by) for rules that judge approvals; `[config]` holds `.patchlint.toml` keys the run is
configured with (`[config.hook] thread = ...`); `tree` names a git bundle beside it, cloned
as the `--tree` checkout; `about` says what the thread is and where it is from."""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from patchlint import lazyre
from patchlint.c.fragments import file_views
from patchlint.engine.rule import Rule, RuleError
from patchlint.model.damage import HUNK_HEADER
from patchlint.model.diff import strip_path_prefixes
from patchlint.model.finding import Finding
from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch, build_patch
from patchlint.model.profile import Profile, profile_named
from patchlint.model.subject import parse_subject

_MARKER = lazyre.compile(r"(?://|/\*|#)\s*(ruleid|ok):\s*([a-z0-9-]+)")
_PATH = lazyre.compile(r"^\s*(?://|/\*)\s*path:\s*(\S+)")
_ENABLE = lazyre.compile(r"^\s*(?:(?://|/\*)\s*)?enable:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)", re.M)
_KEYS = itertools.count()


@dataclass(frozen=True, slots=True)
class Case:
    path: Path
    patch: Patch
    expect: frozenset[tuple[str, int]]  # (file, line) the rule must report
    allow_not: frozenset[tuple[str, int]]  # lines marked ok
    enable: tuple[Profile, ...] = ()  # profiles the rule is turned on for (`enable:`)

    def rule(self, rule: Rule) -> Rule:
        """`rule` as this case runs it: on for the profiles the case enables."""
        return enabled(rule, self.enable)


def enabled(rule: Rule, profiles: tuple[Profile, ...]) -> Rule:
    """`rule` on at its highest level for `profiles` too (as `[profiles.rules]` would)."""
    if not profiles:
        return rule
    levels = tuple(
        (p, rule.meta.severity if p in profiles and lv == "off" else lv)
        for p, lv in rule.meta.profiles
    )
    return replace(rule, meta=replace(rule.meta, profiles=levels))


def _enable(text: str, where: Path) -> tuple[Profile, ...]:
    """The profiles a case's `enable:` line names (before its code, or above its diff)."""
    head = (
        text.split("\ndiff ", 1)[0] if where.suffix == ".patch" else "\n".join(text.split("\n")[:3])
    )
    out: list[Profile] = []
    for m in _ENABLE.finditer(head):
        for name in (n.strip() for n in m.group(1).split(",")):
            profile = profile_named(name)
            if profile is None:
                raise RuleError(f"{where}: enable: {name!r} is not a profile")
            out.append(profile)
    return tuple(out)


def _as_new_file(text: str, name: str) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    m = _PATH.match(lines[0]) if lines else None
    path = m.group(1) if m else name
    body = "".join(f"+{x}\n" for x in lines)
    return (
        f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n"
        f"+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


def _post_image(diff: str) -> list[tuple[str, int, str]]:
    """(file, new line number, text) of every post-image line of a diff; for a diff the
    parser rejects (a `corrupted-patch` case), each hunk's context and added lines, numbered
    from its header, whatever its counts, lines that are no diff lines left out."""
    lines = [
        (v.path, ln.number, ln.text) for v in file_views(diff) for h in v.hunks for ln in h.lines
    ]
    return lines or _lenient_post_image(diff)


def _lenient_post_image(diff: str) -> list[tuple[str, int, str]]:
    out: list[tuple[str, int, str]] = []
    old, file, at = "", "", None
    for line in diff.split("\n"):
        header = HUNK_HEADER.match(line)
        if line.startswith("--- ") and at is None:
            old = line[4:]
        elif line.startswith("+++ "):
            file, at = strip_path_prefixes(old, line[4:])[1], None
        elif header:
            at = int(header.group(3))
        elif at is not None and (line[:1] in (" ", "+") or not line):  # "": empty context
            out.append((file, at, line[1:]))
            at += 1
    return out


def load_case(path: Path, rule: str) -> Case:
    text = path.read_text(encoding="utf-8")
    diff = text if path.suffix == ".patch" else _as_new_file(text, path.name)
    if path.suffix == ".patch" and not diff.startswith(("diff ", "--- ")):
        diff = diff[diff.index("\ndiff ") + 1 :] if "\ndiff " in diff else diff
    lines = _post_image(diff)
    if not lines:
        raise ValueError(f"{path}: the case does not parse as a diff (check the hunk counts)")
    expect: set[tuple[str, int]] = set()
    ok: set[tuple[str, int]] = set()
    pending: list[str] = []
    for file, number, line in lines:
        m = _MARKER.search(line)
        if m and m.group(2) == rule:
            pending.append(m.group(1))
            continue
        for kind in pending:
            (expect if kind == "ruleid" else ok).add((file, number))
        pending = []
    subject = parse_subject(f"[PATCH] case {path.stem}")
    notes = (
        "" if path.suffix != ".patch" or text.startswith("diff ") else text.split("\ndiff ", 1)[0]
    )
    msg = Message(
        key=f"case-{next(_KEYS)}",
        message_id=f"{path.stem}@case",
        subject=subject.raw,
        author=Address("Case", "case@example.org"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to=None,
        references=(),
        body=f"Case.\n\nSigned-off-by: Case <case@example.org>\n---\n{notes}\n{diff}",
    )
    return Case(
        path, build_patch(msg, subject), frozenset(expect), frozenset(ok), _enable(text, path)
    )


def rule_cases(folder: Path) -> list[Path]:
    """A rule's cases: `.c`, `.h` and `.patch` files for a patch rule, `.toml` expectations
    (each naming its thread) for a series rule."""
    cases = folder / "cases"
    if not cases.is_dir():
        return []
    return sorted(p for p in cases.iterdir() if p.suffix in (".c", ".h", ".patch", ".toml"))


# -- series rules: threads and their expectations ------------------------------------------

_MATCH_KEYS = ("revision", "patch", "message", "severity", "status")


@dataclass(frozen=True, slots=True)
class Expected:
    """A finding a case expects (or forbids): what it must have; None: anything."""

    revision: int | None = None
    patch: int | None = None  # 0: none (the revision as a whole)
    message: str | None = None  # a substring of the message
    severity: str | None = None
    status: str | None = None

    def matches(self, f: Finding) -> bool:
        return (
            (self.revision is None or f.revision == self.revision)
            and (self.patch is None or (f.patch or 0) == self.patch)
            and (self.message is None or self.message in f.message)
            and (self.severity is None or f.severity == self.severity)
            and (self.status is None or f.status == self.status)
        )

    def __str__(self) -> str:
        return ", ".join(
            f"{k}={getattr(self, k)!r}" for k in _MATCH_KEYS if getattr(self, k) is not None
        )


@dataclass(frozen=True, slots=True)
class SeriesCase:
    """A thread (`mbox`) and what a series rule must, and must not, report on it."""

    path: Path
    mbox: Path
    about: str
    expect: tuple[Expected, ...]
    must_not: tuple[Expected, ...]
    only_expected: bool
    maintainers: Path | None
    policy: str
    config: dict[str, object] = field(default_factory=dict)  # `[config]`: .patchlint.toml keys
    tree: Path | None = None  # a git bundle beside it: the `--tree` checkout, cloned

    @property
    def fires(self) -> bool:
        return bool(self.expect)

    @property
    def forbids(self) -> bool:
        """The case names something that must not be reported (a `[[must_not]]` entry; an
        empty one forbids every finding of the rule), or expects nothing at all."""
        return bool(self.must_not) or (not self.expect and self.only_expected)

    def problems(self, findings: list[Finding]) -> list[str]:
        """What is wrong with `findings` (the rule's, on the thread): empty when it passes."""
        out: list[str] = []
        left = list(findings)
        for e in self.expect:
            hit = next((f for f in left if e.matches(f)), None)
            if hit is None:
                out.append(f"expected, not reported: {e}")
            else:
                left.remove(hit)
        for e in self.must_not:
            out.extend(
                f"must not be reported, but is: {e}: {f.message}" for f in findings if e.matches(f)
            )
        if self.only_expected:
            out.extend(
                f"reported, not expected: v{f.revision} [{f.patch}] {f.message}" for f in left
            )
        return out


def _expected(raw: object, where: Path) -> Expected:
    if not isinstance(raw, dict) or set(raw) - set(_MATCH_KEYS):
        raise RuleError(f"{where}: an expectation is a table of {', '.join(_MATCH_KEYS)}")
    return Expected(**raw)


def load_series_case(path: Path) -> SeriesCase:
    """A series case: `path` is its `.toml`."""
    spec = path
    try:
        data = tomllib.loads(spec.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{spec}: {exc}") from exc
    maintainers = data.get("maintainers")
    mbox = path.parent / str(data.get("thread", path.with_suffix(".mbox").name))
    if not mbox.is_file():
        raise RuleError(f"{spec}: no thread {mbox.name} beside it")
    return SeriesCase(
        path=path,
        mbox=mbox,
        about=str(data.get("about", "")),
        expect=tuple(_expected(e, spec) for e in data.get("expect", [])),
        must_not=tuple(_expected(e, spec) for e in data.get("must_not", [])),
        only_expected=bool(data.get("only_expected", True)),
        maintainers=path.parent / str(maintainers) if maintainers else None,
        policy=str(data.get("policy", "auto")),
        config=dict(data.get("config", {})),
        tree=path.parent / str(data["tree"]) if data.get("tree") else None,
    )
