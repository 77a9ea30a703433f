"""Does the changelog talk about a change of the interdiff? Changelogs describe changes in
words more often than by symbol ("improved the iteration", "take the lock later", "use the
helper instead", "address Michael's comments"), so a hunk counts as mentioned when:

- the changelog names its function, its file (path, base name or stem) or an identifier of
  its changed lines (brace shorthand expanded: `KVM_{REQ,OPT}_VMX` names both);
- a content word of the changelog (stemmed, stop words and words every diff has left out)
  is a word of the hunk: its identifiers split into words (`xenvif_fix_features` -> xenvif,
  fix, features), its comments and strings;
- the changelog names what kind of change it is and the hunk is one: a check (`if`), a loop,
  a lock, a log message, a comment or a typo, a declaration, a type, `static`/`const`, an
  include, a macro, a rename (only identifiers differ), style (the same tokens laid out
  anew), a value that both name (`10000 ms`), or a file's role (a test, a Kconfig, a
  Makefile, a header, docs, a DT binding, MAINTAINERS);
- the changelog credits a reviewer ("address Michael's comments", "(Andy)", "as Arnd
  suggested", or review comments in general) and that reviewer commented on this file of
  the patch in the revision before.

And a hunk is no change at all when all it changes is layout (whitespace), comments, code
moved from one hunk to another or between the series' patches, or lines the base of
`--tree` already has. (The caller leaves out files whose interdiff is a diff of diffs: their
two postings do not apply to one base, so what changed there is mostly upstream's.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, Protocol

from patchlint import lazyre
from patchlint.c.log_calls import logs
from patchlint.model.address import Address


class Remark(Protocol):
    """What a review comment needs to be for the changelog to credit it: who, on which
    revision, patch and file (`analysis.discussion`'s ReviewComment is one; revisions/ is
    below discussion/ and cannot import it)."""

    @property
    def author(self) -> Address: ...
    @property
    def revision(self) -> int: ...
    @property
    def patch(self) -> int | None: ...
    @property
    def file(self) -> str | None: ...


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """snowballstemmer's English stemmer, made on first use: the package imports every
    language's stemmer (~20 ms), which a patch checked alone never needs."""
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


