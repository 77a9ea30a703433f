"""spelling: misspelt words (codespell's dictionary) in what a patch adds to comments and
string literals of C files, and in its commit message (title and text, not trailers).

Words codespell does not list are judged by the shape of common typing slips against an
English word list (pyspellchecker's): two neighbouring letters swapped (`hsared`), a letter
doubled (`impllement`) or a double letter typed once, a stray `e` at the end (`programe`).
A word of six letters or more that is not English (nor British English, from codespell's
en-GB list) but is one such slip away from a common English word is reported. Other unknown
words (jargon, names: `refactor`, `modeset`) are never guessed at.

Only words are judged, never code: a token with a digit or underscore, camelCase or all
capitals, one glued to code punctuation (`foo()`, `p->foo`, `@param`, `%CONST`, `--opt`,
`a/b`), URLs, e-mail addresses, `backticked` text and format specifiers are skipped, and so
is any word the patch's own code uses as an identifier or part of one (`parm`, `ser`), any
part of the paths it touches, any word of the lines around its changes, and any word of the
kernel word list (`patchlint/data/spelling/kernel-words.txt`, derived from the linux-hyperv
archive and the KB's headers by tools/build-kernel-words.py: `gud`, `bootup`, `vmbus`).
Commit-message lines that are trailers, quotes, or indented (logs, code) are skipped.

The word lists are compiled once into a cache file (`patchlint.vocabulary`), not read in
every process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from patchlint import lazyre
from patchlint.c.fragments import FileView
from patchlint.engine.context import Hit, RuleContext
from patchlint.vocabulary import vocabulary

MIN_LENGTH = 3
# a word not glued to code: nothing of `@%&$#\/.` or a letter before it, no `(`, `[`, `/`,
# `->` or `.x` after it
_WORD = lazyre.compile(
    r"(?<![\w@%&$#\\/.'’-])([A-Za-z]+(?:['’-][A-Za-z]+)*)"
    r"(?![\w@/(\[]|->|\.\w|['’-]\w)"
)
_NOISE = lazyre.compile(
    r"""
    (?<!\w)\w+://\S+                # URLs
  | (?<![^\s@])[^\s@]+@[^\s@]+\.\w+   # e-mail addresses
  | `[^`\n]*`                       # `code`
  | %[-+ #0]*(?:[1-9]\d*|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[a-zA-Z]\w*  # printf conversions
""",
    re.X,
)
# _NOISE without its URL and e-mail branches: for a text with no `://` and no `@` it finds
# the same matches (those branches cannot match there), without trying them at every word
_NOISE_PLAIN = lazyre.compile(
    r"`[^`\n]*`|%[-+ #0]*(?:[1-9]\d*|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[a-zA-Z]\w*"
)


def _denoised(text: str) -> str:
    """`_NOISE.sub(" ", text)`, the cheapest way the text allows."""
    if "@" in text or "://" in text:
        return _NOISE.sub(" ", text)
    if "`" not in text and "%" not in text:
        return text
    return _NOISE_PLAIN.sub(" ", text)


_ESCAPE = lazyre.compile(r"\\(?:x[0-9a-fA-F]+|[0-7]{1,3}|.)")  # in strings: \n \t \x1b
_TRAILER = lazyre.compile(
    r"^\s*(?:[A-Za-z-]+-[Bb]y|Fixes|Link|Closes|Cc|CC|Bug|BugLink|Change-Id"
    r"|Message-I[Dd]|Signed-off|Suggested)\s*:|^\s*[\w-]+:\s.*<[^<>\s]+@"
)
_LOG_OR_CODE = lazyre.compile(r"^(?:\t| {4})|^\s*\[\s*\d+\.\d+\]|->|::|[;{}]\s*$")
_IDENT = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH_PARTS = lazyre.compile(r"[/.\-0-9]+")
_IDENTIFIER_NODES = frozenset(
    {"identifier", "field_identifier", "type_identifier", "statement_identifier"}
)


TYPO_MIN_LENGTH = 6
TYPO_MAX_LENGTH = 40  # longer is no English word; its slips would cost len² memory


