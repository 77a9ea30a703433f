"""A unified-diff parser with unidiff's semantics, written for speed.

Why not unidiff itself: on a whole list archive every patch's diff is parsed, and unidiff
matches a regular expression and builds a five-attribute object per diff line; that was
most of the interdiff's time. This module is a port of unidiff 1.0's `PatchSet._parse`
state machine (same header rules, same errors with the same messages, the same objects'
attribute names and `str()`), with the per-line work done by slicing instead of regular
expressions. `tests/model/test_udiff.py` pins it to unidiff on every diff of the
3,000-message corpus slice (and of the whole archive with PATCHLINT_ARCHIVE_TESTS=1).

Only the attributes patchlint reads are provided; `Hunk.lines`/`PatchedFile.hunks` are plain
lists (unidiff's objects *are* lists), and iterating over them works the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from patchlint import lazyre

DEV_NULL = "/dev/null"

# the header expressions, as unidiff 1.0 has them
_GIT_HEADER = lazyre.compile(r'^diff --git (?P<source>"?a/[^\t\n]+"?) (?P<target>"?b/[^\t\n]+"?)')


def _uri_header(line: str) -> tuple[str, str] | None:
    """unidiff's `^diff --git (?P<source>.*://[^\\t\\n]+) (?P<target>.*://[^\\t\\n]+)`
    without the regex, which backtracks quadratically on a long line of `://`: the greedy
    source ends at the last space before the last `://` that leaves both names one."""
    rest = line[len("diff --git ") :].split("\t", 1)[0].split("\n", 1)[0]
    end = len(rest)
    while True:
        mark = rest.rfind("://", 0, end)
        if mark < 0:
            return None
        if mark + 3 < len(rest):
            space = rest.rfind(" ", 0, mark)
            source = rest[: max(space, 0)]
            at = source.find("://")
            if space > 0 and at >= 0 and at + 3 < len(source):
                return source, rest[space + 1 :]
            return None
        end = mark


_GIT_HEADER_NO_PREFIX = lazyre.compile(r"^diff --git (?P<source>[^\t\n]+) (?P<target>[^\t\n]+)")
_NEW_FILE = lazyre.compile(r"^new file mode (?P<mode>\d+)$")
_DELETED_FILE = lazyre.compile(r"^deleted file mode (?P<mode>\d+)$")
_OLD_MODE = lazyre.compile(r"^old mode (?P<mode>\d+)$")
_NEW_MODE = lazyre.compile(r"^new mode (?P<mode>\d+)$")
_INDEX = lazyre.compile(r"^index [0-9a-f]+\.\.[0-9a-f]+ (?P<mode>\d+)$")
_SOURCE = lazyre.compile(r'^--- (?P<filename>"?[^\t\n]*"?)(?:\t(?P<timestamp>[^\n]+))?')
_TARGET = lazyre.compile(r'^\+\+\+ (?P<filename>"?[^\t\n]*"?)(?:\t(?P<timestamp>[^\n]+))?')
_HUNK_HEADER = lazyre.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))?\ @@[ ]?(.*)")
_BINARY = lazyre.compile(
    r"^Binary files? "
    r"(?P<source_filename>[^\t]+?)(?:\t(?P<source_timestamp>[\s0-9:\+-]+))?"
    r"(?: and (?P<target_filename>[^\t]+?)(?:\t(?P<target_timestamp>[\s0-9:\+-]+))?)?"
    r" (differ|has changed)"
)
_FILE_PREFIX = lazyre.compile(r"^[abciow12]/")
_NO_NEWLINE = " No newline at end of file"


class DiffParseError(ValueError):
    """The diff is malformed (bad hunk counts, a hunk line that is none, a stray header);
    the message is the one unidiff gives."""


class Line:
    """One line of a hunk: its type (`+`, `-`, ` `, `\\`, or '' for a trailing blank line),
    its text with the newline, and its line numbers in the old and new file."""

    __slots__ = ("line_type", "source_line_no", "target_line_no", "value")

    def __init__(
        self,
        value: str,
        line_type: str,
        source_line_no: int | None = None,
        target_line_no: int | None = None,
    ) -> None:
        self.value = value
        self.line_type = line_type
        self.source_line_no = source_line_no
        self.target_line_no = target_line_no

    @property
    def is_added(self) -> bool:
        return self.line_type == "+"

    @property
    def is_removed(self) -> bool:
        return self.line_type == "-"

    @property
    def is_context(self) -> bool:
        return self.line_type == " "

    def __str__(self) -> str:
        return self.line_type + self.value


class Hunk:
    """One `@@ -a,b +c,d @@ section` block and its lines."""

    __slots__ = (
        "lines",
        "section_header",
        "source_length",
        "source_start",
        "target_length",
        "target_start",
    )

    def __init__(
        self,
        source_start: int,
        source_length: int,
        target_start: int,
        target_length: int,
        section_header: str,
    ) -> None:
        self.source_start = source_start
        self.source_length = source_length
        self.target_start = target_start
        self.target_length = target_length
        self.section_header = section_header
        self.lines: list[Line] = []

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def added(self) -> int:
        return sum(1 for ln in self.lines if ln.line_type == "+")

    @property
    def removed(self) -> int:
        return sum(1 for ln in self.lines if ln.line_type == "-")

    def source_lines(self) -> Iterator[Line]:
        """The pre-image: context and removed lines, in order (as unidiff gives them)."""
        return (ln for ln in self.lines if ln.line_type in (" ", "-"))

    def target_lines(self) -> Iterator[Line]:
        """The post-image: context and added lines, in order (as unidiff gives them)."""
        return (ln for ln in self.lines if ln.line_type in (" ", "+"))

    def __str__(self) -> str:
        section = " " + self.section_header if self.section_header else ""
        head = (
            f"@@ -{self.source_start},{self.source_length} "
            f"+{self.target_start},{self.target_length} @@{section}\n"
        )
        return head + "".join(ln.line_type + ln.value for ln in self.lines)


class PatchedFile:
    """One file of a diff: its header lines (`patch_info`), names, and hunks."""

    __slots__ = (
        "hunks",
        "is_binary_file",
        "patch_info",
        "source_file",
        "source_mode",
        "source_timestamp",
        "target_file",
        "target_mode",
        "target_timestamp",
    )

    def __init__(
        self,
        patch_info: list[str] | None,
        source: str,
        target: str,
        source_timestamp: str | None = None,
        target_timestamp: str | None = None,
        is_binary_file: bool = False,
    ) -> None:
        self.patch_info = patch_info
        self.source_file = source
        self.target_file = target
        self.source_timestamp = source_timestamp
        self.target_timestamp = target_timestamp
        self.is_binary_file = is_binary_file
        self.source_mode: str | None = None
        self.target_mode: str | None = None
        self.hunks: list[Hunk] = []

    def __iter__(self) -> Iterator[Hunk]:
        return iter(self.hunks)

    def __len__(self) -> int:
        return len(self.hunks)

    def __bool__(self) -> bool:
        return bool(self.hunks)

    @property
    def path(self) -> str:
        """The file's name without a VCS prefix (the new name of a rename)."""
        filepath = self.source_file
        if filepath in (None, DEV_NULL) or (
            self.is_rename and self.target_file not in (None, DEV_NULL)
        ):
            filepath = self.target_file
        quoted = filepath.startswith('"') and filepath.endswith('"')
        if quoted:
            filepath = filepath[1:-1]
        if _FILE_PREFIX.match(filepath):
            filepath = filepath[2:]
        return f'"{filepath}"' if quoted else filepath

    @property
    def is_rename(self) -> bool:
        return (
            self.source_file != DEV_NULL
            and self.target_file != DEV_NULL
            and self.source_file[2:] != self.target_file[2:]
        )

    @property
    def is_added_file(self) -> bool:
        if self.source_file == DEV_NULL:
            return True
        return (
            len(self.hunks) == 1
            and self.hunks[0].source_start == 0
            and self.hunks[0].source_length == 0
        )

    @property
    def is_removed_file(self) -> bool:
        if self.target_file == DEV_NULL:
            return True
        return (
            len(self.hunks) == 1
            and self.hunks[0].target_start == 0
            and self.hunks[0].target_length == 0
        )

    @property
    def added(self) -> int:
        return sum(h.added for h in self.hunks)

    @property
    def removed(self) -> int:
        return sum(h.removed for h in self.hunks)

    def __str__(self) -> str:
        info = "" if self.patch_info is None else "".join(self.patch_info)
        source = target = ""
        if not self.is_binary_file and self.hunks:
            source_ts = "\t" + self.source_timestamp if self.source_timestamp else ""
            target_ts = "\t" + self.target_timestamp if self.target_timestamp else ""
            source = f"--- {self.source_file}{source_ts}\n"
            target = f"+++ {self.target_file}{target_ts}\n"
        return info + source + target + "".join(str(h) for h in self.hunks)


