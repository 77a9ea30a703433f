"""The point a comment is about inside what it quotes, as groups of diff lines.

A reviewer quotes a whole hunk and asks about one line in it; the comment's words say which
("drop the cast in `foo_bar()`", "`ret` is never set"): the quoted lines that hold an
identifier the comment names are a focus of their own, beside the last FOCUS_LINES quoted
lines (what the comment stands under). A quoted blank added line right above the comment is
part of that tail: "useless empty line" is about it.

Only words that look like code name an identifier here (an `_` or a digit inside, a capital
inside, `()` after, `->`/`.`/`&`/`*` before, or written in backquotes or quotes): a plain
English word that happens to be a variable name ("size", "table") would pull the focus to
unrelated lines.

Each group is followed on its own through later revisions (`status`): the interdiff must
change a line of one of them, or insert lines inside one.

`under_words(quote, last)`: the quote goes on below its last diff line with someone's words
written under that code (a reply's lines, quoted less deep than the code): the comment
stands under those words, not under the code ("Isn't it going to goto out_free_data? ...
Does this patch aim to fix this?" under the author's explanation of his change).
"""

from __future__ import annotations

import functools

from patchlint import lazyre
from patchlint.analysis.discussion.anchor import DiffLine, squash
from patchlint.analysis.discussion.own_words import QLine

FOCUS_LINES = 3  # quoted lines right above a comment whose change addresses it
MAX_NAMED_GROUPS = 3  # quoted lines naming the comment's identifiers, kept as focus
MIN_WORDS_BELOW_CHARS = 24  # someone's words under the quoted code: at least this much text
MAX_WORDS_CHARS = 4_000  # of a comment's words only the start is read for identifiers

_CODE_WORD = lazyre.compile(
    r"(?P<pre>->|[.&*`'\"]|\b)(?P<word>[A-Za-z_][A-Za-z0-9_]{2,80})(?P<post>\(\)|\(|`|'|\")?"
)
_IDENT = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMMON = frozenset(
    {
        "the",
        "this",
        "that",
        "and",
        "not",
        "for",
        "with",
        "use",
        "should",
        "could",
        "would",
        "why",
        "what",
        "here",
        "there",
        "you",
        "can",
        "also",
    }
)


def _code_like(word: str, pre: str, post: str) -> bool:
    # `word` is ASCII (`_CODE_WORD`): case and digit tests on the whole string suffice
    lower = word.lower()
    if lower in _COMMON:
        return False
    inner = word.strip("_")
    if "_" in inner or (word.startswith("__") and len(inner) >= 2):
        return True
    upper = word.upper()
    has_alpha = lower != upper
    if has_alpha and not inner.isalpha():  # a digit among the letters (no `_` inside)
        return True
    if word[1:] != lower[1:] and word != upper:
        return True  # netdevPriv, but not an all-capital acronym such as ATS
    if post in ("()", "(") or pre in ("->", ".", "&", "*"):
        return True
    return pre in ("`", "'", '"') and post == pre


def code_tokens(words: str) -> set[str]:
    """The identifiers a comment names, by how they are written (see the module docstring)."""
    return set(_code_tokens(words[:MAX_WORDS_CHARS]))


@functools.lru_cache(maxsize=1024)
def _code_tokens(words: str) -> frozenset[str]:
    """`code_tokens`, remembered: a comment's words are read for identifiers by its focus,
    its named anchor and its changelog credit."""
    out: set[str] = set()
    for pre, word, post in _CODE_WORD.findall(words):
        # most words are prose: letters, lower-case after the first, nothing around them;
        # `_code_like` says no to each of those (no `_`, no digit, no capital inside, no
        # marker), so it is not asked
        if not pre and not post and word[1:].islower() and word.isalpha():
            continue
        if _code_like(word, pre, post):
            out.add(word)
    return frozenset(out)


def identifiers(text: str) -> set[str]:
    return set(_IDENT.findall(text))


def _names_any(text: str, tokens: set[str]) -> bool:
    """Does `text` hold one of the identifiers `tokens` (each must occur as a substring
    first, which is cheap and rules most lines out)?"""
    return any(t in text for t in tokens) and not identifiers(text).isdisjoint(tokens)


def code_text(line: DiffLine) -> str:
    """A diff line's text without its marker."""
    return line.text[1:] if line.kind in "+- " else line.text


def diff_focus(
    quoted: list[DiffLine], words: str, trailing_blank: DiffLine | None
) -> list[list[DiffLine]]:
    """Focus groups of a diff-anchored comment: the last quoted lines (with a quoted blank
    added line under them), then each quoted line naming an identifier the comment names."""
    if not quoted:
        return []
    tail = quoted[-FOCUS_LINES:]
    if trailing_blank is not None:
        tail = [*tail, trailing_blank]
    groups = [tail]
    tokens = code_tokens(words)
    if tokens:
        named = [d for d in quoted[:-FOCUS_LINES] if _names_any(code_text(d), tokens)]
        groups.extend([d] for d in named[-MAX_NAMED_GROUPS:])
    return groups


def under_words(lines: list[QLine], last: int) -> bool:
    """Do the quoted lines below the quote's last diff line (`last`, an index in `lines`)
    hold someone's words written under that code: lines quoted less deep than it, with
    MIN_WORDS_BELOW_CHARS of text?"""
    if not 0 <= last < len(lines):
        return False
    depth = lines[last].depth
    below = sum(len(squash(q.text)) for q in lines[last + 1 :] if q.depth < depth)
    if below >= MIN_WORDS_BELOW_CHARS:
        return True
    # the last code quoted less deep than the patch above it is the reply's own code, a
    # suggestion ("I think positive case first will be more readable. E.g.: if ( dom ) ...")
    patch_depth = max(q.depth for q in lines[: last + 1])
    if depth >= patch_depth:
        return False
    start = max(n for n in range(last + 1) if lines[n].depth == patch_depth)
    words = sum(len(squash(q.text)) for q in lines[start + 1 : last] if q.depth == depth)
    return words >= MIN_WORDS_BELOW_CHARS