def _slips(word: str) -> list[str]:
    """Words one typing slip away: swapped neighbours, a doubled or an undoubled letter, a
    stray final `e`."""
    out = [
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    ]
    out += [word[:i] + word[i + 1 :] for i in range(len(word) - 1) if word[i] == word[i + 1]]
    out += [word[:i] + word[i] + word[i:] for i in range(len(word))]
    if word.endswith("e"):
        out.append(word[:-1])
    return out


@lru_cache(maxsize=1 << 16)
def typo_corrections(low: str) -> tuple[str, ...]:
    """Common English words `low` is one typing slip away from, if it is not a word itself.
    Remembered: an archive repeats the same words (driver names, jargon) thousands of times."""
    if not TYPO_MIN_LENGTH <= len(low) <= TYPO_MAX_LENGTH or not low.isalpha():
        return ()
    words = vocabulary()
    if words.english(low) or words.british(low):
        return ()
    candidates = list(dict.fromkeys(_slips(low)))
    common = words.common(candidates)
    return tuple(c for c in candidates if c in common)


def _plain(word: str) -> bool:
    """A word of prose, not an acronym, a constant or a camelCase name."""
    letters = word.replace("'", "").replace("’", "").replace("-", "")
    if len(letters) < MIN_LENGTH:
        return False
    if letters.isupper():
        return False
    rest = letters[1:]
    if rest.isascii():  # every word `_WORD` finds: ASCII letters, two at least here
        return rest.islower()
    return not any(c.isupper() for c in rest)


