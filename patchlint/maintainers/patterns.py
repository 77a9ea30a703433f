"""`F:`/`X:` file patterns of a MAINTAINERS file, matched as scripts/get_maintainer.pl does.

get_maintainer.pl turns a pattern into a regex (`*` -> `.*`, `?` -> `.`; Xen's copy also
expands `{a,b}` braces) and matches it against a path from the start:
- a pattern ending in `/` is a directory: it matches every file in and below it
  (`F: drivers/net/`);
- any other pattern matches only paths with as many `/` as the pattern, so `drivers/net/*`
  is "all files in drivers/net, but not below" and `*/net/*` is "any top-level directory's
  net/";
- a pattern without a wildcard that names a directory in the tree (`F: tools/golang`) is
  given its missing `/` (the script checks with `-d`). Without the tree we cannot ask, but
  a file below `P/` proves `P` is a directory, so a literal pattern matches the path itself
  or anything under `P/`.
We match whole paths where the script matches a prefix with the same number of slashes
(it would let `F: foo.c` match `foo.cpp`); `[...]` classes are kept, `[!...]` negates.

Specificity (the `depth` get_maintainer.pl sorts sections by, most specific first): the
number of `/` in the pattern, plus one unless it ends in `/`; a pattern starting with `*`
(THE REST's `*` and `*/`) has depth -1. `N:` regexes have depth 0.
"""

from __future__ import annotations

import re

WILDCARDS = frozenset("*?[{")


def _alternatives(body: str) -> list[str] | None:
    """The branches of a `{a,b}` brace body, or None when it is not one (no comma, nested)."""
    if "," not in body or "{" in body or "}" in body:
        return None
    return body.split(",")


PATH_MAX = 4096  # longer diff paths (from mail) are never matched


def glob_regex(glob: str) -> str:
    """The regex text for a MAINTAINERS glob (not anchored)."""
    out: list[str] = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif (
            c == "{"
            and (end := glob.find("}", i + 1)) > i
            and (alts := _alternatives(glob[i + 1 : end])) is not None
        ):
            out.append("(?:" + "|".join(glob_regex(a) for a in alts) + ")")
            i = end
        elif c == "[" and (end := glob.find("]", i + 2)) > i:
            body = glob[i + 1 : end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def pattern_depth(glob: str) -> int:
    """get_maintainer.pl's specificity of an `F:` pattern (see the module docstring)."""
    if glob.startswith("*"):
        return -1
    return glob.count("/") + (0 if glob.endswith("/") else 1)


class FilePattern:
    """One `F:` or `X:` pattern. Literal patterns (most of a Linux file) are compared as
    strings; a wildcard pattern's regex is compiled on first use (a Linux file has ~20,000
    patterns and a run looks at few of them)."""

    __slots__ = ("_regex", "depth", "directory", "literal", "prefix", "slashes", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.depth = pattern_depth(text)
        self.directory = text.endswith("/")
        self.literal = not any(c in WILDCARDS for c in text)
        self.slashes = text.count("/")
        self.prefix = _literal_prefix(text)
        self._regex: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"FilePattern({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FilePattern) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __reduce__(self) -> tuple[type[FilePattern], tuple[str]]:  # for worker processes
        return FilePattern, (self.text,)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(glob_regex(self.text))
        return self._regex

    def matches(self, path: str) -> bool:
        if len(path) > PATH_MAX:  # no real path; a glob's `.*X.*` is quadratic in its length
            return False
        if self.literal:
            if self.directory:
                return path.startswith(self.text)
            return path == self.text or path.startswith(self.text + "/")
        if self.directory:
            return self.regex.match(path) is not None
        return path.count("/") == self.slashes and self.regex.fullmatch(path) is not None


def _literal_prefix(text: str) -> tuple[str, ...]:
    """The leading path components written without a wildcard (for the index)."""
    parts: list[str] = []
    for part in text.split("/"):
        if not part or any(c in WILDCARDS for c in part):
            break
        parts.append(part)
    return tuple(parts)


def compile_pattern(text: str) -> FilePattern:
    """One pattern; raises re.error for a bracket expression Python rejects (checked now,
    so the problem is reported with the file's line)."""
    text = text.strip()
    while text.startswith("./"):
        text = text[2:]
    pattern = FilePattern(text)
    if "[" in text:
        pattern.regex  # noqa: B018 - compile now to report a bad class here
    return pattern
