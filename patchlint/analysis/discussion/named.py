"""Anchors for comments that quote no code but still point at it.

- fixup: the reviewer's own diff after a scissors line (or pasted unquoted), made on top of
  the patch. Its removed and context lines are lines the patch adds or keeps: each hunk of
  the fix-up becomes a focus group at the post-image lines it replaces (a hunk whose lines
  are not in the patch is left out). `adopted` then tells whether a later revision took the
  fix-up: its distinctive added lines are all added by the later patch.
- new code: the comment writes out code the patch does not hold yet (`SZ_16K`, `#include
  <linux/sizes.h>`); a later patch that adds all of it took the point (`names_new_code`).
- named: the comment names an identifier (written as code, see `focus.code_tokens`) that the
  patch's changed lines hold in at most MAX_NAMED_LINES places and that the patch title does
  not hold (a comment mentioning the function a series is about points at nothing in
  particular), or it cites `file.c:123` (a build robot's warning) for a line of the patch,
  or it quotes a string literal of the patch's changed lines (`"Multiple copyin" with
  something more understandable to users...` under the author's words: the panic string).

Each anchored line (each fix-up hunk) is a focus group of its own; the comment's file and
line are those of the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from patchlint import lazyre
from patchlint.analysis.discussion.anchor import DiffIndex, DiffLine, flatten, squash
from patchlint.analysis.discussion.focus import code_text, code_tokens, identifiers
from patchlint.model.patch import Patch

MAX_NAMED_LINES = 3  # an identifier on more changed lines than this points at nothing
MAX_FIXUP_LINES = 2_000  # lines of a fix-up diff read
MIN_ADOPT_CHARS = 6  # added fix-up lines shorter than this (`}`, `return;`) prove nothing
MAX_CITATIONS = 8  # `file:line` citations of one comment looked up
MAX_CITED_CHARS = 20_000

_INCLUDE = lazyre.compile(r"#\s*include\s*[<\"]([\w./+-]{1,120})[>\"]")
MIN_NEW_NAME_CHARS = 4  # shorter names (`len`, `i`) are added everywhere

# a string the comment quotes: two words or more, or one of MIN_LITERAL_CHARS; a changed line
# holding it between double quotes is a C string literal the comment names
_QUOTED_STRING = lazyre.compile(r'"([^"\n]{3,80})"')
MIN_LITERAL_CHARS = 8
MAX_LITERALS = 4  # quoted strings of one comment looked up

_CITATION = lazyre.compile(r"(?<![\w/.-])([\w./+-]{1,200}\.[A-Za-z]{1,4}):(\d{1,7})(?::\d+)?\b")


@dataclass(slots=True)
class NamedAnchor:
    kind: str  # fixup | named
    patch: Patch
    groups: list[list[DiffLine]]
    adopt: list[tuple[str, str]] = field(default_factory=list)  # fix-up: (file, +line key)


def _same_file(a: str | None, b: str | None) -> bool:
    return (
        a is not None and b is not None and (a == b or a.endswith("/" + b) or b.endswith("/" + a))
    )


class Lookup:
    """One patch index read for names: changed lines by identifier, post-image lines by
    number (each built once per index on first use, shared by every comment on it; most
    comments name no identifier and cite no line, and need neither)."""

    def __init__(self, index: DiffIndex, known: dict[str, set[str]] | None = None) -> None:
        """`known`: the identifiers of each changed line's text, kept by the caller for the
        next Lookup (a revision's index repeats the lines of its patches' own)."""
        self.index = index
        self._known = known if known is not None else {}

    @cached_property
    def by_ident(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        known = self._known
        for pos, d in enumerate(self.index.lines):
            if d.kind in "+-":
                names = known.get(d.text)
                if names is None:
                    names = known[d.text] = identifiers(code_text(d))
                for ident in names:
                    out.setdefault(ident, []).append(pos)
        return out

    @cached_property
    def by_line(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for pos, d in enumerate(self.index.lines):
            if d.kind in "+ " and d.line is not None:
                out.setdefault(d.line, []).append(pos)
        return out


def fixup_anchor(fixup: Patch, index: DiffIndex) -> NamedAnchor | None:
    """Where a reviewer's fix-up diff sits in the patch (see the module docstring): per
    fix-up hunk, the patch lines it removes or, for a hunk that only adds, the lines around
    the insertion."""
    lines = flatten(0, "\n".join(fixup.diff.split("\n")[:MAX_FIXUP_LINES]))
    groups: list[list[DiffLine]] = []
    adopt: list[tuple[str, str]] = []
    patch_no: list[int] = []
    hunk: list[tuple[str, DiffLine | None]] = []  # (kind, the patch line it sits on)

    def place(entry: DiffLine) -> DiffLine | None:
        text = squash(entry.text[1:])
        found = [
            p
            for k in ("+" + text, " " + text)
            for p in index.where.get(k, ())
            if _same_file(index.lines[p].file, entry.file)
        ]
        if not found or (len(found) > 1 and len(text) < MIN_ADOPT_CHARS):
            return None
        target = index.lines[min(found)]
        if target.patch is None or (patch_no and target.patch != patch_no[0]):
            return None
        return target

    def close() -> None:
        removed = [d for kind, d in hunk if kind == "-" and d is not None]
        if not any(kind == "-" for kind, _ in hunk):  # only additions: around the insertion
            at = next((n for n, (kind, _) in enumerate(hunk) if kind == "+"), None)
            if at is not None:
                before = next((d for kind, d in reversed(hunk[:at]) if kind == " "), None)
                after = next((d for kind, d in hunk[at:] if kind == " "), None)
                removed = [d for d in (before, after) if d is not None]
        if removed:
            patch_no[:] = patch_no or [removed[0].patch or 0]
            groups.append(removed)
        hunk.clear()

    for entry, key in lines:
        if entry.kind in ("@", "F"):
            close()
            continue
        if entry.kind == "+":
            if len(key) - 1 >= MIN_ADOPT_CHARS and entry.file is not None:
                adopt.append((entry.file, key))
            hunk.append(("+", None))
            continue
        hunk.append((entry.kind, place(entry)))
    close()
    if not groups or not patch_no or patch_no[0] not in index.patches:
        return None
    return NamedAnchor("fixup", index.patches[patch_no[0]], groups, adopt)


def adopted(anchor: NamedAnchor, later: Patch, flat: list[tuple[DiffLine, str]]) -> bool:
    """A later patch adds every distinctive line the fix-up adds, in the same files."""
    if not anchor.adopt:
        return False
    added: dict[str, list[str | None]] = {}
    for entry, key in flat:
        if entry.kind == "+":
            added.setdefault(key, []).append(entry.file)
    return all(any(_same_file(f, file) for f in added.get(key, ())) for file, key in anchor.adopt)


def named_anchor(words: str, lookup: Lookup) -> NamedAnchor | None:
    """The patch lines a comment names by identifier, by `file:line` or by a quoted string
    literal (module docstring)."""
    index = lookup.index
    cited = _cited(words, lookup) or _literal(words, lookup)
    if cited is not None:
        return cited
    positions: list[int] = []
    patch_no: int | None = None
    for token in sorted(code_tokens(words)):
        hits = lookup.by_ident.get(token, [])
        if not hits or len(hits) > MAX_NAMED_LINES:
            continue
        first = index.lines[hits[0]]
        patch = index.patches.get(first.patch) if first.patch is not None else None
        if patch is None or token in identifiers(patch.title):
            continue
        if patch_no is not None and first.patch != patch_no:
            continue
        patch_no = first.patch
        positions.extend(p for p in hits if index.lines[p].patch == patch_no)
    positions = sorted(set(positions))
    if not positions or patch_no is None or len(positions) > MAX_NAMED_LINES:
        return None  # the words name too much to point at one place
    return NamedAnchor("named", index.patches[patch_no], [[index.lines[p]] for p in positions])


def _literal(words: str, lookup: Lookup) -> NamedAnchor | None:
    """The changed lines holding, as a C string literal, a string the comment quotes (in at
    most MAX_NAMED_LINES places, all in one patch)."""
    index = lookup.index
    wanted = [
        m.group(1)
        for m in _QUOTED_STRING.finditer(words[:MAX_CITED_CHARS])
        if len(m.group(1).split()) >= 2 or len(m.group(1)) >= MIN_LITERAL_CHARS
    ][:MAX_LITERALS]
    for text in wanted:
        needle = f'"{text}"'
        hits = [
            p
            for p, d in enumerate(index.lines)
            if d.kind in "+-" and needle in d.text and d.patch is not None
        ]
        if hits and len(hits) <= MAX_NAMED_LINES and len({index.lines[p].patch for p in hits}) == 1:
            patch_no = index.lines[hits[0]].patch
            assert patch_no is not None
            return NamedAnchor("named", index.patches[patch_no], [[index.lines[p]] for p in hits])
    return None


def _cited(words: str, lookup: Lookup) -> NamedAnchor | None:
    index = lookup.index
    for m in list(_CITATION.finditer(words[:MAX_CITED_CHARS]))[:MAX_CITATIONS]:
        path, line = m.group(1), int(m.group(2))
        hits = [
            index.lines[p]
            for p in lookup.by_line.get(line, ())
            if _same_file(index.lines[p].file, path)
        ]
        if hits and hits[0].patch is not None and hits[0].patch in index.patches:
            return NamedAnchor("named", index.patches[hits[0].patch], [hits[:1]])
    return None


def names_new_code(words: str, old: Patch, new: Patch) -> bool:
    """The comment writes out code (identifiers written as code, `#include <...>`) that the
    old patch does not hold anywhere, and the later patch adds all of it (module
    docstring)."""
    headers = set(_INCLUDE.findall(words[:MAX_CITED_CHARS]))
    names = {t for t in code_tokens(words) if len(t) >= MIN_NEW_NAME_CHARS}
    if not headers and not names:
        return False
    held, _, _ = _diff_words(old.diff)
    _, added, added_text = _diff_words(new.diff)
    fresh = [h for h in headers if h not in old.diff] + sorted(names - held)
    # every piece of new code it writes out is there: a list of several issues (a bot's
    # summary) is not settled by one name turning up
    return bool(fresh) and all(f in added_text if f in headers else f in added for f in fresh)


def names_code_not_added(words: str, old: Patch, new: Patch) -> bool:
    """The comment writes out code the old patch does not hold ("Probably __ro_after_init.")
    and the later patch adds none of it."""
    names = {t for t in code_tokens(words) if len(t) >= MIN_NEW_NAME_CHARS}
    held, _, _ = _diff_words(old.diff)
    _, added, _ = _diff_words(new.diff)
    fresh = names - held
    return bool(fresh) and not fresh & added


MIN_WRITTEN_LINE = 12  # characters of a written-out line of code, white space aside
_CODE_PUNCT = frozenset("();{}=[]")


def _code_lines(text: str) -> set[str]:
    """The lines of `text` that read as code (with C punctuation, long enough to be told from
    prose), white space squeezed."""
    out = set()
    for line in text.split("\n"):
        squeezed = " ".join(line.split())
        if len(squeezed) >= MIN_WRITTEN_LINE and _CODE_PUNCT & set(squeezed):
            out.add(squeezed)
    return out


def writes_added_line(words: str, old: Patch, new: Patch) -> bool:
    """The comment writes out a line of code ("Use %pd?" over `dev_err(dev, " not attached
    to %pd\n", d);`) that the old patch does not hold and the later patch adds: the
    reviewer's own line, taken as written."""
    written = _code_lines(words)
    if not written:
        return False
    return bool((written - _diff_lines(old.diff)) & _added_code_lines(new.diff))


@lru_cache(maxsize=64)
def _diff_lines(diff: str) -> frozenset[str]:
    """Every line a diff holds (context, removed, added), white space squeezed; once per
    diff: every comment on a patch asks the same."""
    return frozenset(" ".join(line[1:].split()) for line in diff.split("\n") if line[:1] in " +-")


@lru_cache(maxsize=64)
def _added_code_lines(diff: str) -> frozenset[str]:
    """The lines a diff adds that read as code (`_code_lines`), once per diff."""
    return frozenset(_code_lines(_diff_words(diff)[2]))


@lru_cache(maxsize=64)
def _diff_words(diff: str) -> tuple[frozenset[str], frozenset[str], str]:
    """(identifiers anywhere in a diff, those of the lines it adds, those lines' text), once
    per diff: every comment on a patch asks the same."""
    added = "\n".join(
        line[1:] for line in diff.split("\n") if line.startswith("+") and not line.startswith("+++")
    )
    return frozenset(identifiers(diff)), frozenset(identifiers(added)), added