class PatchSet:
    """The files of a diff, parsed from its text (`DiffParseError` when malformed)."""

    __slots__ = ("files",)

    def __init__(self, text: str) -> None:
        self.files: list[PatchedFile] = _parse(_lines(text))

    def __iter__(self) -> Iterator[PatchedFile]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def removed(self) -> int:
        return sum(f.removed for f in self.files)

    def __str__(self) -> str:
        return "".join(str(f) for f in self.files)


def _lines(text: str) -> list[str]:
    """The text split as a StringIO iterates it: at `\\n` only, each line keeping it."""
    parts = text.split("\n")
    last = parts.pop()
    lines = [p + "\n" for p in parts]
    if last:
        lines.append(last)
    return lines


def _parse(lines: list[str]) -> list[PatchedFile]:
    files: list[PatchedFile] = []
    current: PatchedFile | None = None
    info: list[str] | None = None
    source_file: str | None = None
    source_timestamp: str | None = None
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        i += 1
        first = line[:1]
        if first == "d" and line.startswith("diff --git "):
            m = _GIT_HEADER.match(line)
            names = (m.group("source"), m.group("target")) if m else _uri_header(line)
            if names is None:
                m = _GIT_HEADER_NO_PREFIX.match(line)
                names = (m.group("source"), m.group("target")) if m else None
            if names:
                info = [line]
                source_file = names[0]
                current = PatchedFile(info, source_file, names[1])
                files.append(current)
                continue
        if first in ("n", "d", "o", "i"):
            m = _NEW_FILE.match(line)
            if m:
                if current is None or info is None:
                    raise DiffParseError(f"Unexpected new file found: {line}")
                current.source_file = DEV_NULL
                current.target_mode = m.group("mode")
                info.append(line)
                continue
            m = _DELETED_FILE.match(line)
            if m:
                if current is None or info is None:
                    raise DiffParseError(f"Unexpected deleted file found: {line}")
                current.target_file = DEV_NULL
                current.source_mode = m.group("mode")
                info.append(line)
                continue
            if current is not None and info is not None:
                m = _OLD_MODE.match(line)
                if m:
                    current.source_mode = m.group("mode")
                    info.append(line)
                    continue
                m = _NEW_MODE.match(line)
                if m:
                    current.target_mode = m.group("mode")
                    info.append(line)
                    continue
                m = _INDEX.match(line)
                if m:
                    if current.source_mode is None:
                        current.source_mode = m.group("mode")
                    if current.target_mode is None:
                        current.target_mode = m.group("mode")
                    info.append(line)
                    continue
        if first == "-":
            m = _SOURCE.match(line)
            if m:
                source_file = m.group("filename")
                source_timestamp = m.group("timestamp")
                if current is not None and info is None:
                    current = None
                elif current is not None:
                    current.source_timestamp = source_timestamp
                continue
        if first == "+":
            m = _TARGET.match(line)
            if m:
                target_file = m.group("filename")
                target_timestamp = m.group("timestamp")
                if current is not None and current.target_file != target_file:
                    raise DiffParseError(f"Target without source: {line}")
                if current is None:
                    if source_file is None:
                        raise DiffParseError(f"Target without source: {line}")
                    current = PatchedFile(
                        info, source_file, target_file, source_timestamp, target_timestamp
                    )
                    files.append(current)
                    info = None
                    source_file = None
                    source_timestamp = None
                else:
                    current.target_timestamp = target_timestamp
                continue
        if first == "@":
            m = _HUNK_HEADER.match(line)
            if m:
                info = None
                if current is None:
                    raise DiffParseError(f"Unexpected hunk found: {line}")
                i = _parse_hunk(m, lines, i, current)
                continue
        if first == "\\" and line.startswith("\\ No newline at end of file"):
            if current is None:
                raise DiffParseError(f"Unexpected marker: {line}")
            if not current.hunks:
                raise DiffParseError("Unexpected marker:" + _NO_NEWLINE)
            current.hunks[-1].lines.append(Line(_NO_NEWLINE + "\n", "\\"))
            continue
        if line == "\n" and current:
            current.hunks[-1].lines.append(Line("\n", ""))
            continue
        if info is None:
            current = None
            info = []
        if first == "B":
            m = _BINARY.match(line)
            if m:
                source_file = m.group("source_filename")
                target = m.group("target_filename") or source_file
                info.append(line)
                if current is not None:
                    current.is_binary_file = True
                else:
                    files.append(PatchedFile(info, source_file, target, is_binary_file=True))
                info = None
                current = None
                continue
        if line == "GIT binary patch\n":
            if current is None:
                raise DiffParseError(f"Unexpected binary patch marker: {line}")
            current.is_binary_file = True
            info = None
            current = None
            continue
        info.append(line)
    return files


