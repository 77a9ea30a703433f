"""Where a posted diff is damaged: its hunks read the way `git apply` (and so `git am`)
reads them, not the way a lenient parser would.

git apply trusts a hunk's header: `@@ -a,b +c,d @@` says the hunk holds `b` old lines
(context and removed) and `d` new ones (context and added), and it reads exactly that many,
each starting with ` `, `-` or `+` (an empty line counts as empty context; `\\ No newline`
lines are not counted). A mailer that wraps a long line, eats a context line's leading space
or turns it into a tab or a non-breaking space, or a hand edit that adds a line without
fixing the header, breaks that count. What git then does decides how sure a finding is:

- a line that is no diff line inside the counted range, a diff that ends inside it, a line
  that would take a count below zero, or a hunk that neither adds nor removes: git refuses
  the whole patch ("corrupt patch at line N");
- lines after a complete hunk, then another hunk of the same file: git refuses it ("patch
  fragment without header");
- diff lines after a complete hunk, then the next file or the end: git reads the patch
  without them, and the hunk then most often fails to apply (its trailing context is short)
  or the change silently loses those lines.

`damaged_hunks` reports the first damage of every damaged hunk, with the post-image line
where it is. It reads the text only (no tree), so it works where the strict parser
(`model/udiff.py`, which raises on the first bad hunk) gives up.
"""

from __future__ import annotations

from dataclasses import dataclass

from patchlint import lazyre
from patchlint.model.diff import strip_path_prefixes

# git's parse_fragment_header(): "@@ -a[,b] +c[,d] @@" and anything after it
HUNK_HEADER = lazyre.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_GIT_HEADER = lazyre.compile(r"^diff --git (\S+) (\S+)")

NOT_A_DIFF_LINE = "not-a-diff-line"  # refused: corrupt patch
TRUNCATED = "truncated"  # refused: the diff ends inside the hunk
MISCOUNTED = "miscounted"  # refused: more old (or new) lines than the header counts
NO_CHANGE = "no-change"  # refused: a hunk of context only
WITHOUT_HEADER = "fragment-without-header"  # refused: stray lines, then another hunk
EXTRA_LINES = "extra-lines"  # not refused outright: diff lines git never reads


@dataclass(frozen=True, slots=True)
class Damage:
    """The first damage of one hunk."""

    file: str | None  # the file the hunk belongs to (post-image name), None before any
    header: str  # the hunk's header line as posted
    line: int  # the last post-image line git reads of the hunk before the damage (new-file
    # numbering; the hunk's first line when it reads none)
    kind: str  # one of the kinds above
    text: str  # the offending line ('' where the diff ends)
    row: int  # which line of the hunk it is (1: the first line after the header)
    refused: bool  # git apply refuses the whole patch

    @property
    def counts(self) -> tuple[int, int]:
        """The (old, new) line counts the header claims."""
        m = HUNK_HEADER.match(self.header)
        if m is None:
            return (0, 0)
        return (
            1 if m.group(2) is None else int(m.group(2)),
            1 if m.group(4) is None else int(m.group(4)),
        )


@dataclass(slots=True)
class _Hunk:
    header: str
    old: int  # old lines still expected
    new: int
    at: int  # the next post-image line number
    start: int = 0
    row: int = 0
    changed: bool = False

    @property
    def last(self) -> int:
        """The last post-image line read (the hunk's first line before any is read)."""
        return max(self.start, self.at - 1)


def _is_diff_line(line: str) -> bool:
    """A line git apply reads inside a hunk (`\\` only as a `\\ No newline` marker)."""
    return line == "" or line[0] in " +-" or (line.startswith("\\ ") and len(line) >= 11)


def _hunk(line: str) -> _Hunk | None:
    m = HUNK_HEADER.match(line)
    if m is None:
        return None
    old = 1 if m.group(2) is None else int(m.group(2))
    new = 1 if m.group(4) is None else int(m.group(4))
    start = int(m.group(3)) or 1
    return _Hunk(line, old, new, start, start)


def _file_name(old: str, new: str) -> str:
    old, new = strip_path_prefixes(old, new)
    return new if new and new != "/dev/null" else old