_IDENT = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORDS = lazyre.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_NUMBER = lazyre.compile(r"\b(?:0x[0-9a-fA-F]+|[0-9]{2,})\b")
# the braces alone: the identifier around them is read by hand (a leading `[\w]*` would be
# retried at every position of a long word: quadratic on hostile mail)
_BRACES = lazyre.compile(r"\{([A-Za-z0-9_ ,/|]+)\}")
_IDENT_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_HUNK = lazyre.compile(r"^@@.*$", re.M)
_COMMENT = lazyre.compile(r"^\s*(?:/\*|\*|//|\*/)")
_STRING = lazyre.compile(r'"(?:[^"\\]|\\.)*"')
_DECL = lazyre.compile(
    r"^\s*(?:(?:static|const|unsigned|signed|struct|enum|union|volatile)\s+)*"
    r"[A-Za-z_]\w*(?:\s+\**|\s*\*+\s*)[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)?"
    r"(?:__\w+\([^)]*\)\s*)?[;=,]"
)
_PREPROCESSOR = lazyre.compile(
    r"^\s*#\s*(?:if|ifdef|ifndef|else|elif|endif|include|define|undef)\b"
)
NEW_FUNCTION = lazyre.compile(  # a line that opens a function definition
    r"^(?:[A-Za-z_][\w\s\*]*\s\**)?([A-Za-z_]\w*)\s*\([^;]*$"
)
_TYPES = frozenset(
    {
        "u8",
        "u16",
        "u32",
        "u64",
        "s8",
        "s16",
        "s32",
        "s64",
        "int",
        "long",
        "short",
        "char",
        "bool",
        "size_t",
        "ssize_t",
        "unsigned",
        "signed",
        "__le16",
        "__le32",
        "__le64",
        "__be16",
        "__be32",
        "__be64",
        "uint8_t",
        "uint16_t",
        "uint32_t",
        "uint64_t",
        "phys_addr_t",
        "dma_addr_t",
    }
)
_LOCK = lazyre.compile(r"lock|mutex|rcu|atomic|barrier|refcount|READ_ONCE|WRITE_ONCE", re.I)
# every diff has these words: they say nothing about which change a changelog means
_GENERIC_WORDS = """
a an the and or of to in on for with from by at as is are be was were been it its this that
these those there here not no do does did done has have had can could should would will may
might must also only just now then than so such into onto out over under more less most some
any all each every other same new old one two use used using uses add added adds adding
remove removed removes removing drop dropped change changed changes changing update updated
updates fix fixed fixes fixing make made makes patch patches series version versions commit
message messages log code function functions variable variables line lines file files minor
small few instead rather while since per via after before v1 v2 v3 v4 v5 v6 v7 v8 v9 ret rc
err error errors dev data size len length val value values ptr buf buffer struct int void
char unsigned long static const return null true false else if get set num count idx index
flag flags type types list entry entries func arg args param params result state info i j k
n x y p s t e d id ok fail failed failure need needed support supported driver drivers case
cases way thing things call calls called calling well suggested suggestion suggestions
comment comments review reviewed reviews feedback address addressed thanks thank rebase
rebased tree base upstream latest kernel linux
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
# path components every file of a subsystem shares
_DIRS = frozenset(
    {
        "drivers",
        "include",
        "arch",
        "asm",
        "asm-generic",
        "linux",
        "uapi",
        "net",
        "kernel",
        "lib",
        "tools",
        "src",
        "common",
        "core",
        "hyperv",
        "hv",
    }
)
# what a changelog says about the mail rather than the code
_ABOUT_THE_MAIL = lazyre.compile(
    r"\b(?:commit\s+(?:message|log|description|msg|title|subject)s?|change\s?-?\s?logs?"
    r"|subject(?:\s+line)?|patch\s+(?:title|description)|cover\s+letter|title"
    r"|(?:reviewed|acked|tested|signed-off|reported|suggested)-by(?:\s+tags?)?|tags?"
    r"|trailers?|fixes\s+tag|typos?\s+in\s+the\s+commit)\b",
    re.I,
)
# changelog words (stemmed) -> the kinds of change they name
_CONCEPT_WORDS: list[tuple[str, str]] = []


def _concept(kinds: str, words: str) -> None:
    _CONCEPT_WORDS.append((kinds, words))


@lru_cache(maxsize=1)
def _concepts() -> dict[str, frozenset[str]]:
    """Stem -> kinds, stemmed on first use (the stemmer is not loaded at import)."""
    out: dict[str, frozenset[str]] = {}
    for kinds, words in _CONCEPT_WORDS:
        for word in words.split():
            stem = _stem(word)
            out[stem] = out.get(stem, frozenset()) | frozenset(kinds.split())
    return out


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    stem: str = _stemmer().stemWord(word.lower())
    return stem


_concept(
    "comment string doc",
    "comment comments typo typos spelling spell grammar kerneldoc kernel-doc docstring",
)
_concept("include header", "include includes header headers")
_concept("define", "macro macros define defines")
_concept("static", "static")
_concept("const", "const constify constant")
_concept("inline", "inline")
_concept(
    "goto return", "goto label labels unwind unwinding cleanup handling leak leaks error-handling"
)
_concept("return", "return returns retval")
_concept(
    "check",
    "check checks checking validate validation verify sanity guard condition "
    "conditions bound bounds overflow test",
)
_concept("loop", "loop loops iteration iterate iterating traverse")
_concept(
    "lock",
    "lock locks locking unlock mutex spinlock rcu atomic race races barrier "
    "serialize serialise refcount",
)
_concept(
    "log",
    "log logs logging print prints printing printk warning warnings warn debug "
    "verbose ratelimit ratelimited",
)
_concept("export", "export exported symbol")
_concept("trace", "trace tracepoint tracepoints tracing")
_concept(
    "decl",
    "declaration declarations declare variable variables local locals order "
    "initialization initialisation initialize initialise init",
)
_concept("kconfig", "kconfig config depend depends dependency select")
_concept("makefile", "makefile kbuild")
# a build fix is made of preprocessor lines and Kconfig/Makefile edits
_concept(
    "build makefile kconfig",
    "build builds compile compiler compilation randconfig "
    "buildbot robot sparse allmodconfig allyesconfig w=1 ifdef",
)
_concept("newfunc", "helper helpers wrapper wrappers function functions routine")
_concept("braces", "bracket brackets brace braces parenthesis parentheses curly")
_concept("test", "test tests selftest selftests harness kselftest testing")
_concept("doc", "documentation document docs doc readme abi rst")
_concept("binding", "binding bindings dt devicetree device-tree schema yaml")
_concept("maintainers", "maintainers maintainer")
_concept("struct", "struct structure structures")
_concept("type", "type types u8 u16 u32 u64 s32 s64 int bool unsigned signed cast width size_t")
_concept("rename", "rename renamed renaming name names naming")
_concept(
    "style",
    "style checkpatch format formatting cosmetic whitespace indent indentation "
    "align alignment space spaces blank wrap column columns tab tabs parenthesis "
    "parentheses bracket brace braces reformat nit nits cleanup clean tidy coding",
)
_concept("string", "string strings text quote")


def expand_braces(text: str) -> str:
    """`FOO_{A/B}_BAR` -> `FOO_A_BAR FOO_B_BAR` (and `{A,B}`, `{A|B}`), appended."""
    extra = []
    for m in _BRACES.finditer(text):
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1] in _IDENT_CHARS:
            start -= 1
        while end < len(text) and (text[end] in _IDENT_CHARS or text[end] == "*"):
            end += 1
        head, tail = text[start : m.start()], text[m.end() : end]
        for alt in re.split(r"[,/| ]+", m.group(1)):
            if alt:
                extra.append(f"{head}{alt}{tail}".rstrip("*"))
    return text + ("\n" + " ".join(extra) if extra else "")


def word_stems(text: str) -> set[str]:
    """The content words of `text`, stemmed: identifiers split into their words."""
    out: set[str] = set()
    for token in _IDENT.findall(text):
        for word in _WORDS.findall(token):
            low = word.lower()
            if len(low) >= 3 and low not in _GENERIC and not low.isdigit():
                out.add(_stem(low))
    return out


@dataclass(slots=True)
class ChangelogWords:
    """What a changelog says, ready to be matched against hunks."""

    text: str
    lower: str = ""
    idents: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    plain: set[str] = field(default_factory=set)  # stems of words that are no identifier's
    people: set[str] = field(default_factory=set)  # names and handles it credits, lowercased
    rebased: bool = False  # it says the patch was rebased
    reviews: bool = False  # it says review comments were addressed

    @classmethod
    def read(cls, text: str) -> ChangelogWords:
        full = expand_braces(_ABOUT_THE_MAIL.sub(" ", text))
        out = cls(text, full.lower())
        out.idents = {w.lower() for w in _IDENT.findall(full) if len(w) >= 3}
        out.stems = word_stems(full)
        out.plain = word_stems(
            " ".join(
                w for w in _IDENT.findall(full) if "_" not in w and not re.search(r"[a-z][A-Z]", w)
            )
        )
        out.kinds = {
            k
            for s in out.stems | {_stem(w) for w in re.findall(r"[A-Za-z0-9_-]+", full)}
            for k in _concepts().get(s, ())
        }
        out.numbers = {n.lower() for n in _NUMBER.findall(full)}
        out.rebased = re.search(r"\bre-?bas", full, re.I) is not None
        out.people = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{2,}\b", _ascii(full))}
        out.reviews = (
            re.search(
                r"\b(?:comments?|feedback|review|suggest\w*|pointed\s+out"
                r"|request\w*)\b",
                full,
                re.I,
            )
            is not None
        )
        return out


@dataclass(slots=True)
class Hunk:
    """One interdiff hunk reduced to the lines that change the patch."""

    path: str
    function: str | None
    removed: list[str]
    added: list[str]
    layout_only: bool = False  # both sides read the same, whitespace and comments aside
    near: list[str] = field(default_factory=list)  # context lines next to a change

    @property
    def lines(self) -> list[str]:
        return self.removed + self.added


_TRAILING_COMMENT = lazyre.compile(r"/\*.*?\*/|//.*$")


def _squash(line: str) -> str:
    return "".join(line.split())


def _code(line: str) -> str:
    """A line's code: comments on it and whitespace left out."""
    return _squash(_TRAILING_COMMENT.sub("", line))


