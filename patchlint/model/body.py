"""Split a mail body into its parts: in-body headers, commit message, trailers, notes after
`---`, diffstat, the diff and the signature; a reply at its scissors line and without quotes.

Follows git mailinfo's rules for where the patch starts (`---`, `diff -`, `Index: `,
`--- <file>`), so `git am` and patchlint agree on what is message and what is patch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from patchlint import lazyre
from patchlint.model.changelog import read_changelog
from patchlint.model.trailers import Trailer, parse_trailer_line, split_trailer_block

_INBODY = lazyre.compile(r"^(From|Subject|Date):\s?(.*)$")
_DIFFSTAT_LINE = lazyre.compile(
    r"^\s*(\S.*?\s+\|\s+(\d+\s*[+-]*|Bin\b.*)|\d+ files? changed.*|create mode .*|delete mode .*"
    r"|rename .*\(\d+%\)|mode change .*)$"
)
# git mailinfo's patchbreak() and the first line of a diff, as searches over the whole body
_PATCHBREAK = lazyre.compile(r"^(?:diff -|Index: |---(?: \S|[ \t\f\v]*$))", re.M)
# the first line of a diff (with the next line where one line cannot tell)
DIFF_START = lazyre.compile(
    r"^(?:diff --git |diff -[rupN]|Index: \S[^\n]*\n(?:====|--- )|--- \S[^\n]*\n\+\+\+ )", re.M
)
_HG_HEADER = lazyre.compile(r"^# (User|Date|Node ID|Parent|Branch|Branch) ?(.*)$")
SIGNATURE = "-- "
_PURE_SCISSORS = lazyre.compile(r"^\s*(?:-+\s*)?(?:8<|>8)[-\s]*$")


def is_scissors(line: str) -> bool:
    """git's is_scissors_line(), accepting a 5-character mark such as `8<---`."""
    scissors = gap = perforation = 0
    in_perf = False
    first = last = -1
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            if in_perf:
                perforation += 1
                gap += 1
            i += 1
            continue
        last = i
        if first < 0:
            first = i
        if c == "-":
            in_perf = True
            perforation += 1
            i += 1
            continue
        if line.startswith((">8", "8<", ">%", "%<"), i):
            in_perf = True
            perforation += 2
            scissors += 2
            i += 2
            continue
        in_perf = False
        i += 1
    visible = last - first + 1 if first >= 0 else 0
    short_mark = visible >= 5 and _PURE_SCISSORS.match(line) is not None
    marked = bool(scissors) and (visible >= 8 or short_mark)
    return marked and visible < perforation * 3 and gap * 2 < perforation


@dataclass(slots=True)
class PatchBody:
    """The parts of a patch mail's body (or of an hg export / a proposal after scissors)."""

    message: str = ""
    trailers: list[Trailer] = field(default_factory=list)
    log: str = ""  # everything above the patch break: message and trailers, as git am keeps
    patch: str = ""  # everything from the patch break on, as git mailinfo writes it
    notes: str = ""
    diffstat: str = ""
    diff: str = ""
    signature: str = ""
    inbody: dict[str, str] = field(default_factory=dict)
    hg: dict[str, str] = field(default_factory=dict)

    @property
    def has_diff(self) -> bool:
        return bool(self.diff.strip())


