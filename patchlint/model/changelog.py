"""Changelogs as authors write them: where a revision says what changed since the last one.

Read from the cover letter, from a patch's notes below `---` and from its commit message above
it (DRM's `v2:` lines, a `Change log:` block, notes behind a `--` fence), in the forms found in
real archives (tests/model/test_changelog.py keeps a table of real lines and where each came
from):

- a version label opening a line: `v2:`, `V2 -`, `[V2]`, `[v6] -`, `ver #2)`, `v3 -> v4`
  (colon or not), `RFC v1 -> v2:`, `v4->v5:`, `RFCv2 -> v1:`, `v2 changes:`;
- a heading: `Changes in v2`, `Change since RFC V2:`, `Changes since latest v2`, `Since v1:`,
  `In V2:`, `Changes v10 -> v11`, `4. Changes RFC v3 -> RFC v4`, `Changes vs. V1:`,
  `Changes since last version:`, `Change log:`, `Changelog`, `What's new in this version`,
  `Changes` underlined with `====`;
- prose, in a cover letter or the notes: "This version addresses ...", "compared to v1",
  "v10 was based on net by mistake", "I fixed where you pointed", "with the changes suggested
  by Michael", "Rebased on ...", "Resubmitting the patch after ...".

A changelog is cut into entries, one per version step where the author labels them (`v2:`,
`Changes since v2`, `v3 -> v4`), so a reader can tell which step an entry describes. The
shortlog, the diffstat, b4's footer (`base-commit:`, `change-id:`) and quoted lines are never
part of it; neither is b4's unedited template line (`- EDITME: describe what is new ...`) nor
its `- Link to v1:` line, which say nothing about what changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from patchlint import lazyre

_VER = r"(?:rfc[ -]?)?v(?:er(?:sion)?)?\s?#?\s?(\d{1,3})\b"
_VER2 = r"(?:rfc[ -]?)?v?(?:er(?:sion)?)?\s?#?\s?(\d{1,3})\b"
_ARROW = r"\s*(?:->|-->|=>|→|–|-|to|\.\.\.?|vs\.?|/|,)\s*"
_STEP = rf"{_VER}(?:{_ARROW}{_VER2})?"
_LEAD = r"^[\s>]*(?:[-*•+#=]+\s*|\d{1,2}[.)]\s+)?"
# `v2:`, `[V2]`, `ver #2)`, `v3 -> v4`, `V2 - text`, `v2 changes:`
_LABEL = lazyre.compile(
    _LEAD + r"(?:\[\s*" + _STEP + r"\s*\]|\(?\s*" + _STEP + r"\s*\)?\s*"
    r"(?::|(?:-|–)\s(?!\s*(?:rfc[ -]?)?v\d)|$|\s+(?:changes?|changelog|change\s*log|updates?"
    r"|notes?)\b))",
    re.I,
)
_CHANGE_WORD = (
    r"(?:changes?|changed|chagnes?|chnages?|changelog|change\s*-?\s*logs?|updates?"
    r"|differences?|modifications?|revisions?|(?:revision|version|patch)\s+history"
    r"|history|what'?s\s+(?:new|changed)|what\s+changed|new\s+in)"
)
# `Changes in v2`, `Change since RFC V2:`, `Changes v10 -> v11`, `Since v1:`, `In V2:`
_HEADING = lazyre.compile(
    _LEAD
    + r"(?:(?:main|other|major|minor|notable|summary\s+of|list\s+of|pfb)\s+)?"
    + _CHANGE_WORD
    + r"\b(?P<rest>.{0,80})$",
    re.I,
)
_SINCE = lazyre.compile(
    _LEAD
    + r"(?:[A-Za-z]+\s+){0,2}?(?:since|in|from|for|after|vs\.?)\s+"
    + _STEP
    + r"\s*(?:\[\d+\])?\s*(?:[:)\]]|$|-\s|,?\s*(?:changes?|updates?)\b)",
    re.I,
)
_REFERENCE = lazyre.compile(
    rf"{_VER}|\brfc\b|\b(?:last|previous|prior|earlier|latest|this|the\s+new)\s+"
    r"(?:version|revision|posting|series|patch(?:\s*set)?|patchset|submission|spin|round"
    r"|iteration|respin)",
    re.I,
)
# a posting named without its number: `this version`, `the previous revision`
_POSTING = lazyre.compile(
    r"\b(?:last|previous|prior|earlier|latest|this|the\s+new)\s+"
    r"(?:version|revision|posting|series|patch(?:\s*set)?|patchset|submission|spin|round"
    r"|iteration|respin)\b",
    re.I,
)
_BARE_HEADING = lazyre.compile(
    _LEAD + r"(?:(?:main|other|major|minor|notable|pfb)\s+)?(?:changes?|changelog|chagnes?"
    r"|change\s*-?\s*logs?|what'?s\s+new|updates?|revision\s+history|version\s+history"
    r"|history)\s*(?:\(summari[sz]ed\))?\s*:?\s*$",
    re.I,
)
# `Changes` over `=======`
_TITLE = lazyre.compile(
    r"^(?:\d{1,2}[.)]\s*)?(?:changes?|changelog|change\s*log"
    r"|(?:revision|version)\s+history|history)\b[^.]{0,30}$",
    re.I,
)
_UNDERLINE = lazyre.compile(r"^\s*(?:={3,}|-{3,}|~{3,})\s*$")
# prose that says what a revision changed; read in a cover letter or the notes only, in
# paragraphs of at most PROSE_MAX characters
PROSE_MAX = 4000
_PROSE = lazyre.compile(
    r"\b(?:this|the\s+new|the\s+current)\s+(?:version|revision|respin|spin|iteration|round)"
    r"\s+(?:\(v\d+\)\s+)?(?:\w+\s+){0,2}?(?:address|add|is\s+rebased"
    r"|rebase|has|contain|include|change|fix|drop|remove|move|split|post|use|switch|rework"
    r"|update|incorporate|replace|implement|simplif|introduce|only|just|differ|squash|merge"
    r"|take|integrate|now|also|no\s+longer)"
    r"|\bin\s+this\s+(?:version|revision|iteration|spin|respin|round)\b"
    r"|\bv\d{1,3}\s+(?:was|had|did|contained|contains|used|missed|is\s+based)\b"
    r"|\b(?:since|from|over|vs\.?|versus|than|relative\s+to|compared\s+(?:to|with)"
    r"|comparing\s+(?:to|with))\s+(?:rfc\s*)?v\d{1,3}\b"
    r"|\b(?:since|from|over|than|compared\s+(?:to|with)|relative\s+to)\s+the\s+(?:last|previous"
    r"|prior|earlier|first|original|old|rfc)\s+(?:version|revision|posting|series|patch"
    r"|patchset|submission|round|iteration|one|rfc)\b"
    r"|\b(?:addressed|addresses|address|incorporated|incorporates|incorporate|fixed|handled"
    r"|resolved|applied|took\s+care\s+of|taken\s+care\s+of|included|integrated|followed)"
    r"\s+(?:all\s+|most\s+|the\s+|your\s+|his\s+|her\s+|their\s+|some\s+|these\s+|those\s+)?"
    r"(?:[\w-]+'s?\s+|[\w-]+\s+[\w-]+'s?\s+)?(?:review\s+)?"
    r"(?:comments?|feedback|suggestions?|review|remarks?|concerns?|nits?)\b"
    r"|\b(?:changes?|differences?|updates?|delta)\s+(?:to|from|since|vs\.?|over|against"
    r"|compared\s+to)\s+(?:the\s+)?(?:previous|last|prior|earlier|first|original|older)\b"
    r"|\b(?:according\s+to|based\s+on|following|after)\s+(?:the\s+|your\s+|[\w-]+'s\s+)?"
    r"(?:review\s+)?(?:comments?|feedback|review|suggestions?)\b"
    r"|\bsame\s+(?:\w+\s+){0,2}as\s+(?:in\s+)?(?:rfc\s*)?v\d"
    r"|\b(?:most|all|some|the\s+main|the\s+only|the\s+other)\s+(?:of\s+the\s+)?(?:changes|updates)"
    r"\s+(?:are|were|is)\b"
    r"|\bresubmi(?:ssion|t|tting|tted)\b|\bre-?based\s+(?:on|onto|to|against|over)\b"
    r"|\bin\s+(?:the\s+)?(?:earlier|previous|prior|last|older|first)\s+(?:versions?|revisions?"
    r"|postings?|rounds?|iterations?|series|submissions?)\b"
    r"|\b(?:as|per)\s+(?:suggested|requested|pointed\s+out|recommended|asked|proposed"
    r"|discussed)\b|\b(?:changes|edits)\s+(?:suggested|requested|proposed)\s+by\b"
    r"|\bthanks?(?:\s+a\s+lot)?(?:\s+you)?\s+(?:\w+\s+)?for\s+(?:the|your)\s+(?:\w+\s+)?"
    r"(?:comments?|review|feedback|suggestions?)\b[^.\n]{0,200}\n?[^.\n]{0,200}"
    r"\b(?:fixed|changed|updated"
    r"|addressed|done|reworked)\b"
    r"|^[ \t]*(?:-[ \t]*)?(?:re-?based|rebasing|resubmit(?:ting|ted)?"
    r"|resend(?:ing)?\s+(?:with|after"
    r"|because|to)|re-?spin(?:ning)?|(?:just|only)\s+(?:a\s+)?rebase|no\s+(?:other\s+)?changes"
    r"|unchanged\s+(?:since|from)|updated?\s+(?:per|after|based\s+on|according)"
    r"|fixed\s+(?:per|after|where))\b",
    re.I | re.M,
)
_VERBS = (
    r"fix|chang|add|remov|drop|mov|renam|rebas|updat|address|split|squash|reword|simplif"
    r"|rework|replac|switch|convert|introduc|clean|correct|improv|restor|revert|reorder"
    r"|refactor|collect|pick|includ|implement|handl|avoid|document|clarif|adjust|modif"
    r"|resolv|incorporat|us(?:e|ed|ing)\b|mak|made|merg|combin|separat|extend|reduc|limit"
    r"|tweak|polish|dropp|rewrit|rewrot|expand|shorten|retitl|reformat|restructur|undo"
    r"|keep|kept|return|rearrang|elaborat|mention|explain|describ|fold|consolidat"
)
# the notes of a revision: a paragraph that opens with what was done, in the past or as a
# list of imperatives
_DONE = lazyre.compile(rf"^\s*(?:[-*•+]\s*|\d{{1,2}}[.)]\s*)?(?:{_VERBS})\w*\b", re.I)
# where a cover letter's changelog ends: the shortlog, the diffstat, b4's and git's footer
_SHORTLOG = lazyre.compile(r"^\S.*\(\d+\):\s*$")
_DIFFSTAT = lazyre.compile(
    r"^\s*(?:\S.*?\s+\|\s+(?:\d+\s*[+-]*|Bin\b.*)|\d+ files? changed.*|create mode .*"
    r"|delete mode .*|rename .*\(\d+%\)|mode change .*)$"
)
_FOOTER = lazyre.compile(
    r"^(?:base-commit:|change-id:|prerequisite-(?:change|patch)-id:"
    r")"
)
_EDITME = lazyre.compile(r"EDITME", re.I)
_B4_LINK = lazyre.compile(r"^\s*(?:[-*]\s*)?Link to (?:rfc[ -]?)?v\d+\s*:", re.I)
_QUOTED = lazyre.compile(r"^\s*>")
# what a mail client or a word processor makes of ASCII punctuation: "What’s new in this
# version", "Michael’s comments", a no-break space; read as what the author typed
_TYPED = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


@dataclass(frozen=True, slots=True)
class ChangelogEntry:
    """What one part of a changelog says, and the version step it names: `v1 -> v2` is
    (1, 2), `v3:` and `Changes in v3` are (None, 3), `Changes since v2` is (2, None), an
    unlabelled block or prose is (None, None)."""

    since: int | None
    version: int | None
    text: str
    where: str  # cover | notes | message | reply

    def covers(self, old: int, new: int) -> bool:
        """Whether the entry may describe the step from `old` to `new` (unlabelled: yes)."""
        if self.version is not None:
            return self.version == new or (
                self.since is not None and self.since <= old and self.version >= new
            )
        if self.since is not None:
            return self.since <= old
        return True


@dataclass(frozen=True, slots=True)
class Changelog:
    """A revision's changelog as found in one place: its entries, oldest text first."""

    entries: tuple[ChangelogEntry, ...]

    @property
    def text(self) -> str:
        return "\n".join(e.text for e in self.entries).strip()

    def __bool__(self) -> bool:
        return bool(self.text)


