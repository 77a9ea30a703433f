"""A MAINTAINERS file (Linux or Xen format): sections, and which of them cover a path.

Reading follows scripts/get_maintainer.pl: a line `X:<space>value` (a capital letter and a
colon at the start of the line) is a field; consecutive fields form a section (blank lines
between them do not end it), named by the last other line before them. Indented lines
(the description of the fields at the top of the file) are text. Fields used:
`M:` maintainer, `R:` designated reviewer, `L:` list, `S:` status, `F:`/`X:` file patterns
(`patterns.py`), `N:` path regex, `K:` keyword regex (matched against a patch's commit
message and changed lines), `V:` version. Others (`W:`, `T:`, `B:`, `C:`, `P:`, `Q:`) are
kept as they are written, unused.

Format: Xen's get_maintainer.pl refuses a file without a `V: xen-maintainers-<n>` line in
THE REST, so that line is how a Xen MAINTAINERS file (xen.git or a sister tree) is told
apart; a file without it is still Xen's when its catch-all's list is xen-devel, or when a
THE REST section stands beside sections for `xen/` paths (`format_evidence` says which);
every other file is read as the Linux format (the same syntax, no check-in policy).

A pattern Python cannot compile becomes a problem (file, line, what) and is skipped; a file
with no sections at all is an InputError: it is not a MAINTAINERS file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from patchlint import lazyre
from patchlint.errors import InputError
from patchlint.maintainers.patterns import FilePattern, compile_pattern
from patchlint.model.address import parse_address
from patchlint.model.message import Address

_FIELD = lazyre.compile(r"^([A-Z]):\s*((?:.*\S)?)\s*$")  # not `(.*?)\s*$`: quadratic
_XEN_VERSION = lazyre.compile(r"^xen-maintainers-(\S+)")
_XEN_LIST = lazyre.compile(r"xen-devel@|@lists\.xen(?:project|source)\.org", re.I)
XEN_SECTIONS = 3  # sections for xen/ paths that, beside a THE REST, make a file Xen's
MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Section:
    """One section: its name (`X86 ARCHITECTURE`, `THE REST`) and fields."""

    name: str
    line: int  # of the name (1-based)
    maintainers: tuple[Address, ...] = ()
    reviewers: tuple[Address, ...] = ()
    lists: tuple[str, ...] = ()
    status: str | None = None
    files: tuple[FilePattern, ...] = ()
    excludes: tuple[FilePattern, ...] = ()
    regexes: tuple[re.Pattern[str], ...] = ()  # N:
    keywords: tuple[re.Pattern[str], ...] = ()  # K:
    version: str | None = None  # V:
    other: tuple[tuple[str, str], ...] = ()

    @property
    def catch_all(self) -> bool:
        """Only patterns that start with a wildcard (THE REST's `*` and `*/`)."""
        return bool(self.files) and all(p.depth < 0 for p in self.files) and not self.regexes

    def excluded(self, path: str) -> bool:
        return any(p.matches(path) for p in self.excludes)

    def depth_for(self, path: str, files: bool = True) -> int | None:
        """The most specific depth at which the section covers `path` (None: it does not);
        `files=False` tries only its `N:` regexes. `X:` exclusions are tested first, as
        get_maintainer.pl does."""
        best: int | None = None
        if files:
            for p in self.files:
                if (best is None or p.depth > best) and p.matches(path):
                    best = p.depth
        if (best is None or best < 0) and any(r.search(path) for r in self.regexes):
            best = 0
        if best is not None and self.excluded(path):
            return None
        return best


@dataclass(frozen=True, slots=True)
class SectionMatch:
    """A section that covers a path, and how specifically."""

    section: Section
    depth: int


class _Node:
    __slots__ = ("children", "sections")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.sections: list[int] = []


@dataclass(slots=True)
class MaintainersFile:
    """Every section of one MAINTAINERS file, with an index from path components to the
    sections whose `F:` patterns start with them (a Linux file has ~20,000 patterns)."""

    sections: tuple[Section, ...]
    source: str = "MAINTAINERS"
    problems: list[str] = field(default_factory=list)
    _root: _Node = field(default_factory=_Node, repr=False)
    _unindexed: list[int] = field(default_factory=list, repr=False)  # N: sections
    _tops: set[str] = field(default_factory=set, repr=False)
    _cache: dict[str, tuple[SectionMatch, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for i, section in enumerate(self.sections):
            for p in section.files:
                node = self._root
                for part in p.prefix:
                    node = node.children.setdefault(part, _Node())
                if not node.sections or node.sections[-1] != i:
                    node.sections.append(i)
            if section.regexes:
                self._unindexed.append(i)
            if not section.catch_all:
                self._tops.update(
                    p.prefix[0] for p in (*section.files, *section.excludes) if p.prefix
                )

    @property
    def format(self) -> str:
        """`xen` or `linux`, as `format_evidence` tells."""
        return self.format_evidence[0]

    @property
    def format_evidence(self) -> tuple[str, str]:
        """The file's format and what says so. `V: xen-maintainers-<n>` in THE REST is
        Xen's own marker; a Xen file without it (older xen.git, a sister tree) is still told
        by its catch-all section's list (`L: xen-devel@lists.xenproject.org`), or by a THE
        REST section beside sections for `xen/` paths. Anything else is the Linux format."""
        if self.xen_version is not None:
            return "xen", f"V: xen-maintainers-{self.xen_version} in THE REST"
        rest = [s for s in self.sections if s.name.strip().upper() == "THE REST" or s.catch_all]
        for section in rest:
            xen_list = next((a for a in section.lists if _XEN_LIST.search(a)), None)
            if xen_list is not None:
                return "xen", (f"{section.name}'s list is {xen_list} (no V: xen-maintainers line)")
        xen_paths = sum(1 for s in self.sections if any(p.prefix[:1] == ("xen",) for p in s.files))
        if any(s.name.strip().upper() == "THE REST" for s in rest) and xen_paths >= XEN_SECTIONS:
            return "xen", (
                f"{xen_paths} sections for xen/ paths and a THE REST section (no V: "
                "xen-maintainers line)"
            )
        return "linux", "no V: xen-maintainers line, no Xen list or paths"

    @property
    def xen_version(self) -> str | None:
        for section in self.sections:
            if section.name.strip().upper() == "THE REST" and section.version:
                m = _XEN_VERSION.match(section.version)
                if m:
                    return m.group(1)
        return None

    def matches(self, path: str) -> tuple[SectionMatch, ...]:
        """Every section covering `path`, most specific first (file order among equals)."""
        cached = self._cache.get(path)
        if cached is not None:
            return cached
        candidates: set[int] = set()
        node: _Node | None = self._root
        for part in path.split("/"):
            if node is None:
                break
            candidates.update(node.sections)
            node = node.children.get(part)
        if node is not None:
            candidates.update(node.sections)
        found = []
        for i in sorted(candidates.union(self._unindexed)):
            depth = self.sections[i].depth_for(path, files=i in candidates)
            if depth is not None:
                found.append((depth, i))
        found.sort(key=lambda d: (-d[0], d[1]))
        result = tuple(SectionMatch(self.sections[i], depth) for depth, i in found)
        if len(self._cache) < 100_000:
            self._cache[path] = result
        return result

    def covers(self, path: str) -> bool:
        """Whether `path` belongs to the tree this file describes: a top-level file, a path
        whose first directory some section other than the catch-all names (`F:` or `X:`),
        or a path a section other than the catch-all matches (`N:`, `*/configure`). A
        Linux `drivers/...` path is not covered by Xen's MAINTAINERS, even though THE
        REST's `*/` matches everything."""
        if "/" not in path or path.split("/", 1)[0] in self._tops:
            return True
        return any(not m.section.catch_all for m in self.matches(path))

    def keyword_sections(self, text: str) -> list[tuple[Section, str]]:
        """Sections one of whose `K:` regexes matches `text`, with the keyword. A regex
        that needs a literal word (`\\bxsm_\\w+` needs `xsm_`) runs only when the text
        has it: a Linux file has ~700 keywords, and most patches contain none of them."""
        out: list[tuple[Section, str]] = []
        for section in self.sections:
            for k in section.keywords:
                needed = required_literal(k.pattern)
                if (not needed or needed in text) and k.search(text):
                    out.append((section, k.pattern))
                    break
        return out


_LEADING_LITERAL = lazyre.compile(r"(?:\\b)?([A-Za-z0-9_]{3,})")


@cache
def required_literal(pattern: str) -> str | None:
    """A word every match of the regex contains, when the pattern starts with one (after an
    optional `\\b`) and has no alternation or inline flags that could make it optional or
    change its case; None otherwise (the regex then always runs)."""
    if "|" in pattern or pattern.startswith("(?") or "\\Q" in pattern:
        return None
    m = _LEADING_LITERAL.match(pattern)
    if m is None:
        return None
    word = m.group(1)
    follows = pattern[m.end() : m.end() + 1]
    if follows in ("?", "*", "{"):
        word = word[:-1]  # the last letter is optional or repeated
    return word if len(word) >= 3 else None


def _person(value: str) -> Address | None:
    if "@" not in value:
        return None
    addr = parse_address(value)
    return addr if addr.email else None


def parse_maintainers(text: str, source: str = "MAINTAINERS") -> MaintainersFile:
    """Read a MAINTAINERS file's text (see the module docstring)."""
    problems: list[str] = []
    sections: list[Section] = []
    name, name_line = "", 0
    fields: list[tuple[int, str, str]] = []

    def flush() -> None:
        if fields:
            sections.append(
                _section(
                    name or f"(unnamed section at line {fields[0][0]})",
                    name_line or fields[0][0],
                    fields,
                    source,
                    problems,
                )
            )
            fields.clear()

    for number, raw in enumerate(text.split("\n"), 1):
        m = _FIELD.match(raw)
        if m:
            fields.append((number, m.group(1), m.group(2)))
        elif raw.strip():
            flush()
            name, name_line = raw.strip(), number
    flush()
    if not any(s.files or s.regexes or s.maintainers for s in sections):
        raise InputError(f"{source}: no MAINTAINERS sections (no `M:`/`F:` lines) in it")
    return MaintainersFile(tuple(sections), source, problems)


def _section(
    name: str, line: int, fields: list[tuple[int, str, str]], source: str, problems: list[str]
) -> Section:
    people: dict[str, list[Address]] = {"M": [], "R": []}
    lists: list[str] = []
    status: str | None = None
    version: str | None = None
    files: list[FilePattern] = []
    excludes: list[FilePattern] = []
    regexes: list[re.Pattern[str]] = []
    keywords: list[re.Pattern[str]] = []
    other: list[tuple[str, str]] = []
    for number, kind, value in fields:
        where = f"{source}:{number}"
        try:
            if kind in people:
                person = _person(value)
                if person is None:
                    problems.append(f"{where}: {kind}: {value!r} has no e-mail address")
                else:
                    people[kind].append(person)
            elif kind == "L":
                lists.append(value.split()[0] if value.split() else value)
            elif kind == "S":
                status = value
            elif kind == "V":
                version = value
            elif kind == "F" and value:
                files.append(compile_pattern(value))
            elif kind == "X" and value:
                excludes.append(compile_pattern(value))
            elif kind == "N" and value:
                regexes.append(re.compile(value, re.X))
            elif kind == "K" and value:
                keywords.append(re.compile(value, re.X | re.M))
            else:
                other.append((kind, value))
        except (re.error, RecursionError) as exc:
            problems.append(f"{where}: {kind}: {value!r} is not a pattern we can use ({exc})")
    return Section(
        name=name,
        line=line,
        maintainers=tuple(people["M"]),
        reviewers=tuple(people["R"]),
        lists=tuple(lists),
        status=status,
        files=tuple(files),
        excludes=tuple(excludes),
        regexes=tuple(regexes),
        keywords=tuple(keywords),
        version=version,
        other=tuple(other),
    )


def read_maintainers(path: str | Path) -> MaintainersFile:
    """Read and parse a MAINTAINERS file; an unreadable one is an InputError."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{p}: too large for a MAINTAINERS file")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read MAINTAINERS file: {exc.strerror or exc}") from exc
    return parse_maintainers(data.decode("utf-8", "replace"), str(p))


def find_maintainers(
    explicit: str | Path | None, tree: str | Path | None
) -> MaintainersFile | None:
    """The MAINTAINERS file to judge by: `explicit` (`--maintainers FILE`, which must be
    readable), else `MAINTAINERS` at the root of `tree` when there is one, else None."""
    if explicit is not None:
        return read_maintainers(explicit)
    if tree is not None:
        candidate = Path(tree) / "MAINTAINERS"
        if candidate.is_file():
            return read_maintainers(candidate)
    return None