def _strip_inbody_headers(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading `From:`/`Subject:`/`Date:` lines (or a `[PATCH] title` line) in the body
    override the mail's headers, as git mailinfo reads them."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    headers: dict[str, str] = {}
    j = i
    while j < len(lines):
        line = lines[j]
        m = _INBODY.match(line)
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
        elif line.startswith("[PATCH]") and line[7:8].isspace():
            key, value = "subject", line
        else:
            break
        j += 1
        while j < len(lines) and lines[j][:1] in (" ", "\t") and lines[j].strip():
            value += " " + lines[j].strip()
            j += 1
        headers[key] = value
    if not headers:
        return {}, lines
    while j < len(lines) and not lines[j].strip():
        j += 1
    return headers, lines[j:]


_PREFACE_LINES = 20
_SIGNOFF = lazyre.compile(r"^Signed-off-by:", re.I)


def _strip_preface(lines: list[str]) -> tuple[list[str], list[str]]:
    """A few lines to the list, a `---` line, then the patch with its own in-body `From:`
    ("I guess we can do that on top.\n---\nFrom: ...\n\nmessage\nSigned-off-by: ...").
    The lines above the `---` are a note, not the commit message: the patch, its author and
    its sign-off start after it (git am would keep the note as the message; maintainers take
    the patch below it). Returns the note's lines and the patch's."""
    for k, line in enumerate(lines[: _PREFACE_LINES + 1]):
        if _SIGNOFF.match(line) or line.startswith(("diff -", "Index: ")):
            return [], lines
        if line.rstrip() != "---":
            continue
        j = k + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        m = _INBODY.match(lines[j]) if j < len(lines) else None
        if m and m.group(1) == "From" and "@" in m.group(2) and any(x.strip() for x in lines[:k]):
            return lines[:k], lines[j:]
        return [], lines
    return [], lines


def _strip_hg_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """`hg export` header lines: who, when, which parent the patch claims."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].startswith("# HG changeset patch"):
        return {}, lines
    info: dict[str, str] = {}
    i += 1
    while i < len(lines) and lines[i].startswith("# "):
        m = _HG_HEADER.match(lines[i])
        if m:
            info[m.group(1).lower()] = m.group(2).strip()
        i += 1
    return info, lines[i:]


def split_patch_body(text: str, *, inbody_headers: bool = True) -> PatchBody:
    """Split `text` (a patch mail body) into its parts; a body without a diff keeps it all
    in `message` and `notes`."""
    lines = text.split("\n")
    out = PatchBody()
    out.hg, lines = _strip_hg_header(lines)
    preface: list[str] = []
    if inbody_headers:
        out.inbody, lines = _strip_inbody_headers(lines)
        if not out.inbody:
            preface, lines = _strip_preface(lines)
            if preface:
                out.inbody, lines = _strip_inbody_headers(lines)
    n = len(lines)
    joined = "\n".join(lines)
    brk = _line_of(joined, _PATCHBREAK.search(joined), n)
    diff_at = n
    if brk < n:
        offset = sum(len(line) + 1 for line in lines[:brk])
        diff_at = _line_of(joined, DIFF_START.search(joined, offset), n)
    message_lines = lines[:brk]
    # a `---` separator line is not part of the notes; a break that is the diff's first line
    # leaves no notes at all
    separator = brk < n and diff_at != brk and lines[brk].startswith("---")
    between = lines[brk + 1 : diff_at] if separator else lines[brk:diff_at]
    diff_lines = lines[diff_at:]
    sig_at = _signature_start(diff_lines) if diff_lines else None
    if sig_at is not None:
        out.signature = "\n".join(diff_lines[sig_at:])
        diff_lines = diff_lines[:sig_at]
    elif diff_at == n:
        sig_at = _signature_start(between)
        if sig_at is not None:
            out.signature = "\n".join(between[sig_at:])
            between = between[:sig_at]
    if diff_at == n and brk == n:
        sig_at = _signature_start(message_lines)
        if sig_at is not None:
            out.signature = "\n".join(message_lines[sig_at:])
            message_lines = message_lines[:sig_at]
    out.log = "\n".join(message_lines).strip("\n")
    out.patch = "\n".join(lines[brk:])
    out.message, out.trailers = split_message(out.log)
    stat: list[str] = []
    notes: list[str] = []
    for line in between:
        is_stat = len(line) < 1000 and _DIFFSTAT_LINE.match(line) is not None
        (stat if is_stat else notes).append(line)
    out.diffstat = "\n".join(stat)
    out.notes = "\n".join(preface + notes).strip("\n")
    out.diff = _trim_diff("\n".join(diff_lines))
    return out


def split_message(log: str) -> tuple[str, list[Trailer]]:
    """The commit message and its trailers, when the sign-off is not the last thing above
    the `---`.

    git finds the trailer block in the last paragraph only. Real patches put things after
    it that `git am` keeps in the message but that hide the block from that rule: a version
    changelog (`Change log:`, `changes from v5:`, `v2: ...`), notes fenced by a `--` or
    `--------` line (a mistyped `---`), and a squash leftover (`fixup! subject`,
    `[fixup] helper`, a stray word). When the last paragraphs hold no trailer block, the
    block is the trailer paragraph ending in a `Signed-off-by` just above such a tail; the
    tail stays in the message (git would commit it), the trailers are the block's."""
    message, trailers = split_trailer_block(log)
    if trailers:
        return message, trailers
    lines = log.rstrip().split("\n")
    cut = _tail_start(lines)
    if cut is None:
        return message, trailers
    head, block = split_trailer_block("\n".join(lines[:cut]))
    if not any(t.canonical == "Signed-off-by" for t in block):
        return message, trailers
    tail = "\n".join(lines[cut:]).strip("\n")
    return (head + "\n\n" + tail).strip("\n") if head else tail, block


_DASH_FENCE = lazyre.compile(r"^-{2}(?:-{3,})?\s*$")  # `--`, `-----...` (`---` is git's own break)
_TAIL_START = lazyre.compile(
    r"^\s*(?:change[\s-]*log|changes?\s+(?:in|since|from|for)\s+v?\d+|changes?\s*:"
    r"|v\d+\s*(?:(?:->|→|-|to)\s*v?\d+\s*)?:|(?:revision|version)\s+history\b|history\s*:)",
    re.I,
)
_LEFTOVER = lazyre.compile(r"^\s*(?:fixup!|squash!|amend!|\[\s*(?:fixup|squash)\b)", re.I)
_LEFTOVER_WORDS = 4


def _tail_start(lines: list[str]) -> int | None:
    """Where a tail after a sign-off starts (see `split_message`), or None: the first dash
    fence after a trailer line; else the last paragraph when it is a squash leftover; else
    the first paragraph after a trailer paragraph that starts a changelog."""
    for i, line in enumerate(lines):
        if _DASH_FENCE.match(line) and i > 0 and _is_trailer_line(_last_text(lines, i)):
            return i
    paragraphs = _paragraph_starts(lines)
    if len(paragraphs) < 2:
        return None
    last = paragraphs[-1]
    body = [line for line in lines[last:] if line.strip()]
    leftover = len(body) <= 2 and (
        _LEFTOVER.match(body[0]) is not None
        or (
            len(body) == 1
            and len(body[0].split()) <= _LEFTOVER_WORDS
            and not body[0].rstrip().endswith((".", ":", "?", "!"))
        )
    )
    if leftover and _is_trailer_line(_last_text(lines, last)):
        return last
    for start in paragraphs[1:]:
        if _TAIL_START.match(lines[start]) and _is_trailer_line(_last_text(lines, start)):
            return start
    return None


def _paragraph_starts(lines: list[str]) -> list[int]:
    return [
        i for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())
    ]