def _step(line: str) -> tuple[int | None, int | None]:
    """The version step a heading line names: `v1 -> v2` (1, 2), `v3:` (None, 3),
    `since v2` (2, None)."""
    m = re.search(_STEP, line, re.I)
    if m is None:
        return None, None
    first = int(m.group(1))
    second = int(m.group(2)) if m.group(2) else None
    if second is not None and second > first:
        return first, second
    before = line[: m.start()].lower()
    if re.search(r"\b(?:since|from|after|vs\.?|versus|over|compared\s+to)\s*(?:\w+\s+)?$", before):
        return first, None
    return None, first


def heading_step(line: str, *, strict: bool = False) -> tuple[int | None, int | None] | None:
    """The version step a line opens a changelog with, ((None, None) when it names none),
    or None when it opens none. `strict`: only headings that name a version (what a commit
    message may hold: its words can say "changes" for other reasons)."""
    if len(line) > 160 or _B4_LINK.match(line):
        return None
    line = line.translate(_TYPED)
    if _LABEL.match(line):
        return _step(line)
    m = _HEADING.match(line)
    if m is not None:
        rest = m.group("rest")
        named = re.search(_VER, line, re.I) is not None
        if named or (
            not strict
            and _REFERENCE.search(rest)
            and (len(line.strip()) <= 60 or line.rstrip().endswith(":"))
        ):
            return _step(line)
        # a commit message's words say "changes" for other reasons, but a short heading
        # about the posting itself ("What's new in this version", "Changes from the
        # previous revision:") is a changelog wherever it stands
        if strict and _POSTING.search(rest) and len(line.strip()) <= 60:
            return _step(line)
        if not strict and _BARE_HEADING.match(line):
            return None, None
        return None
    if _SINCE.match(line):
        return _step(line)
    return None


