"""Which series of an input to review: `review --series/--author/--since`, decided on the
grouped model before any analysis, so a maintainer looking at one series of a whole archive
pays for that series only. A series is kept whole or dropped whole; the criteria compose
(every one given must hold).

`--open` (series whose newest revision has open findings) can only be decided after the
review; the CLI drops those series as their reviews arrive.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from patchlint.analysis.involvement import authored, person
from patchlint.errors import UsageError
from patchlint.model.series import Series


@dataclass(frozen=True, slots=True)
class Narrowing:
    """`series`: numbers (1-based, in the order `review` lists the whole input's series)
    or title substrings (case-insensitive), any of which keeps a series; `author`: one of
    its revisions was posted by this person (by every address the series links to them),
    or the text is part of a revision author's `Name <addr>`; `since`: some mail of the
    series (a posting or a reply) is dated at or after it."""

    series: tuple[str, ...] = ()
    author: str | None = None
    since: datetime | None = None

    def __bool__(self) -> bool:
        return bool(self.series or self.author or self.since)

    def __call__(self, series: list[Series]) -> list[Series]:
        numbers, titles = _split_series(self.series)
        if numbers and max(numbers) > len(series):
            raise UsageError(f"--series {max(numbers)}: the input has {len(series)} series")
        return [s for n, s in enumerate(series, 1) if self._keeps(n, s, numbers, titles)]

    def _keeps(self, number: int, series: Series, numbers: set[int], titles: list[str]) -> bool:
        if (
            (numbers or titles)
            and number not in numbers
            and not any(t in title.casefold() for t in titles for title in _titles(series))
        ):
            return False
        if self.author is not None and not _by(series, self.author):
            return False
        return self.since is None or _active_since(series, self.since)


def _split_series(values: Sequence[str]) -> tuple[set[int], list[str]]:
    numbers: set[int] = set()
    titles: list[str] = []
    for value in values:
        text = value.strip()
        if text.isdigit():
            if int(text) < 1:
                raise UsageError(f"--series {text}: series are numbered from 1")
            numbers.add(int(text))
        elif text:
            titles.append(text.casefold())
        else:
            raise UsageError("--series needs a number or a title substring")
    return numbers, titles


def _titles(series: Series) -> Iterator[str]:
    yield series.title
    for rev in series.revisions:
        yield rev.title


def _by(series: Series, author: str) -> bool:
    text = author.strip().casefold()
    if any(text in str(rev.author).casefold() for rev in series.revisions):
        return True
    return authored(series, person(author))


def _utc(date: datetime) -> datetime:
    return date if date.tzinfo is not None else date.replace(tzinfo=UTC)


def _active_since(series: Series, since: datetime) -> bool:
    since = _utc(since)
    for rev in series.revisions:
        dates = [
            rev.date,
            *(p.date for p in rev.patches.values()),
            *(r.message.date for r in rev.replies),
        ]
        if any(d is not None and _utc(d) >= since for d in dates):
            return True
    return False


def parse_since(value: str) -> datetime:
    """`2025-06-01`, `2025-06-01T12:00`, `2025-06-01 12:00+02:00` (UTC when no zone is
    given)."""
    try:
        return _utc(datetime.fromisoformat(value.strip()))
    except ValueError as exc:
        raise UsageError(
            f"--since {value!r}: not a date (YYYY-MM-DD, or ISO 8601 with a time)"
        ) from exc