def _last_text(lines: list[str], before: int) -> str:
    """The last non-blank line above `before`."""
    for line in reversed(lines[:before]):
        if line.strip():
            return line
    return ""


def _is_trailer_line(line: str) -> bool:
    return parse_trailer_line(line.strip()) is not None


def _line_of(text: str, match: re.Match[str] | None, default: int) -> int:
    return default if match is None else text.count("\n", 0, match.start())


def _signature_start(lines: list[str]) -> int | None:
    for i in range(len(lines) - 1, -1, -1):
        if lines[i] == SIGNATURE or lines[i].startswith("_______________________________________"):
            return i
    return None


def _trim_diff(diff: str) -> str:
    diff = diff.rstrip("\n")
    return diff + "\n" if diff else ""


def changelog_text(notes: str) -> str | None:
    """The version changelog found in notes or a cover letter, if any (`v2: ...`; every
    form `model.changelog` knows)."""
    return read_changelog(notes, "notes").text or None


_NOTE_VERSION = lazyre.compile(
    r"^\s*(?:[-*]\s*)?(?:v([0-9]{1,3})\s*:|changes\s+(?:in|for)\s+v([0-9]{1,3})"
    r"|changes\s+(?:since|from)\s+v([0-9]{1,3})|v([0-9]{1,3})\s*(?:->|→|to)\s*v([0-9]{1,3}))",
    re.I | re.M,
)


def version_from_notes(notes: str) -> int | None:
    """The revision a changelog describes: `v3:` or `Changes in v3` -> 3, `since v2` -> 3."""
    best: int | None = None
    for m in _NOTE_VERSION.finditer(notes):
        if m.group(1):
            v = int(m.group(1))
        elif m.group(2):
            v = int(m.group(2))
        elif m.group(3):
            v = int(m.group(3)) + 1
        else:
            v = int(m.group(5))
        if v < 100:
            best = v if best is None else max(best, v)
    return best


_QUOTE = lazyre.compile(r"^ ?>")


def split_scissors(text: str) -> tuple[str, str | None]:
    """(text above, proposal below) at the first unquoted scissors line, else (text, None)."""
    if "8<" not in text and ">8" not in text and "%<" not in text:
        return text, None  # no line can be one (most replies): not split into lines at all
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if (
            ("8<" in line or ">8" in line or "%<" in line)
            and not _QUOTE.match(line)
            and (is_scissors(line))
        ):
            return "\n".join(lines[:i]), "\n".join(lines[i + 1 :])
    return text, None


def unquoted_text(text: str) -> str:
    """Every line of a reply not quoted, above the signature: where b4 collects a reply's
    trailers from, so trailer collection reads it too. (What the discussion analyses read
    as the sender's own words is `analysis.discussion.own_words`, which also cuts list
    footers, forwarded originals, pasted diffs and attribution lines.)"""
    own = text.split("\n-- \n", 1)[0]
    if own.startswith("-- \n"):
        return ""
    return "\n".join(line for line in own.split("\n") if not _QUOTE.match(line))
