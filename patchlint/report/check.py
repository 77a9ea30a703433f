"""What `patchlint check` prints for each finding: where it is, as an editor or CI log wants
it (`FILE:LINE`, else the patch file), and which mail it is about - the file the mail was
read from and the mail's own subject (not the series title, not a cover letter's unfilled
`*** SUBJECT HERE ***`).

The report does not say where a mail was read from, so this view joins it with the model
the report was built from (the same series, in the same order) and the ingest's source
labels (`0001-fix.patch`, or `series.mbox#3` for the third mail of an mbox).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from patchlint import lazyre
from patchlint.model.finding import Severity
from patchlint.model.series import Grouping, Series

if TYPE_CHECKING:
    from patchlint.report.types import FindingEntry, Report

_MBOX_INDEX = lazyre.compile(r"#\d+$")
PLACEHOLDER = "*** SUBJECT HERE ***"  # git format-patch --cover-letter's unedited subject


class CheckLine(TypedDict):
    where: str  # `FILE:LINE`, `FILE`, or the patch file for a finding about no file
    severity: Severity
    code: str
    rule: str
    message: str
    resolved: bool
    mail: str  # where the mail was read: `0001-fix.patch`, `series.mbox#3`, `<stdin>`
    subject: str  # the mail's own subject


@dataclass(frozen=True, slots=True)
class _Mail:
    source: str
    subject: str


def patch_file(source: str) -> str:
    """The file a mail was read from: its source label without an mbox's `#n`."""
    return _MBOX_INDEX.sub("", source)


def _labels(sources: Mapping[str, str]) -> dict[str, str]:
    """Each source label as check names the mail: the file alone when the file held one
    mail (a `git format-patch` file starts like an mbox, so it is read as `file#1`)."""
    per_file = Counter(patch_file(label) for label in sources.values())
    return {
        label: patch_file(label) if per_file[patch_file(label)] == 1 else label
        for label in set(sources.values())
    }


class _Mails:
    """One series' mails, findable as the report's findings name them: by Message-ID, by
    (version, patch index), by version alone (the revision's cover or first patch)."""

    def __init__(self, series: Series, sources: Mapping[str, str]) -> None:
        self.by_id: dict[str, _Mail] = {}
        self.by_place: dict[tuple[int, int | None], _Mail] = {}
        self.first: _Mail | None = None
        for rev in series.revisions:
            if rev.cover is not None:
                subject = rev.cover.subject
                if PLACEHOLDER in subject or not subject.strip():
                    subject = f"the cover letter of v{rev.version} (no subject)"
                self._add(
                    rev.cover.message_id,
                    (rev.version, None),
                    _Mail(rev.cover.source or sources.get(rev.cover.key, ""), subject),
                )
            for index, patch in sorted(rev.patches.items()):
                mail = _Mail(sources.get(patch.message_key, ""), patch.subject.raw)
                self._add(patch.message_id, (rev.version, index), mail)
                self.by_place.setdefault((rev.version, None), mail)
            for reply, proposal in rev.proposed:
                self._add(
                    proposal.message_id,
                    None,
                    _Mail(
                        reply.message.source,
                        f"{reply.message.subject} (a patch proposed in a reply)",
                    ),
                )

    def _add(
        self, message_id: str | None, place: tuple[int, int | None] | None, mail: _Mail
    ) -> None:
        if message_id:
            self.by_id.setdefault(message_id, mail)
        if place is not None:
            self.by_place.setdefault(place, mail)
        if self.first is None:
            self.first = mail

    def of(self, finding: FindingEntry) -> _Mail | None:
        found = self.by_id.get(finding["message_id"] or "")
        revision, patch = finding["revision"], finding["patch"]
        if found is None and revision is not None:
            found = self.by_place.get((revision, patch)) or self.by_place.get((revision, None))
        return found or self.first


def check_lines(report: Report, grouping: Grouping, sources: Mapping[str, str]) -> list[CheckLine]:
    """Every finding of the report, in report order, as `patchlint check` prints it;
    `grouping` is what the report was built from, `sources` the mails' source labels by
    message key (`pipeline.load`)."""
    lines: list[CheckLine] = []
    labels = _labels(sources)
    for entry, series in zip(report["series"], grouping.series, strict=True):
        mails = _Mails(series, sources)
        for f in entry["findings"]:
            mail = mails.of(f)
            source = mail.source if mail else ""
            source = labels.get(source, source) or "-"
            if f["file"]:
                where = f"{f['file']}:{f['line']}" if f["line"] else f["file"]
            else:
                where = patch_file(source)
            lines.append(
                {
                    "where": where,
                    "severity": f["severity"],
                    "code": f["code"],
                    "rule": f["rule"],
                    "message": f["message"],
                    "resolved": f.get("status", "open") == "resolved",
                    "mail": source,
                    "subject": mail.subject if mail else entry["title"],
                }
            )
    return lines
