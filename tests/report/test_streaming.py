"""The JSON report written series by series is the same text as the whole report rendered
at once, and the summary follows its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from patchlint.pipeline import ReviewOptions, load, review_all, review_series, series_workers
from patchlint.report.model import assemble_report, report_head, report_tail
from patchlint.report.render import json_chunks, json_nested, render, render_summary
from patchlint.report.summary import summary_report, summary_row
from tests.conftest import CORPUS, FIXTURES, ROOT

SUMMARY_SCHEMA = ROOT / "patchlint" / "report" / "schema" / "patchlint-summary-1.schema.json"
INPUTS = [
    *sorted((FIXTURES / "threads").glob("*.mbox")),
    CORPUS / "patchwork" / "series" / "bugs-multiple-references.mbox",
]


def _streamed(path: Path) -> tuple[str, str]:
    grouping, diagnostics = load([str(path)])
    with series_workers(ReviewOptions(as_json=False), 2) as workers:
        reviews = list(review_all(grouping, workers))
    for r in reviews:
        diagnostics.extend(r.diagnostics)
    whole = render(assemble_report(grouping, diagnostics, [r.entry for r in reviews]), "json")
    chunks = json_chunks(
        report_head(grouping),
        "series",
        (json_nested(r.entry, 2) for r in reviews),
        lambda: report_tail(grouping, diagnostics),
    )
    return "".join(chunks), whole


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_streamed_json_is_the_rendered_report(path, validate_report):
    streamed, whole = _streamed(path)
    assert streamed == whole
    validate_report(json.loads(streamed))


def test_streamed_json_of_no_series():
    chunks = json_chunks(
        {"a": 1, "b": {"c": [1, 2]}}, "series", iter(()), lambda: {"d": [], "e": "x"}
    )
    expected = {"a": 1, "b": {"c": [1, 2]}, "series": [], "d": [], "e": "x"}
    assert "".join(chunks) == json.dumps(expected, indent=2) + "\n"


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_summary_follows_its_schema_and_the_full_report(path):
    grouping, diagnostics = load([str(path)])
    full = [review_series(s, ReviewOptions()) for s in grouping.series]
    rows = [review_series(s, ReviewOptions(summary=True)).entry for s in grouping.series]
    assert rows == [summary_row(r.entry) for r in full]  # made in the worker or not: same
    summary = summary_report({"series": len(rows)}, rows, {}, len(diagnostics))
    text = render_summary(summary, "json")
    data = json.loads(text)
    validator = jsonschema.Draft202012Validator(json.loads(SUMMARY_SCHEMA.read_text()))
    assert not list(validator.iter_errors(data))
    # one line per series
    lines = text.splitlines()
    assert sum(1 for line in lines if line.startswith('    {"title": ')) == len(rows)
    for row, full_review in zip(rows, full, strict=True):
        entry = full_review.entry
        assert row["versions"] == [r["version"] for r in entry["revisions"]]
        assert sum(row["findings"].values()) == len(entry["findings"])
        assert sum(row["rules"].values()) == len(entry["findings"])
