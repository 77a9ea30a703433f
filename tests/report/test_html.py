"""The HTML report, looked at in a real headless Chromium (DevTools protocol over a pipe):
it renders, logs no console error, fetches nothing but itself, and shows hostile mail
content as text. The page has one script, the filters' (`report/templates/report.js`),
which its Content-Security-Policy allows by hash: "no script" became "no script but that
one" when the archive page got filters, so the hostile thread's test checks exactly that.
Screenshots are kept in test-artifacts/ (ignored by git)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from patchlint.pipeline import review
from patchlint.report.html_view import page_script
from patchlint.report.render import render
from tests.conftest import ROOT, require_program
from tests.report.chromium import Chromium, PageLoad
from tests.report.mail import IMG, SCRIPT, hostile_mbox

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    binary = require_program("chromium")
    with Chromium(binary, tmp_path_factory.mktemp("chromium") / "profile") as chromium:
        chromium.open_page()
        yield chromium


def show(browser: Chromium, report: dict[str, Any], path: Path) -> PageLoad:
    path.write_text(render(report, "html"), encoding="utf-8")
    seen = browser.load(path.as_uri())
    assert seen.errors == [], seen.errors
    assert seen.requests == [path.as_uri()]  # nothing fetched but the page itself
    return seen


def keep(browser: Chromium, tmp_path: Path, name: str) -> Path:
    """Screenshot into the test's tmp dir, copied to test-artifacts/ for people to look at."""
    shot = browser.screenshot(tmp_path / name)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / name)
    return shot


def test_seed_000_timeline_shows_the_premature_ack(browser, seed_000_with_tr006, tmp_path):
    show(browser, seed_000_with_tr006, tmp_path / "seed-000.html")
    items = browser.evaluate("""[...document.querySelectorAll('#s1-timeline > li')].map(li => ({
        kind: li.className, text: li.innerText}))""")
    texts = [i["text"] for i in items]
    v2 = next(n for n, t in enumerate(texts) if "v2 posted" in t)
    assert "carries Acked-by: Ian Campbell <ian.campbell@citrix.com>" in texts[v2]
    assert "contradicted-trailer TR006, resolved later" in texts[v2]
    assert "problem" in items[v2]["kind"]
    # the real ack comes the next morning, after the author's hold, then the outcome
    hold = next(n for n, t in enumerate(texts) if "hold by the author" in t)
    ack = next(n for n, t in enumerate(texts) if "gives Acked-by: Ian Campbell" in t)
    applied = next(n for n, t in enumerate(texts) if "applied by the maintainer" in t)
    assert v2 < hold < ack < applied
    assert "2011-04-20 07:58" in texts[ack] and "resolves TR006" in texts[ack]
    assert items[-1]["kind"] == "outcome" and "v2 applied" in texts[-1]
    # the interdiff side by side: v1's prototype on the left, v2's on the right
    row = browser.evaluate("""(() => { const td = [...document.querySelectorAll(
        '.sbs tr.change td.src')]; return td.slice(0, 2).map(x => x.innerText); })()""")
    assert row == [
        "static u32 xenvif_fix_features(struct xenvif *vif, u32 features)",
        "static u32 xenvif_fix_features(struct net_device *dev, u32 features)",
    ]
    # the finding sits next to the line it is about (the hunk's view may hold other
    # findings' lines: the one whose data-hits names this note). It is about v1, which v2
    # superseded: folded until a link to it is followed
    finding = browser.evaluate("""(async () => {
        const note = document.querySelector('.note[data-name="ops-prototype-mismatch"]');
        const folded = note.closest('details.superseded');
        const wasOpen = folded.open;
        await new Promise(done => { window.addEventListener('hashchange', done, {once: true});
                                    location.hash = note.id; });
        const hit = [...note.closest('.finding').querySelectorAll('tr.hit')]
            .find(tr => tr.dataset.hits.split(' ').includes(note.id));
        const a = hit.getBoundingClientRect(), b = note.getBoundingClientRect();
        return {hit: hit.innerText, side_by_side: a.right <= b.left + 1, was_open: wasOpen,
                open: folded.open, overlap: a.top < b.bottom && b.top < a.bottom}; })()""")
    assert finding["was_open"] is False and finding["open"] is True
    assert finding["hit"].split() == [
        "168",
        "+static",
        "u32",
        "xenvif_fix_features(struct",
        "xenvif",
        "*vif,",
        "u32",
        "features)",
    ]
    assert finding["side_by_side"] and finding["overlap"]
    keep(browser, tmp_path, "report-seed-000.png")


def test_hostile_thread_renders_as_text(browser, tmp_path):
    report = review([str(hostile_mbox(tmp_path / "hostile.mbox"))])
    show(browser, report, tmp_path / "hostile.html")
    page = browser.evaluate("""({
        pwned: window.__pwned === undefined ? null : window.__pwned,
        scripts: [...document.scripts].map(s => [s.src, s.textContent]),
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
        images: document.images.length,
        title: document.title,
        text: document.body.innerText})""")
    assert page["pwned"] is None
    script, source = page_script()
    assert page["scripts"] == [["", str(script)]] and page["images"] == 0  # ours alone
    assert page["csp"] == (f"default-src 'none'; style-src 'unsafe-inline'; script-src {source}")
    assert SCRIPT in page["title"] and IMG in page["title"]
    text = page["text"]
    assert f"net: {SCRIPT} {IMG}" in text  # the subject, literally
    assert f"This line is wrong: {IMG} {SCRIPT}" in text  # the review comment
    assert f"+int b; /* {SCRIPT} {IMG} */" in text  # the quoted code of the finding
    keep(browser, tmp_path, "report-hostile.png")


@pytest.mark.parametrize("seed", ["001", "002", "004"])
def test_other_seeds_render_cleanly(browser, seed_reports, tmp_path, seed):
    show(browser, seed_reports[seed], tmp_path / f"seed-{seed}.html")
    counts = browser.evaluate("""({timeline: document.querySelectorAll('.timeline > li').length,
        findings: document.querySelectorAll('.finding .note').length,
        cards: document.querySelectorAll('.finding').length})""")
    report = seed_reports[seed]
    assert counts["findings"] == sum(len(s["findings"]) for s in report["series"])
    assert counts["cards"] <= counts["findings"]  # findings on one hunk share its view
    assert counts["timeline"] >= sum(len(s["revisions"]) for s in report["series"])
