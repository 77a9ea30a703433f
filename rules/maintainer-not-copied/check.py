"""MA003: the maintainers (`M:`), reviewers (`R:`) and lists (`L:`) of the most specific
MAINTAINERS sections a posted patch touches that neither the patch nor its cover letter was
addressed to; and a new file no section but the catch-all (THE REST) covers, as an info.

Judged on the revision that matters (the newest posting, or the one applied), on what its
sender controls: the patch mail's and the cover's To/Cc (a maintainer copied on the cover
but not on the patch was sent the series: b4 and `git send-email --cc-cover` practice
differs, and the linux-hyperv archive has both), and the sender and the patch's author
themselves. Addresses compare case-insensitively, by address only; a list's DMARC rewrite
of `From:` plays no part (only To/Cc are read). Files no section covers (a Linux path
judged by Xen's MAINTAINERS), carried patches of a partial re-roll and sections reached
only through the catch-all are left alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from patchlint import lazyre
from patchlint.analysis.approval.model import FileApproval
from patchlint.engine.series_context import SeriesContext, SeriesHit
from patchlint.maintainers.file import Section
from patchlint.model.address import parse_address_list
from patchlint.model.patch import Patch
from patchlint.model.series import Revision

# one list under several host names: Xen's lists moved to lists.xenproject.org in 2014
_LIST_HOSTS = {
    "lists.xen.org": "lists.xenproject.org",
    "lists.xensource.com": "lists.xenproject.org",
}
_STABLE = lazyre.compile(r"(?i)^(?:autosel|stable|\d+\.\d+(?:\.\d+|\.y)?(?:-stable)?)$")
_NEW_FILE = lazyre.compile(r"^--- /dev/null\n\+\+\+ (?:b/)?(\S+)", re.M)


def _norm(addr: str) -> str:
    local, _, host = addr.strip().lower().partition("@")
    return f"{local}@{_LIST_HOSTS.get(host, host)}"


def _name(name: str) -> str | None:
    """A display name specific enough to stand for a person (two words or more)."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )  # Monné, Monne
    words = plain.replace('"', " ").replace(",", " ").lower().split()
    return " ".join(words) if len(words) >= 2 and "list" not in words else None


def _addressed(rev: Revision, patch: Patch) -> set[str]:
    """Every address the patch (and its cover) went to, and who sent and wrote it; and
    the full names of those people, marked `name:`: a maintainer copied at the address
    they had when the patch was posted was sent it, whatever address MAINTAINERS gives
    them today."""
    headers = [h for h in (patch.to_header, patch.cc_header) if h]
    if rev.cover is not None:
        headers += [h for h in (rev.cover.to_header, rev.cover.cc_header) if h]
    people = [*parse_address_list(headers), patch.author, rev.author]
    out = {_norm(a.email) for a in people if a.email}
    out.update(f"name:{n}" for a in people if (n := _name(a.name)) is not None)
    return out


def _reached(kind: str, who: str, addr: str, addressed: set[str]) -> bool:
    if _norm(addr) in addressed:
        return True
    name = _name(who.rsplit("<", 1)[0]) if kind != "L" else None
    return name is not None and f"name:{name}" in addressed


def _most_specific(f: FileApproval) -> list[Section]:
    """The sections at the greatest depth among those (other than the catch-all) covering
    the file: the ones whose people look after it most closely."""
    specific = [m for m in f.sections if not m.section.catch_all]
    if not specific:
        return []
    top = specific[0].depth
    return [m.section for m in specific if m.depth == top]


def _entries(s: Section) -> list[tuple[str, str, str]]:
    """(field, who, address) of each M:, R: and L: entry of a section."""
    out = [("M", str(a), a.email) for a in s.maintainers]
    out += [("R", str(a), a.email) for a in s.reviewers]
    out += [("L", lst, lst) for lst in s.lists if "@" in lst]
    return out


def _reached_section(s: Section, addressed: set[str]) -> bool:
    return any(_reached(kind, who, addr, addressed) for kind, who, addr in _entries(s))


def _missing(
    files: list[list[Section]], addressed: set[str]
) -> tuple[list[Section], list[tuple[str, str, str]]]:
    """For each file's most specific sections: those of a file none of whose sections'
    people or lists was addressed (skipped), and the M:/R:/L: entries missing from sections
    that were reached, or that tie with one that was (the file's people were told; a person
    left out is often a MAINTAINERS of another day, or a team reached through its alias,
    such as `x86@kernel.org`)."""
    skipped: list[Section] = []
    partial: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for sections in files:
        reached = [s for s in sections if _reached_section(s, addressed)]
        for s in sections:
            if not reached and s not in skipped:
                skipped.append(s)
                seen.update(_norm(addr) for _, _, addr in _entries(s))
    for sections in files:
        for s in sections:
            if s in skipped:
                continue
            for kind, who, addr in _entries(s):
                key = _norm(addr)
                if not _reached(kind, who, addr, addressed) and key not in seen:
                    seen.add(key)
                    partial.append((kind, who, s.name))
    return skipped, partial


def _stable(patch: Patch) -> bool:
    """A stable backport (`[PATCH 6.1 045/122]`, `[PATCH AUTOSEL 5.15]`, `[PATCH 5.10.y]`):
    it goes to the stable list and the people of the original commit, not to MAINTAINERS."""
    return any(_STABLE.match(t) for t in patch.subject.prefixes)


def _new_files(patch: Patch) -> set[str]:
    return {m.group(1) for m in _NEW_FILE.finditer(patch.diff)}


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    approval = ctx.analysis.approval
    if approval is None:
        return
    for rev, ra in zip(ctx.series.revisions, approval.revisions, strict=True):
        if not ra.matters:
            continue
        for pa in ra.patches:
            patch = rev.patches.get(pa.index)
            if pa.carried_from is not None or patch is None or _stable(patch):
                continue
            addressed = _addressed(rev, patch)
            files = [[s for s in _most_specific(f) if _entries(s)] for f in pa.files if f.covered]
            skipped, partial = _missing([f for f in files if f], addressed)
            if skipped:
                names = "; ".join(
                    f"{s.name} ({', '.join(who for _, who, _ in _entries(s))})" for s in skipped
                )
                yield ctx.hit(
                    revision=rev,
                    patch=pa.index,
                    message_id=patch.message_id,
                    message=f"none of the maintainers, reviewers or lists of {names} "
                    "was sent the patch",
                    missing=[who for s in skipped for _, who, _ in _entries(s)],
                    sections=[s.name for s in skipped],
                )
            if partial:
                names = "; ".join(f"{who} ({kind}: {section})" for kind, who, section in partial)
                yield ctx.hit(
                    revision=rev,
                    patch=pa.index,
                    message_id=patch.message_id,
                    severity="info",
                    message=f"not addressed to {names}",
                    missing=[who for _, who, _ in partial],
                    sections=list(dict.fromkeys(section for _, _, section in partial)),
                )
            new = _new_files(patch)
            for f in pa.files:
                if (
                    f.path in new
                    and f.covered
                    and f.sections
                    and all(m.section.catch_all for m in f.sections)
                ):
                    yield ctx.hit(
                        revision=rev,
                        patch=pa.index,
                        file=f.path,
                        message_id=patch.message_id,
                        severity="info",
                        message=(
                            f"new file {f.path} is covered only by "
                            f"{f.sections[0].section.name}: no MAINTAINERS section "
                            "names who looks after it"
                        ),
                    )