def hunks_of(path: str, diff: str, functions: list[str]) -> list[Hunk]:
    """The hunks of a file's interdiff (not a diff of diffs: those are rebases, left out by
    the caller)."""
    out: list[Hunk] = []
    starts = [m.start() for m in _HUNK.finditer(diff)]
    for a, b in zip(starts, [*starts[1:], len(diff)], strict=True):
        text = diff[a:b]
        removed: list[str] = []
        added: list[str] = []
        before: list[str] = []
        after: list[str] = []
        body_lines = text.splitlines()[1:]
        near = _near(body_lines)
        for line in body_lines:
            if not _COMMENT.match(line[1:]):  # comments aside: they are no code change
                if line[:1] in (" ", "-"):
                    before.append(_code(line[1:]))
                if line[:1] in (" ", "+"):
                    after.append(_code(line[1:]))
            if line[:1] not in ("+", "-"):
                continue
            (added if line[0] == "+" else removed).append(line[1:])
        name = next((n for n in functions if n in text), None)
        out.append(Hunk(path, name, removed, added, "".join(before) == "".join(after), near))
    return out


def _near(lines: list[str]) -> list[str]:
    """The context lines right above and below a changed line: "take the lock later" is
    about the lock the moved line now follows."""
    out = []
    for i, line in enumerate(lines):
        if line[:1] != " ":
            continue
        if any(0 <= j < len(lines) and lines[j][:1] in ("+", "-") for j in (i - 1, i + 1)):
            out.append(line[1:])
    return out


