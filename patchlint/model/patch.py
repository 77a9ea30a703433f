"""A patch: commit message, trailers, notes (changelog), diffstat and diff of one mail.

The diff is kept as text; `files` is read cheaply from its headers, and the full unidiff parse
happens only when a later stage asks for it (`parse_diff`), so grouping a large archive does
not pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from patchlint import lazyre
from patchlint.model.address import parse_address
from patchlint.model.body import PatchBody, split_patch_body
from patchlint.model.diff import strip_path_prefixes
from patchlint.model.message import Address, Message
from patchlint.model.subject import Subject, parse_subject
from patchlint.model.trailers import Trailer

_PULL = lazyre.compile(
    r"(are available in the [Gg]it repository at|^The following changes since commit [0-9a-f]{7,})",
    re.M,
)
_BASE_COMMIT = lazyre.compile(r"^base-commit:\s*([0-9a-f]{7,40})\s*$", re.M)
_HG_DIFF_REV = lazyre.compile(r"^diff -r ([0-9a-f]{12,40}) ", re.M)
_SUPERSEDES = lazyre.compile(r"^Supersedes:\s*<?([^<>\s]+)>?\s*$", re.M | re.I)


@dataclass(slots=True)
class Patch:
    """One patch as posted (in a revision, or proposed inside a reply)."""

    message_key: str
    message_id: str | None
    subject: Subject
    title: str  # the commit subject: an in-body `Subject:` wins over the mail's
    author: Address
    date: datetime | None
    message: str
    trailers: tuple[Trailer, ...]
    notes: str
    diffstat: str
    diff: str
    kind: str  # git | hg | cvs | plain | none
    base: str | None = None
    files: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)
    # the mail's addressing, kept so a reply can be threaded and addressed like a human's
    to_header: str = ""
    cc_header: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()

    @property
    def index(self) -> int:
        return self.subject.index or 1


def is_pull_request(msg: Message) -> bool:
    """A `git request-pull` mail: names a repository to pull, is not a patch to apply."""
    return _PULL.search(msg.body) is not None


def diff_kind(diff: str) -> str:
    """git, hg (Mercurial `diff -r`), cvs (`Index:`), plain (`diff -u`/quilt) or none."""
    if not diff.strip():
        return "none"
    head = diff.lstrip()
    if head.startswith("diff --git ") or "\ndiff --git " in diff:
        return "git"
    if head.startswith("diff -r ") or "\ndiff -r " in diff:
        return "hg"
    if head.startswith("Index: "):
        return "cvs"
    return "plain"


_FILE_HEADER = lazyre.compile(
    r"^(?:diff --git (\S+) (\S+)|--- ([^\n]*)\n\+\+\+ ([^\n]*)|rename to ([^\n]*)"
    r"|Binary files [^\n]*)$",
    re.M,
)


def diff_files(diff: str) -> tuple[str, ...]:
    """Paths a diff touches (post-image names; the old name for a deletion), in order.

    Only file header lines are looked at (one regex pass), which keeps this cheap enough to
    run on every patch of a whole archive."""
    files: list[str] = []
    git_names: tuple[str, str] | None = None
    named = False  # the current `diff --git` section has given its name already

    def add(path: str) -> None:
        if path and path != "/dev/null" and path not in files:
            files.append(path)

    def flush() -> None:
        if git_names is not None and not named:
            add(git_names[1] if git_names[1] != "/dev/null" else git_names[0])

    for m in _FILE_HEADER.finditer(diff):
        if m.group(1) is not None:
            flush()
            git_names = strip_path_prefixes(m.group(1), m.group(2))
            named = False
        elif m.group(3) is not None:
            old, new = strip_path_prefixes(m.group(3), m.group(4))
            add(new if new != "/dev/null" else old)
            named = True
        elif m.group(5) is not None and git_names is not None:
            add(m.group(5).strip())
            named = True
        elif git_names is not None:
            flush()
            named = True
    flush()
    return tuple(files)


def build_patch(msg: Message, subject: Subject, body: PatchBody | None = None) -> Patch:
    """A Patch from a patch mail; a patch attachment supplies the diff (and, for an hg export,
    the commit message when the mail body has none)."""
    body = body or split_patch_body(msg.body)
    diff = body.diff
    notes = body.notes
    message = body.message
    trailers = list(body.trailers)
    hg = dict(body.hg)
    for att in msg.attachments:
        part = split_patch_body(att.text)
        if part.has_diff:
            diff = (diff + "\n" if diff else "") + part.diff
        hg = hg or part.hg
        if not trailers and part.trailers:
            trailers = list(part.trailers)
        if not message.strip() and part.message.strip():
            message = part.message
        if part.notes and part.notes not in notes:
            notes = (notes + "\n" + part.notes).strip()
    # In-body headers count only when the mail carries a patch (git mailinfo's rule).
    author = msg.author
    title = subject.title
    if diff.strip():
        if "from" in body.inbody:
            author = inbody_author(body.inbody["from"])
        if "subject" in body.inbody:
            title = parse_subject(body.inbody["subject"]).title
    # the revision the diff was taken against; an hg export's `# Parent` is the fallback
    hg_rev = _HG_DIFF_REV.search(diff)
    base = hg_rev.group(1) if hg_rev else hg.get("parent")
    if base is None:
        m = _BASE_COMMIT.search(body.signature + "\n" + diff + "\n" + notes)
        base = m.group(1) if m else None
    return Patch(
        message_key=msg.key,
        message_id=msg.message_id,
        subject=subject,
        title=title,
        author=author,
        date=msg.date,
        message=message,
        trailers=tuple(trailers),
        notes=notes,
        diffstat=body.diffstat,
        diff=diff,
        kind=diff_kind(diff),
        base=base,
        files=diff_files(diff),
        to_header=msg.to_header,
        cc_header=msg.cc_header,
        in_reply_to=msg.in_reply_to,
        references=msg.references,
    )


def inbody_author(value: str) -> Address:
    """An in-body `From:`; one without an address is void, as git mailinfo treats it."""
    if "@" not in value:
        return Address(name="", email="")
    return parse_address(value)


def supersedes_ids(text: str) -> list[str]:
    """Message-IDs named in `Supersedes:` lines (patchew's convention)."""
    return _SUPERSEDES.findall(text)