def _parse_hunk(header: re.Match[str], lines: list[str], i: int, current: PatchedFile) -> int:
    """Read one hunk's lines from `lines[i:]` into `current`; returns the index after it."""
    src_start, src_len, tgt_start, tgt_len, section = header.groups()
    hunk = Hunk(
        int(src_start),
        1 if src_len is None else int(src_len),
        int(tgt_start),
        1 if tgt_len is None else int(tgt_len),
        section,
    )
    source_no = hunk.source_start
    target_no = hunk.target_start
    source_end = source_no + hunk.source_length
    target_end = target_no + hunk.target_length
    out = hunk.lines
    n = len(lines)
    while i < n:
        line = lines[i]
        i += 1
        kind = line[:1]
        if kind == "+":
            out.append(Line(line[1:], "+", None, target_no))
            target_no += 1
        elif kind == "-":
            out.append(Line(line[1:], "-", source_no, None))
            source_no += 1
        elif kind == " ":
            out.append(Line(line[1:], " ", source_no, target_no))
            source_no += 1
            target_no += 1
        elif kind == "\\":
            out.append(Line(line[1:], "\\"))
        elif kind in ("\r", "\n"):
            # an empty line (a mailer ate the context line's space) counts as context; the
            # value is its first one or two line-break characters, as unidiff's pattern takes
            value = line[:2] if line[1:2] in ("\r", "\n") else line[:1]
            out.append(Line(value, " ", source_no, target_no))
            source_no += 1
            target_no += 1
        else:
            raise DiffParseError(f"Hunk diff line expected: {line}")
        if source_no > source_end or target_no > target_end:
            raise DiffParseError("Hunk is longer than expected")
        if source_no == source_end and target_no == target_end:
            break
    if source_no < source_end or target_no < target_end:
        raise DiffParseError("Hunk is shorter than expected")
    current.hunks.append(hunk)
    return i