def material(hunk: Hunk, moved: set[str], in_base: Callable[[str, str], bool]) -> Hunk:
    """The hunk without what changes nothing a reviewer re-reads: blank lines, layout,
    comments, code moved (`moved`: squashed lines found on the other side elsewhere) and
    lines the base already has."""

    def keep(line: str) -> bool:
        sq = _squash(line)
        return (
            bool(sq)
            and not _COMMENT.match(line)
            and sq not in moved
            and not in_base(hunk.path, line)
        )

    if hunk.layout_only:
        return Hunk(hunk.path, hunk.function, [], [], True)
    removed = [x for x in hunk.removed if keep(x)]
    added = [x for x in hunk.added if keep(x)]
    return Hunk(hunk.path, hunk.function, removed, added, near=hunk.near)


def _kinds(hunk: Hunk, original: Hunk) -> set[str]:
    kinds: set[str] = set()
    p = PurePosixPath(hunk.path)
    low = hunk.path.lower()
    if p.name.startswith("Kconfig"):
        kinds.add("kconfig")
    if p.name in ("Makefile", "Kbuild") or p.suffix == ".mk":
        kinds.add("makefile")
    if "test" in low:
        kinds.add("test")
    if low.startswith("documentation/") or p.suffix in (".rst", ".txt", ".md"):
        kinds.add("doc")
    if p.suffix in (".yaml", ".dts", ".dtsi"):
        kinds.add("binding")
    if p.name == "MAINTAINERS":
        kinds.add("maintainers")
    if p.suffix == ".h":
        kinds.add("header")
    if any(_COMMENT.match(x) for x in original.lines):
        kinds.add("comment")
    lines = hunk.lines
    text = "\n".join(lines)
    idents = set(_IDENT.findall(text))
    for word, kind in (
        ("static", "static"),
        ("const", "const"),
        ("inline", "inline"),
        ("goto", "goto"),
        ("return", "return"),
        ("if", "check"),
        ("for", "loop"),
        ("while", "loop"),
    ):
        if word in idents:
            kinds.add(kind)
    if re.search(r"^\s*#\s*include", text, re.M):
        kinds.add("include")
    if re.search(r"^\s*#\s*define", text, re.M):
        kinds.add("define")
    if logs(text):
        kinds.add("log")
    if _LOCK.search(text):
        kinds.add("lock")
    if "EXPORT_SYMBOL" in text:
        kinds.add("export")
    if re.search(r"\btrace_\w+", text):
        kinds.add("trace")
    if _STRING.search(text):
        kinds.add("string")
    if any(_DECL.match(x) for x in lines):
        kinds.add("decl")
    if lines and all(_PREPROCESSOR.match(x) for x in lines):
        kinds.add("build")
    if any(NEW_FUNCTION.match(x) for x in hunk.added):
        kinds.add("newfunc")
    if idents & _TYPES:
        kinds.add("type")
    if "struct" in idents:
        kinds.add("struct")
    tokens_a = [t for x in hunk.removed for t in re.findall(r"\w+|[^\w\s]", x)]
    tokens_b = [t for x in hunk.added for t in re.findall(r"\w+|[^\w\s]", x)]
    if [t for t in tokens_a if t not in "{}"] == [t for t in tokens_b if t not in "{}"]:
        kinds.add("braces")
    if [t for t in tokens_a if _IDENT.fullmatch(t)] == [t for t in tokens_b if _IDENT.fullmatch(t)]:
        kinds.add("build")  # the same names, other punctuation: a syntax fix
    if tokens_a == tokens_b or (
        sorted(tokens_a) == sorted(tokens_b) and len(hunk.removed) == len(hunk.added) == 1
    ):
        kinds.add("style")  # the same tokens: layout, or an order within one line
    elif len(tokens_a) == len(tokens_b) and all(
        x == y or (_IDENT.fullmatch(x) and _IDENT.fullmatch(y))
        for x, y in zip(tokens_a, tokens_b, strict=True)
    ):
        kinds.add("rename")
    return kinds


