"""One reader found in a series' report entry, by every address the series links to them.

The evidence is what the trailer lineage links people by (`analysis.involvement`), read
back from the entry: who posted each revision and patch, who is named in a trailer, who
replied. Working from the entry, not the model, lets the reader's views (`attention`,
`digest`, `rereview`, the HTML filters) be made from any report, a saved JSON one included.
"""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.involvement import Identity
from patchlint.analysis.people import People
from patchlint.model.address import parse_address
from patchlint.model.message import Address
from patchlint.report.types import SeriesEntry


def _mailboxes(entry: SeriesEntry) -> Iterator[str]:
    for rev in entry["revisions"]:
        yield rev["author"]
        for patch in (*rev["patches"], *rev["proposed_patches"]):
            if patch.get("author"):
                yield patch.get("author", "")
            yield from (t["person"] for t in patch["trailers"] if t["person"])
        yield from (m["author"] for m in rev.get("reply_messages", []))
    yield from (t["person"] for t in entry.get("trailer_lineage", []) if t["person"])
    yield from (c["author"] for c in entry["review_comments"])


def entry_people(entry: SeriesEntry) -> People:
    """Who is who in one series of the report."""
    people = People()
    for box in dict.fromkeys(_mailboxes(entry)):
        if box.strip():
            people.add(parse_address(box))
    return people


def reader_in(entry: SeriesEntry, reader: Address) -> Identity:
    """The reader as this series knows them."""
    return Identity(reader, entry_people(entry))