def _own_lines(lines: list[str]) -> list[str]:
    """A cover letter's own words: its shortlog (`Name (N):` and the titles under it), its
    diffstat and b4's footer left out; a changelog may come before or after them."""
    out: list[str] = []
    in_shortlog = False
    for line in lines:
        if _SHORTLOG.match(line):
            in_shortlog = True
            continue
        if in_shortlog:
            in_shortlog = bool(line.strip())  # it ends at a blank line
            if in_shortlog:
                continue
        if _FOOTER.match(line) or (len(line) < 1000 and _DIFFSTAT.match(line)):
            continue
        out.append(line)
    return out


def _clean(lines: list[str]) -> list[str]:
    return [
        line
        for line in lines
        if not _QUOTED.match(line) and not _B4_LINK.match(line) and not _EDITME.search(line)
    ]


def read_changelog(text: str, where: str, *, prose: bool = True, strict: bool = False) -> Changelog:
    """The changelog in `text` (a cover letter, the notes, a commit message): entries from
    each heading to the next, and (with `prose`) paragraphs that describe the revision in
    words. `strict` reads only headings that name a version (for commit messages)."""
    lines = text.split("\n")
    lines = _own_lines(lines)
    starts: list[tuple[int, tuple[int | None, int | None]]] = []
    for i, line in enumerate(lines):
        if _QUOTED.match(line):
            continue
        step = heading_step(line, strict=strict)
        if (
            step is None
            and not strict
            and _TITLE.match(line)
            and i + 1 < len(lines)
            and (_UNDERLINE.match(lines[i + 1]))
        ):
            step = (None, None)
        if step is not None:
            starts.append((i, step))
    entries: list[ChangelogEntry] = []
    first = starts[0][0] if starts else len(lines)
    if prose:
        entries.extend(_prose(lines[:first], where))
    for n, (i, (since, version)) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = _clean(lines[i:end])
        # the heading line itself counts when it carries text after its label (`v2: fix x`)
        chunk = "\n".join(body).strip()
        if chunk and _has_words(body):
            entries.append(ChangelogEntry(since, version, chunk, where))
    return Changelog(tuple(entries))


