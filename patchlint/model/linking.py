"""Evidence beyond an exact title that two postings are revisions of one series.

Grouping (model/grouping.py) links a posting to an earlier series by the thread, by a
`Supersedes:` line, then by the same sender posting the same title. Real series break those:

- a tree or release tag added in a later version (`[PATCH]` -> `[PATCH for-4.19 v2]`,
  `[PATCH net v2]`): the title is the same once the tags are set aside. Stable backports are
  the exception: `[PATCH 5.10]` and `[PATCH 5.15]` of one fix are two pieces of work;
- a cover letter retitled, a typo fixed in the title, a patch split in two under a new cover:
  the titles differ, the code does not - the same person posts a higher version whose
  patches change the same lines (or leave a file with the same blob) as the earlier one's;
- a changelog that links the earlier posting (`v1: https://lore.kernel.org/r/<id>`);
- the same version posted twice ("resent because the Cc's were missing"): the same title,
  the same code, the version the series already stands at.

Each rule asks for the same sender and for the version to go up (a re-post aside), so a
posting that restarts at v1 or repeats an old version under a new cover stays new work.
Links by code run last, over whole series (`join_continuations`): a series split in two
keeps its title's line, and only a series that starts at v2 or later with no earlier
posting of its own joins the one it continues.
"""

from __future__ import annotations

import itertools
import re
import urllib.parse
from collections.abc import Iterable

from patchlint import lazyre
from patchlint.model.body import version_from_notes
from patchlint.model.evidence import DiffPrint, diff_print, same_work
from patchlint.model.message import Address, sort_time
from patchlint.model.series import Revision, Series
from patchlint.model.subject import Subject
from patchlint.model.trailers import same_sender

# a stable branch a backport is for: `5.10`, `6.1.y`, `v5.15`, `linux-5.4.y`, `stable-5.10`,
# `5.10-stable` (not `for-4.19`, a release a patch is meant for in the same tree)
_BACKPORT = lazyre.compile(
    r"^(?:stable[-/]?|linux-)?v?\d+\.\d+(?:\.\d+|\.y)?(?:[-.]stable)?$", re.I
)
# what a text links: a URL (its last path part is read in Python), or `<id@host>`
_LINKED_ID = lazyre.compile(r"https?://[^\s<>\"]{1,2000}|<([^<>\s@]{1,250}@[^<>\s@]{1,250})>")


def backport_tags(subject: Subject | None) -> frozenset[str]:
    """The stable branches a subject's prefixes name (lower-cased)."""
    if subject is None:
        return frozenset()
    return frozenset(p.lower() for p in subject.prefixes if _BACKPORT.match(p))


def revision_backports(rev: Revision) -> frozenset[str]:
    subjects = [rev.cover_subject] if rev.cover_subject is not None else []
    subjects.extend(p.subject for p in rev.sorted_patches)
    return frozenset().union(*(backport_tags(s) for s in subjects))


def claimed_version(rev: Revision) -> int | None:
    """The version a posting says it is: its subject's, else its changelog's (`v2: ...`)."""
    if rev.explicit_version is not None:
        return rev.explicit_version
    notes = "\n".join(p.notes for p in rev.sorted_patches)
    if rev.cover is not None:
        notes = rev.cover.body + "\n" + notes
    return version_from_notes(notes)


def series_version(series: Series) -> int:
    """The highest version a series' postings claimed so far (1 when none said)."""
    return max((claimed_version(r) or 1 for r in series.revisions), default=1)


def goes_up(series: Series, rev: Revision) -> bool:
    """The posting claims a version above every posting of the series."""
    version = claimed_version(rev)
    return version is not None and version > series_version(series)


def linked_ids(texts: Iterable[str]) -> list[str]:
    """Message-IDs the texts name, in order: links to an archive (lore, patchwork, any URL
    whose last part is an id) and `<id@host>`."""
    out: list[str] = []
    for text in texts:
        if "@" not in text and "%40" not in text:
            continue
        for m in _LINKED_ID.finditer(text):
            mid = m.group(1) or _url_id(m.group(0))
            if mid and mid not in out:
                out.append(mid)
    return out


def _url_id(url: str) -> str | None:
    """The Message-ID a link to an archive ends in (`.../r/<id>/`, `.../<list>/<id>/T/`)."""
    parts = [p for p in url.split("#")[0].split("?")[0].split("/") if p]
    for part in reversed(parts[2:]):
        mid = urllib.parse.unquote(part)
        if "@" in mid:
            return mid.strip(".,;:)>'\"")
    return None


_ABOUT_VERSION = lazyre.compile(r"\b(?:v\d{1,3}|version|previous|prior|earlier|older|last)\b", re.I)


