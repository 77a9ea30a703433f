"""Does a later revision's changelog say it did what a comment asked?

Authors list what each revision changed, often in the reviewer's words and with their name:
"v3: use kcalloc (Simon)", "Extend the commit message to explain why stdout/stderr aren't
closed". When the code a comment points at did not change, a changelog entry new in the
next revision that shares the comment's distinctive words says the point was taken anyway
(an explanation added to the message, the change made elsewhere).

A bulleted entry wrapped over indented lines is one entry (the name often ends its last
line). An entry credits a comment when it names the commenter and shares a distinctive word
with it (a word of at least MIN_WORD letters that is not common English or a changelog verb, or an
identifier written as code), or shares MIN_SHARED such words one of which is an identifier,
or MIN_PLAIN plain words. Words of the patch's and the revision's titles and file names do
not count (every entry of the series names what it is about), nor do entries with a link.
Only the entries the new revision added count: a changelog that repeats the earlier
revisions' entries is cut to what is new.
"""

from __future__ import annotations

import functools
import re

from patchlint import lazyre
from patchlint.analysis.discussion.focus import code_tokens
from patchlint.model.message import Address

MIN_WORD = 5
MIN_SHARED = 2
MIN_PLAIN = 3
MAX_CHARS = 4_000  # of a comment and of a changelog, only the start is read

_WORD = lazyre.compile(r"[A-Za-z][A-Za-z0-9_]{3,40}")
_COMMON = frozenset(
    (
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "although",
        "always",
        "another",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "cannot",
        "change",
        "changed",
        "changes",
        "could",
        "does",
        "doing",
        "done",
        "during",
        "each",
        "either",
        "else",
        "enough",
        "even",
        "every",
        "first",
        "following",
        "from",
        "further",
        "have",
        "having",
        "here",
        "however",
        "into",
        "itself",
        "just",
        "least",
        "less",
        "like",
        "made",
        "make",
        "makes",
        "making",
        "many",
        "maybe",
        "might",
        "more",
        "most",
        "much",
        "must",
        "need",
        "needed",
        "needs",
        "never",
        "other",
        "otherwise",
        "over",
        "patch",
        "patches",
        "perhaps",
        "please",
        "rather",
        "really",
        "same",
        "should",
        "since",
        "some",
        "something",
        "still",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "things",
        "think",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "under",
        "until",
        "upon",
        "used",
        "uses",
        "using",
        "very",
        "want",
        "wants",
        "well",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "will",
        "with",
        "within",
        "without",
        "would",
        "your",
        "version",
        "series",
        "comment",
        "comments",
        "instead",
        "better",
        "thanks",
        "added",
        "adding",
        "removed",
        "remove",
        "fixed",
        "fixing",
        "updated",
        "update",
        "moved",
        "dropped",
        "renamed",
        "rename",
        "replaced",
        "replace",
        "switched",
        "changed",
        "handle",
        "handling",
        "correctly",
        "properly",
        "proper",
        "issue",
        "issues",
        "problem",
        "suggested",
        "review",
        "reviewed",
        "already",
        "https",
        "http",
        "lore",
        "kernel",
        "org",
    )
)


@functools.lru_cache(maxsize=2048)
def _words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(distinctive plain words, identifiers) of a text, lower-cased; remembered, since every
    comment of a series is held against the same changelog entries."""
    text = text[:MAX_CHARS]
    plain = frozenset(
        w.lower() for w in _WORD.findall(text) if len(w) >= MIN_WORD and w.lower() not in _COMMON
    )
    return plain, frozenset(t.lower() for t in code_tokens(text))


_BULLET = lazyre.compile(r"^(\s*)(?:[-*+•]|\d+[.)])\s+\S")


def entries(text: str) -> list[str]:
    """A changelog's entries: a bulleted entry wrapped over lines indented past its bullet
    is one entry ("* After processing ..., also set the\n  table length ... [Jason
    Donenfeld]"); any other line is an entry of its own. White space folded."""
    out: list[str] = []
    indent: int | None = None  # the column of the open entry's bullet
    for line in text[:MAX_CHARS].split("\n"):
        if not line.strip():
            indent = None
            continue
        lead = len(line) - len(line.lstrip())
        bullet = _BULLET.match(line)
        if indent is not None and bullet is None and lead > indent:
            out[-1] += " " + " ".join(line.split())
            continue
        indent = len(bullet.group(1)) if bullet is not None else None
        out.append(" ".join(line.split()))
    return out


def new_entries(before: str | None, after: str | None) -> list[str]:
    """The entries of `after` (a revision's changelog) that `before` does not hold."""
    return list(_new_entries(before or "", after or ""))


@functools.lru_cache(maxsize=256)
def _new_entries(before: str, after: str) -> tuple[str, ...]:
    """`new_entries`, remembered: every comment on a patch asks it of the same two
    changelogs."""
    seen = set(entries(before))
    return tuple(e for e in entries(after) if e not in seen)


def _names(entry: str, who: Address) -> bool:
    low = entry.lower()
    parts = [p for p in re.split(r"[\s,.]+", who.name.lower()) if len(p) >= 3]
    local = who.email.split("@")[0].lower()
    return any(re.search(r"\b" + re.escape(p) + r"\b", low) for p in parts) or (
        len(local) >= 3 and local in low
    )


def credits(
    words: str, who: Address, entries: list[str], about_text: str = "", promised: bool = False
) -> bool:
    """Does one of the changelog `entries` say the comment (`words`, by `who`) was done?
    `about_text` (titles, file names) holds what the whole series is about. When the author
    `promised` the change in the thread ("Yes, will do."), MIN_SHARED distinctive words
    suffice: the entry then only has to say which point it is ("add comment at the top of
    the function to document that end is inclusive" for "can we at least document on top of
    the function whether ... 'end' ... excluded or included?")."""
    about = {w for part in _words(about_text) for w in part} | {
        w.lower() for w in _WORD.findall(about_text)
    }
    plain, idents = _words(words)
    plain, idents = plain - about, idents - about
    if not plain and not idents:
        return False
    for entry in entries:
        if "://" in entry:
            continue  # a link to an earlier posting
        e_plain, e_idents = _words(entry)
        shared_idents = idents & (e_idents | e_plain)
        shared = (plain & (e_plain | e_idents)) | shared_idents
        if (
            (shared and _names(entry, who))
            or len(shared) >= MIN_PLAIN
            or (shared_idents and len(shared) >= MIN_SHARED)
            or (promised and len(shared) >= MIN_SHARED)
        ):
            return True
    return False