def _has_words(body: list[str]) -> bool:
    """An entry says something: words after its label or heading (`Changes in v6: None.`
    does), or lines under it."""
    if not body:
        return False
    m = _LABEL.match(body[0]) if len(body[0]) <= 160 else None  # heading_step's bound
    head = body[0][m.end() :] if m else body[0].split(":", 1)[1] if ":" in body[0] else ""
    if re.search(r"[A-Za-z0-9]", head):
        return True
    return any(re.search(r"[A-Za-z0-9]", line) and not _UNDERLINE.match(line) for line in body[1:])


def _prose(lines: list[str], where: str) -> list[ChangelogEntry]:
    """Paragraphs that describe the revision in words; in the notes below `---` (written
    for the reviewers of this revision) also a paragraph that opens with what was done
    ("- fix commit message (Vitaly)", "Resubmitting the patch after ...")."""
    out: list[ChangelogEntry] = []
    paragraph: list[str] = []
    for line in [*lines, ""]:
        if line.strip() and not _QUOTED.match(line):
            paragraph.append(line)
            continue
        if paragraph:
            text = "\n".join(paragraph)
            # a changelog paragraph is short: a longer one is not read (bounds the prose
            # pattern's work on hostile mail; tests/security/redos.py BOUNDED)
            if len(text) <= PROSE_MAX and (
                _PROSE.search(text.translate(_TYPED)) or (where == "notes" and _DONE.match(text))
            ):
                out.append(ChangelogEntry(None, None, text.strip(), where))
            paragraph = []
    return out


# The readers below are asked about the same texts many times per series (each revision's
# changelogs, per patch and for the whole revision, for the report, the changelog analysis
# and the rules): their answers are immutable, so each text is read once.
@lru_cache(maxsize=1024)
def cover_changelog(body: str) -> Changelog:
    """A cover letter's changelog (its signature and everything from the shortlog on cut)."""
    return read_changelog(body.split("\n-- \n")[0], "cover")


@lru_cache(maxsize=1024)
def patch_changelog(message: str, notes: str) -> Changelog:
    """A patch's changelog: its notes below `---` (headings and prose) and its commit
    message above it (headings that name a version, as DRM writes them)."""
    from_notes = read_changelog(notes, "notes")
    from_message = read_changelog(message, "message", prose=False, strict=True)
    return Changelog(from_message.entries + from_notes.entries)


def changelog_text(notes: str) -> str | None:
    """The changelog found in notes or a cover letter, as text, if any."""
    return read_changelog(notes, "notes").text or None