def version_links(rev: Revision) -> list[str]:
    """Message-IDs the posting's changelog links as an earlier version: a link on a line
    that speaks of a version (`Link to v1: https://lore.kernel.org/r/<id>`, `v2: <id>`,
    `previous version: ...`), in the cover letter or a patch's notes (below `---`). A link
    on any other line (`Depends on ...`, `Reported at ...`) names other work."""
    texts = [rev.cover.body] if rev.cover is not None else []
    texts.extend(p.notes for p in rev.sorted_patches if p.notes)
    lines = [
        line
        for text in texts
        for line in text.splitlines()
        if ("@" in line or "%40" in line) and _ABOUT_VERSION.search(_LINKED_ID.sub(" ", line))
    ]  # b4's ids hold `-v2-`
    return linked_ids(lines)


class Prints:
    """Each revision's diff fingerprint, computed once (grouping links a posting against
    several candidates)."""

    def __init__(self) -> None:
        self._cache: dict[int, DiffPrint] = {}

    def of(self, rev: Revision) -> DiffPrint:
        key = id(rev)
        if key not in self._cache:
            self._cache[key] = diff_print(p.diff for p in rev.sorted_patches)
        return self._cache[key]

    def same(self, a: Revision, b: Revision) -> bool:
        return same_work(self.of(a), self.of(b))


def is_repost(series: Series, rev: Revision, prints: Prints) -> bool:
    """The same version posted again: it is the version the series stands at, its newest
    posting has the same cover title (or neither has a cover), and the code is the same."""
    last = series.revisions[-1]
    if rev.explicit_version is None or last.explicit_version != rev.explicit_version:
        return False
    if series_version(series) != rev.explicit_version:
        return False
    if (last.cover_subject is None) != (rev.cover_subject is None):
        return False
    if (
        last.cover_subject is not None
        and rev.cover_subject is not None
        and (last.cover_subject.normalized_title != rev.cover_subject.normalized_title)
    ):
        return False
    return prints.same(last, rev)


def _first_version(series: Series) -> int | None:
    return claimed_version(series.revisions[0])


def _links_into(series: Series, earlier: Series) -> bool:
    """A posting of `series` names a posting of `earlier` as its earlier version."""
    ids = {k for r in earlier.revisions for k in r.message_keys}
    return any(mid in ids for r in series.revisions for mid in version_links(r))


def continues(earlier: Series, later: Series, prints: Prints) -> bool:
    """`later` is more postings of `earlier`'s work: the same sender; a first posting at v2 or
    higher; versions that fit into `earlier`'s (none taken there, and in date order the
    versions still go up); and either the same code as `earlier`'s newest posting before
    it or a changelog link to `earlier`."""
    first = later.revisions[0]
    version = _first_version(later)
    if version is None or version <= 1:
        return False
    if not same_sender(earlier.author, first.author):
        return False
    taken = {claimed_version(r) or 1 for r in earlier.revisions}
    if any((claimed_version(r) or 1) in taken for r in later.revisions):
        return False
    merged = sorted(
        [*earlier.revisions, *later.revisions], key=lambda r: (sort_time(r.date), r.key)
    )
    # an unversioned posting is a v1, unless it says RESEND (of whatever came before)
    said = [v for r in merged if (v := claimed_version(r) or (None if r.resend else 1)) is not None]
    if any(b < a for a, b in itertools.pairwise(said)):
        return False
    start = sort_time(first.date)
    before = [r for r in earlier.revisions if sort_time(r.date) <= start]
    if not before:
        return False
    return prints.same(before[-1], first) or _links_into(later, earlier)


def join_continuations(series: list[Series], prints: Prints) -> list[Series]:
    """Join each series that starts at v2 or later to the series it continues under another
    title (a retitled cover letter, a fixed typo, a patch split in two under a new cover):
    see `continues`. Title and thread links come first (grouping's first pass), so a series
    forked in two keeps its title's line, and the part with the new title starts anew. The
    newest candidate wins; `series` keeps its order."""
    kept: list[Series] = []
    ordered = sorted(series, key=lambda s: (sort_time(s.revisions[0].date), s.revisions[0].key))
    joined: set[int] = set()
    # every later series is held against every kept one (pairs grow with the square of the
    # archive): the sender test `continues` makes first is remembered by the two addresses
    senders: dict[tuple[Address, Address], bool] = {}

    def same_senders(earlier: Series, later: Series) -> bool:
        pair = (earlier.author, later.revisions[0].author)
        if pair not in senders:
            senders[pair] = same_sender(*pair)
        return senders[pair]

    for later in ordered:
        if (_first_version(later) or 1) > 1:
            # (the sort is stable: the sender's series keep their order among all of them)
            for earlier in sorted(
                (s for s in kept if same_senders(s, later)),
                key=lambda s: sort_time(s.revisions[-1].date),
                reverse=True,
            ):
                if continues(earlier, later, prints):
                    earlier.revisions.extend(later.revisions)
                    earlier.revisions.sort(key=lambda r: (sort_time(r.date), r.key))
                    joined.add(id(later))
                    break
        if id(later) not in joined:
            kept.append(later)
    return [s for s in series if id(s) not in joined]