def damaged_hunks(diff: str) -> list[Damage]:
    """The first damage of every damaged hunk of `diff` (a patch's diff text, as posted),
    in order; an empty list for a diff git reads as it is meant."""
    lines = diff.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the text's final newline, not an empty line
    out: list[Damage] = []
    file: str | None = None
    in_file = False  # a file header was seen: its hunks may follow
    hunk: _Hunk | None = None
    after: _Hunk | None = None  # the hunk just completed, while only stray lines followed
    stray: tuple[int, str] | None = None  # the first stray diff line after it
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if hunk is not None:
            hunk.row += 1
            kind = ""
            if not _is_diff_line(line):
                kind = NOT_A_DIFF_LINE
            elif line[:1] == "\\":
                continue
            elif line[:1] == "-":
                kind = MISCOUNTED if hunk.old == 0 else ""
                hunk.old -= 1
                hunk.changed = True
            elif line[:1] == "+":
                kind = MISCOUNTED if hunk.new == 0 else ""
                hunk.new -= 1
                hunk.changed = True
            else:  # context, or an empty line standing for one
                kind = MISCOUNTED if hunk.old == 0 or hunk.new == 0 else ""
                hunk.old -= 1
                hunk.new -= 1
            if kind:
                out.append(Damage(file, hunk.header, hunk.last, kind, line, hunk.row, True))
                hunk = None  # skip to the next header
                continue
            if line[:1] != "-":
                hunk.at += 1
            if hunk.old == 0 and hunk.new == 0:
                if not hunk.changed:
                    out.append(Damage(file, hunk.header, hunk.last, NO_CHANGE, "", hunk.row, True))
                    after = None
                else:
                    after, stray = hunk, None
                hunk = None
            continue
        started = _hunk(line) if line.startswith("@@ -") else None
        if started is not None:
            if not in_file:
                out.append(Damage(None, line, started.start, WITHOUT_HEADER, line, 0, True))
                after = stray = None
                continue
            if after is not None and stray is not None:
                out.append(
                    Damage(file, after.header, after.last, WITHOUT_HEADER, stray[1], stray[0], True)
                )
            hunk, after, stray = started, None, None
            continue
        if line.startswith("diff ") or line.startswith("Index: "):
            _close(out, file, after, stray)
            after = stray = None
            m = _GIT_HEADER.match(line)
            file = _file_name(m.group(1), m.group(2)) if m else file
            in_file = False
            continue
        if line.startswith("--- ") and i < len(lines) and lines[i].startswith("+++ "):
            _close(out, file, after, stray)
            after = stray = None
            file = _file_name(line[4:], lines[i][4:])
            in_file = True
            i += 1
            continue
        if after is not None:
            if stray is None and line.startswith("\\ "):
                continue  # git reads a "\ No newline" right after the counted lines
            after.row += 1
            if stray is None:
                stray = (after.row, line)
    if hunk is not None:
        out.append(Damage(file, hunk.header, hunk.last, TRUNCATED, "", hunk.row + 1, True))
    _close(out, file, after, stray)
    return out


def _close(
    out: list[Damage], file: str | None, after: _Hunk | None, stray: tuple[int, str] | None
) -> None:
    """Lines right after the last hunk of a file, before the next file or the end: git
    never reads them; reported when the first is a diff line (`+`, `-`, ` `), not text or
    a blank line (nor a signature's `-- `, nor a ruler of dashes)."""
    if after is None or stray is None:
        return
    row, text = stray
    if text[:1] in ("+", "-", " ") and text.strip(" -=_*~#"):  # not blank, not a rule
        out.append(Damage(file, after.header, after.last, EXTRA_LINES, text, row, False))


def orphan_hunk_headers(notes: str) -> list[str]:
    """Hunk headers in a patch's notes (between `---` and the diff): git apply reads the
    notes as part of the patch and refuses one whose hunk has no file header above it (a
    debugging diff pasted below the `---`)."""
    return [line for line in notes.split("\n") if HUNK_HEADER.match(line)]
