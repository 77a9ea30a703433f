"""Which files of a patch a scoped tag covers: "x86", "the arm part", "the driver part",
"(Xen related part)", "the hid-hyperv.c changes", a path, or a MAINTAINERS section name.

`scope_files(scope, files, sections)` maps the scope's words to the patch's files:
- a word that names a file (`hid-hyperv.c`, `CHANGELOG.md`) or a path (`xen/arch/x86/`,
  `drivers/hv`): the files it is the name, a suffix or a directory of;
- an architecture (`x86`, `arm`, `arm64`, `riscv`, `ppc` ...): files with that path
  component (`arm` also covers `arm32`/`arm64`, `ppc` `powerpc`);
- an area word: `driver`/`drivers` -> `drivers/`, `header(s)` -> `*.h`, `doc(s)` ->
  documentation, `test(s)`/`selftest(s)` -> test directories, `tools`, `common`,
  `changelog` -> a CHANGELOG file, `xen` (Xen related) -> any path component naming xen,
  `build`/`kconfig`/`makefile` -> build files;
- any other word of four letters or more: files with a path component that contains it
  (`balloon`, `netvsc`, `mana`);
- with a MAINTAINERS file, the scope naming a section (`X86 ARCHITECTURE`, or "x86"
  naming a section of that word): the files that section covers.
Words after `not`/`_not_`/`except`/`excluding` exclude files instead. Filler words
("the", "part", "bits", "changes", "related", "only", "i.e.") name nothing.
None when no word names any file (an unresolved scope: the caller decides what it means),
else the covered files in patch order (possibly all of them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from patchlint import lazyre

_TOKEN = lazyre.compile(r"[\w./+-]+")
_NEGATION = lazyre.compile(r"(?:^|\s)_?(?:not|except|excluding|but\s+not|without)_?\s", re.I)
# an aside saying a part went to patches of its own: "(driver changes all split out)",
# "(the selftests moved to a separate patch)"
# An aside in parentheses, then read whole by `_SPLIT_OUT` (two steps: one pattern over the
# scope backtracked quadratically on a long run of blanks; `what` ends in a non-blank, so the
# blanks after it have one reading).
_ASIDE = lazyre.compile(r"\(([^()]{1,200})\)")
_SPLIT_OUT = lazyre.compile(
    r"\s*(?P<what>\S(?:[^()]{0,78}?\S)?)\s+"
    r"(?:(?:are|is|all|now|to\s+be|being|got|get|were|was)\s+)*"
    r"(?:split\s+(?:out|off)|moved\s+out|moved\s+to\s+(?:a\s+)?separate\s+patch(?:es)?"
    r"|in\s+(?:a\s+)?separate\s+patch(?:es)?)\s*",
    re.I,
)


def _split_aside(scope: str) -> tuple[int, int, str] | None:
    """Where the first aside saying a part went to patches of its own stands, and the part."""
    for aside in _ASIDE.finditer(scope):
        m = _SPLIT_OUT.fullmatch(aside.group(1))
        if m is not None:
            return aside.start(), aside.end(), m.group("what")
    return None


_FILLER = frozenset(
    {
        "the",
        "a",
        "an",
        "part",
        "parts",
        "bit",
        "bits",
        "change",
        "changes",
        "side",
        "code",
        "hunk",
        "hunks",
        "portion",
        "related",
        "only",
        "just",
        "specifically",
        "i.e.",
        "ie",
        "e.g.",
        "for",
        "of",
        "and",
        "or",
        "in",
        "to",
        "this",
        "that",
        "these",
        "those",
        "patch",
        "stuff",
        "piece",
        "pieces",
        "area",
        "areas",
        "bits.",
        "part.",
        "side.",
        "as",
        "far",
        "is",
        "are",
        "concerned",
        "from",
        "with",
        "on",
        "specific",
        "all",
        "both",
        "any",
        "here",
        "there",
        "which",
        "what",
        "it",
        "its",
        "it's",
        "wrt",
        "wrt.",
        "regarding",
    }
)
_ARCHES = {
    "x86": ("x86", "x86_64", "i386"),
    "arm": ("arm", "arm32", "arm64", "aarch64"),
    "arm32": ("arm", "arm32"),
    "arm64": ("arm64", "aarch64"),
    "aarch64": ("arm64", "aarch64"),
    "riscv": ("riscv",),
    "risc-v": ("riscv",),
    "ppc": ("ppc", "powerpc"),
    "powerpc": ("powerpc", "ppc"),
    "s390": ("s390",),
    "mips": ("mips",),
    "loongarch": ("loongarch",),
    "sparc": ("sparc",),
    "ia64": ("ia64",),
}


def _area(word: str, path: str) -> bool | None:
    """Whether an area word covers the path; None when the word is not an area word."""
    parts = path.lower().split("/")
    name = parts[-1]
    if word in ("driver", "drivers"):
        return "drivers" in parts
    if word in ("header", "headers"):
        return name.endswith(".h")
    if word in ("doc", "docs", "documentation"):
        return bool({"documentation", "docs", "doc"} & set(parts[:-1])) or name.endswith(
            (".rst", ".md", ".txt", ".pandoc")
        )
    if word in ("test", "tests", "selftest", "selftests", "testing"):
        return bool({"tests", "test", "selftests", "testing"} & set(parts[:-1]))
    if word in ("tool", "tools", "toolstack"):
        return parts[0] == "tools"
    if word == "common":
        return "common" in parts[:-1]
    if word in ("changelog", "changelog.md"):
        return name.startswith("changelog")
    if word in ("xen",):
        return any("xen" in p for p in parts)
    if word in ("build", "kconfig", "makefile", "makefiles", "kbuild"):
        return name in ("makefile", "kconfig", "kbuild") or name.startswith(("kconfig", "makefile"))
    return None


def _covers(word: str, path: str) -> bool:
    low = path.lower()
    parts = low.split("/")
    if "/" in word or ("." in word and not word.endswith(".")):
        w = word.strip("/")
        return (
            low == w
            or low.endswith("/" + w)
            or low.startswith(w + "/")
            or ("/" + w + "/") in ("/" + low)
        )
    if word in _ARCHES:
        return any(p in _ARCHES[word] for p in parts[:-1])
    area = _area(word, path)
    if area is not None:
        return area
    return len(word) >= 4 and any(word in p for p in parts)


def _words(text: str) -> list[str]:
    return [
        t.strip(".,:;()[]\"'`").lower()
        for t in _TOKEN.findall(text)
        if t.strip(".,:;()[]\"'`").lower() not in _FILLER and t.strip(".,:;()[]\"'`")
    ]


def scope_files(
    scope: str, files: Sequence[str], sections: Callable[[str], Sequence[str]] | None = None
) -> tuple[str, ...] | None:
    """The patch's files a scope covers (see the module docstring); None: unresolved.
    `sections(path)`: the names of the MAINTAINERS sections covering a path, if a file is
    at hand."""
    positive, negative = _sides(scope)
    include = _words(positive)
    exclude = _words(negative)
    named: set[str] = set()
    low_scope = " ".join(scope.lower().split())
    for path in files:
        by_section = sections is not None and any(
            _section_named(low_scope, s) for s in sections(path)
        )
        if by_section or any(_covers(w, path) for w in include):
            named.add(path)
    if not named:
        return None
    out = [p for p in files if p in named and not any(_covers(w, p) for w in exclude)]
    return tuple(out)


def _sides(scope: str) -> tuple[str, str]:
    """The words that name what a scope covers, and those that name what it leaves out:
    after `not`/`except`, or in an aside saying the part went to patches of its own
    ("(driver changes all split out)")."""
    split = _split_aside(scope)
    if split is not None:
        scope = scope[: split[0]] + " " + scope[split[1] :]
    m = _NEGATION.search(scope)
    positive, negative = (scope[: m.start()], scope[m.end() :]) if m else (scope, "")
    if split is not None:
        negative = negative + " " + split[2]
    return positive, negative


def excludes(scope: str, files: Sequence[str]) -> bool:
    """The scope leaves out every one of `files` by name ("not the common code", "(driver
    changes all split out)"): a patch of only these files is outside the part the tag
    covers. False when the scope names none of them as left out."""
    negative = _words(_sides(scope)[1])
    return (
        bool(files) and bool(negative) and all(any(_covers(w, p) for w in negative) for p in files)
    )


def _section_named(scope: str, section: str) -> bool:
    """The scope names the section: its full name, or its first word when that word is the
    whole scope (`x86` for `X86 ARCHITECTURE`)."""
    name = " ".join(section.lower().split())
    first = name.split(" ")[0] if name else ""
    return bool(name) and (name in scope or (len(first) >= 3 and scope.strip() == first))