def _ascii(text: str) -> str:
    """Accents dropped: "Jedrzej" in a changelog is Jędrzej in his From: line."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _file_named(path: str, log: ChangelogWords) -> bool:
    p = PurePosixPath(path)
    return any(x.lower() in log.lower for x in (path, p.name)) or (
        len(p.stem) >= 3 and p.stem.lower() in log.idents
    )


def _credited(hunk: Hunk, log: ChangelogWords, comments: Iterable[Remark]) -> bool:
    """The changelog credits a reviewer who commented on this file (or says review
    comments were addressed, and someone did)."""
    for c in comments:
        if c.file is not None and c.file != hunk.path:
            continue
        names = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", _ascii(c.author.name))}
        names |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", c.author.email.split("@")[0])}
        if names & log.people or (log.reviews and c.file == hunk.path):
            return True
    return False


def mentioned(hunk: Hunk, original: Hunk, log: ChangelogWords, comments: Iterable[Remark]) -> bool:
    """Whether the changelog talks about this (material) hunk."""
    if hunk.function and (
        hunk.function.lower() in log.idents or hunk.function.lower() in log.lower
    ):
        return True
    if _file_named(hunk.path, log):
        return True
    # the words of everything the hunk changes (moved and comment lines too: "move X into
    # destroy()" names what moved); its function's and its path's words only against the
    # changelog's plain words ("fix build on ARM", "move it into destroy()"), since every
    # identifier of a driver shares them
    text = "\n".join(original.lines)
    where = word_stems(
        " ".join(
            [
                hunk.function or "",
                *(part for part in PurePosixPath(hunk.path).parts[:-1] if part not in _DIRS),
                PurePosixPath(hunk.path).stem,
            ]
        )
    )
    if where & log.plain:
        return True
    idents = {w.lower() for w in _IDENT.findall(text) if len(w) >= 3}
    if idents & log.idents - _GENERIC:
        return True
    stems = word_stems(text + "\n" + "\n".join(hunk.near))
    if stems & log.stems:
        return True
    # a word inside an identifier that does not split (`kfree` holds "free")
    if any(len(w) >= 4 and w in ident for w in log.stems for ident in idents):
        return True
    if {n.lower() for n in _NUMBER.findall(text)} & log.numbers:
        return True
    if _kinds(hunk, original) & log.kinds:
        return True
    return _credited(hunk, log, comments)