def misspelt(text: str, known: frozenset[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(word, corrections) for each misspelt word of a piece of prose; `known` words (the
    patch's own vocabulary) and kernel words are never reported."""
    cleaned = _denoised(text)
    for m in _WORD.finditer(cleaned):
        for part, low, fixes in _suspect_parts(m.group(1)):
            if low not in known:
                yield part, fixes
                break


@lru_cache(maxsize=1 << 16)
def _suspect_parts(word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(part, its lower-cased form, corrections) of each part of `word` that is misspelt
    unless the patch knows it, in order. Remembered by the word: the same words come back
    in every patch, and `misspelt` is first asked about every added line of C."""
    if not _plain(word):
        return ()
    words = vocabulary()
    out: list[tuple[str, str, tuple[str, ...]]] = []
    # a hyphenated word is judged by its parts: the dictionary's hyphenated entries are
    # style (re-use, pass-thru), and short parts are prefixes (mis-use, pre-empt)
    parts = [p for p in word.split("-") if len(p) >= 4] if "-" in word else [word]
    for part in parts:
        low = part.lower().replace("’", "'")
        fixes = words.misspelling(low)
        if fixes is None and low.endswith("'s"):
            low = low[:-2]
            fixes = words.misspelling(low)
        if len(low) < MIN_LENGTH or words.kernel(low):
            continue
        if fixes is None:
            fixes = typo_corrections(low) or None
        if fixes is None:
            continue
        out.append((part, low, fixes))
    return tuple(out)


def patch_vocabulary(views: list[FileView]) -> frozenset[str]:
    """Words the patch has reason to use, lower-cased: the parts of the paths it touches
    (`drivers/gpu/drm/gud/`), the identifiers of its C code (as tree-sitter sees them, so
    comments do not count) and their `_`-separated parts (`parm`, `ser`), identifier-looking
    tokens of other files, and every word of the lines it does not add (the file already
    says `affinitized`; a misspelling there is not this patch's)."""
    words: set[str] = set()

    def add(ident: str) -> None:
        words.add(ident.lower())
        words.update(p.lower() for p in ident.split("_") if p)

    for view in views:
        for path in {view.path, view.old_path}:  # drivers/net/wireless/ath/wil6210: `wil`
            for piece in _PATH_PARTS.split(path):
                if piece:
                    add(piece)
        if view.is_c:
            for frag in view.fragments():
                for kind in _IDENTIFIER_NODES:  # a set of words: no order to keep
                    for node in frag.index.nodes(kind):
                        add(frag.text(node))
        for hunk in view.hunks:
            if not view.is_c:
                for ln in hunk.lines:
                    for ident in _IDENT.findall(_denoised(ln.text)):
                        if "_" in ident or any(c.isdigit() for c in ident):
                            add(ident)
            old = [ln.text for ln in hunk.lines if not ln.added] + [t for _, t in hunk.removed]
            for text in old:
                words.update(w.lower() for w in _IDENT.findall(text))
    return frozenset(words)


def _prose_nodes(view: FileView) -> Iterator[tuple[int, str]]:
    """(post-image line, text) of each added line's share of a comment or string."""
    added = view.added_numbers
    for frag in view.fragments():
        for node in frag.index.nodes("comment", "string_literal"):
            if (
                node.type == "string_literal"
                and node.parent is not None
                and (node.parent.type == "preproc_include")
            ):
                continue  # #include "path.h"
            text = frag.text(node)
            if node.type == "string_literal":
                text = _ESCAPE.sub(" ", text)
            for offset, part in enumerate(text.split("\n")):
                row = node.start_point[0] + offset
                line = frag.rows[row] if row < len(frag.rows) else None
                if line is not None and line in added:
                    yield line, part


def message_lines(title: str, message: str) -> Iterator[str]:
    """The title and the prose lines of the commit message (no trailers, quotes, logs)."""
    yield title
    for line in message.splitlines():
        if not line.strip() or line.lstrip().startswith(">") or _TRAILER.match(line):
            continue
        if _LOG_OR_CODE.search(line):
            continue
        yield line


def _message(word: str, fixes: tuple[str, ...], where: str) -> str:
    shown = ", ".join(f"`{f}`" for f in fixes) or "?"
    return f"`{word}` in {where} looks misspelt: {shown}"


# words `_suspect_parts` found nothing in: most words of every text are among them, and a
# set difference drops them before anything is asked of each (bounded: cleared when full)
_CLEAN: set[str] = set()
MAX_CLEAN = 1 << 17


@lru_cache(maxsize=512)
def _suspect(text: str) -> bool:
    """Could anything in `text` be misspelt, whatever the patch knows? Remembered: each
    revision of a series adds the same lines again. The words are judged once each, however
    often the text repeats them (what `misspelt` asks of each, with nothing known), and
    words judged clean in an earlier text are not asked about again."""
    words = set(_WORD.findall(_denoised(text)))
    words -= _CLEAN
    if not words:
        return False
    vocabulary().prefetch(_lookups(words))  # one query for the text, not one per word
    if len(_CLEAN) + len(words) > MAX_CLEAN:
        _CLEAN.clear()
    for word in words:
        if _suspect_parts(word):
            return True
        _CLEAN.add(word)
    return False


def _lookups(words: set[str]) -> Iterator[str]:
    """What `_suspect_parts` will look up of `words` (a few more: a prefetch)."""
    for word in words:
        if not _plain(word):
            continue
        for part in word.split("-"):
            low = part.lower().replace("’", "'")
            yield low
            if low.endswith("'s"):
                yield low[:-2]


def check(ctx: RuleContext) -> Iterator[Hit]:
    prose = list(message_lines(ctx.patch.title, ctx.patch.message))
    c_views = [v for v in ctx.files if v.is_c and v.added]
    # cheap pass first: most patches have no candidate at all, and then nothing is parsed
    # (lines joined by newlines: no pattern of misspelt() crosses a line, so this is the
    # same as asking line by line, in one regex pass)
    suspects = [v for v in c_views if _suspect("\n".join(ln.text for ln in v.added))]
    in_message = _suspect("\n".join(prose))  # one pass for the whole message, likewise
    if not suspects and not in_message:
        return
    known = patch_vocabulary(ctx.patch_files)
    for view in suspects:
        for line, text in _prose_nodes(view):
            for word, fixes in misspelt(text, known):
                yield ctx.hit(
                    view,
                    line,
                    _message(word, fixes, "a comment or string"),
                    word=word,
                    corrections=list(fixes),
                )
    seen: set[str] = set()
    for text in prose:
        for word, fixes in misspelt(text, known):
            if word.lower() not in seen:
                seen.add(word.lower())
                yield ctx.hit(
                    None,
                    None,
                    _message(word, fixes, "the commit message"),
                    word=word,
                    corrections=list(fixes),
                    where="commit message",
                )
