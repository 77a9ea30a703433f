"""Rule test cases, semgrep-style: a `// ruleid: NAME` comment marks the next line as one the
rule must report, `// ok: NAME` one it must not. A `.c`/`.h` case is added as a new file
(its first line may name the path: `// path: xen/arch/x86/irq.c`, which sets the project);
a `.patch` case is a diff whose post-image carries the markers."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from patchlint.c.fragments import file_views
from patchlint.model.damage import HUNK_HEADER
from patchlint.model.diff import strip_path_prefixes
from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch, build_patch
from patchlint.model.subject import parse_subject

_MARKER = re.compile(r"(?://|/\*|#)\s*(ruleid|ok):\s*([a-z0-9-]+)")
_PATH = re.compile(r"^\s*(?://|/\*)\s*path:\s*(\S+)")
_KEYS = itertools.count()


@dataclass(frozen=True, slots=True)
class Case:
    path: Path
    patch: Patch
    expect: frozenset[tuple[str, int]]  # (file, line) the rule must report
    allow_not: frozenset[tuple[str, int]]  # lines marked ok


def _as_new_file(text: str, name: str) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    m = _PATH.match(lines[0]) if lines else None
    path = m.group(1) if m else name
    body = "".join(f"+{x}\n" for x in lines)
    return (f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n"
            f"+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}")


def _post_image(diff: str) -> list[tuple[str, int, str]]:
    """(file, new line number, text) of every post-image line of a diff; for a diff the
    parser rejects (a `corrupted-patch` case), each hunk's context and added lines, numbered
    from its header, whatever its counts, lines that are no diff lines left out."""
    lines = [(v.path, ln.number, ln.text) for v in file_views(diff) for h in v.hunks
             for ln in h.lines]
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
        diff = diff[diff.index("\ndiff ") + 1:] if "\ndiff " in diff else diff
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
    notes = "" if path.suffix != ".patch" or text.startswith("diff ") else text.split(
        "\ndiff ", 1)[0]
    msg = Message(key=f"case-{next(_KEYS)}", message_id=f"{path.stem}@case",
                  subject=subject.raw, author=Address("Case", "case@example.org"),
                  date=datetime(2024, 1, 1, tzinfo=UTC), in_reply_to=None, references=(),
                  body=f"Case.\n\nSigned-off-by: Case <case@example.org>\n---\n{notes}\n{diff}")
    return Case(path, build_patch(msg, subject), frozenset(expect), frozenset(ok))


def rule_cases(folder: Path) -> list[Path]:
    cases = folder / "cases"
    if not cases.is_dir():
        return []
    return sorted(p for p in cases.iterdir() if p.suffix in (".c", ".h", ".patch"))
