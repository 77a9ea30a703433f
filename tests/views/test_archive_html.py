"""The HTML report of a whole list, driven in headless Chromium as a maintainer uses it:
click a series in the index, filter the series, follow a link to the list archive (a real
public-inbox-httpd on loopback serving the same mail)."""

from __future__ import annotations

import json
import mailbox
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.involvement import person
from patchlint.maintainers.file import read_maintainers
from patchlint.model.finding import rank
from patchlint.pipeline import review
from patchlint.report.attention import approval_wait
from patchlint.report.identity import reader_in
from patchlint.report.render import render
from tests.conftest import FIXTURES, ROOT, require_program
from tests.report.chromium import Chromium
from tests.views.conftest import XEN_MAINTAINERS

SEEDS = [
    FIXTURES / "threads" / name
    for name in (
        "000-xen-netback-hw-features.mbox",
        "001-physdevop-alloc-irq-vector.mbox",
        "002-libxl-deregister-evtchn-fd.mbox",
        "004-ioreq-server-rfc.mbox",
    )
]
LIST = "xen-devel@lists.xensource.com"
PERARD = "Anthony PERARD <anthony.perard@vates.tech>"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    binary = require_program("chromium")
    with Chromium(binary, tmp_path_factory.mktemp("chromium") / "profile") as chromium:
        chromium.open_page()
        yield chromium


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The four seed threads in a public-inbox v2 inbox, served by public-inbox-httpd on
    loopback; yields the inbox's base URL."""
    for program in ("git", "public-inbox-init", "public-inbox-mda", "public-inbox-httpd"):
        require_program(program)
    root = tmp_path_factory.mktemp("public-inbox")
    home = root / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "PI_CONFIG": str(home / "config"),
        "ORIGINAL_RECIPIENT": LIST,
    }

    def run(argv: list[str], stdin: bytes | None = None) -> None:
        done = subprocess.run(argv, env=env, input=stdin, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")

    run(
        [
            "public-inbox-init",
            "-V2",
            "-L",
            "basic",
            "xen-devel",
            str(root / "inbox"),
            "http://example.org/xen-devel",
            LIST,
        ]
    )
    run(["git", "config", "-f", str(home / "config"), "publicinboxmda.spamcheck", "none"])
    for path in SEEDS:
        for msg in mailbox.mbox(path):
            run(["public-inbox-mda", "--no-precheck"], msg.as_bytes())
    port = _free_port()
    log = (root / "httpd.log").open("wb")
    httpd = subprocess.Popen(
        ["public-inbox-httpd", "-l", f"http://127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/xen-devel/"
    try:
        for _ in range(600):  # until it answers (it forks its workers first)
            try:
                with urllib.request.urlopen(base + "_/text/help/", timeout=5):
                    break
            except OSError:
                if httpd.poll() is not None:
                    pytest.fail(f"public-inbox-httpd exited: {(root / 'httpd.log').read_text()}")
                time.sleep(0.1)
        yield base
    finally:
        os.killpg(httpd.pid, signal.SIGTERM)
        httpd.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def seeds_report() -> dict[str, Any]:
    approval = ApprovalConfig(read_maintainers(XEN_MAINTAINERS))
    return review([str(p) for p in SEEDS], approval=approval)  # type: ignore[return-value]


def visible_rows(browser: Chromium) -> list[str]:
    return browser.evaluate("""[...document.querySelectorAll('#index tbody tr')]
        .filter(tr => !tr.hidden).map(tr => tr.dataset.series)""")  # type: ignore[no-any-return]


def choose(browser: Chromium, select: str, value: str) -> None:
    """Pick an option of a filter as a user does (the select's value, then its change)."""
    browser.evaluate(f"""(() => {{ const s = document.querySelector({json.dumps(select)});
        s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change', {{bubbles: true}}));
        }})()""")


def test_navigate_filter_and_follow_a_link_to_the_archive(browser, archive, seeds_report, tmp_path):
    browser.open_page()  # a page of its own: nothing another test left can reach it
    page = tmp_path / "seeds.html"
    page.write_text(render(seeds_report, "html", me=PERARD, archive_url=archive), "utf-8")
    seen = browser.load(page.as_uri())
    assert seen.errors == [] and seen.requests == [page.as_uri()]
    titles = [s["title"] for s in seeds_report["series"]]
    state = browser.evaluate("""({
        rows: [...document.querySelectorAll('#index tbody tr a[href^="#"]')].map(a => a.innerText),
        open: [...document.querySelectorAll('details.series')].map(d => d.open),
        filters: !document.getElementById('filters').hidden})""")
    assert state["rows"] == titles
    assert state["open"] == [False] * 4 and state["filters"]

    # a series in the index: its section opens and comes into view
    browser.click('#row-s3 a[href="#s3"]')
    where = browser.until("""location.hash === '#s3' && document.getElementById('s3').open
        && {top: document.getElementById('s3').getBoundingClientRect().top}""")
    assert -1 < where["top"] < browser.evaluate("innerHeight")  # scrolled to it
    assert "ioreq-server" in browser.evaluate("document.querySelector('#s3 h2').innerText")

    # "waiting for my approval": the toolstack maintainer's, on libxl and on what else
    # today's MAINTAINERS gives him
    who = person(PERARD)
    waiting = [
        f"s{n}"
        for n, s in enumerate(seeds_report["series"], 1)
        if approval_wait(s, reader_in(s, who)) is not None
    ]
    assert "s4" in waiting and len(waiting) < 4
    browser.click("#filter-waiting")
    assert browser.until(f"document.getElementById('shown').textContent === '{len(waiting)}'")
    assert visible_rows(browser) == waiting
    assert (
        browser.evaluate("""[...document.querySelectorAll('details.series')]
        .filter(d => !d.hidden).map(d => d.id)""")
        == waiting
    )
    browser.click("#filter-waiting")
    assert browser.until("document.getElementById('shown').textContent === '4'")

    # severity: the series with an error finding on any revision
    choose(browser, "#filter-severity", "error")
    errors = [
        f"s{n}"
        for n, s in enumerate(seeds_report["series"], 1)
        if any(f["severity"] == "error" for f in s["findings"])
    ]
    assert visible_rows(browser) == errors and errors
    choose(browser, "#filter-severity", "")

    # a mail's link to the archive: public-inbox shows that mail
    browser.click('#row-s4 a[href="#s4"]')
    browser.until("document.getElementById('s4').open")
    v2 = seeds_report["series"][3]["revisions"][-1]
    url = browser.follow("#s4 table.revisions tr:last-child a.archive")
    assert url == f"{archive}{v2['message_id']}/"
    title = browser.evaluate("document.title")
    assert "libxl: events: Deregister evtchn fd when not needed" in title


@pytest.mark.slow
def test_every_filter_on_the_slice(browser, slice_report, tmp_path):
    """The whole linux-hyperv slice on one page: each filter leaves exactly the series the
    report says it should, the findings inside follow the rule filter, and messages show
    their `code` spans as code."""
    me = "kys@microsoft.com"
    browser.open_page()
    page = tmp_path / "slice.html"
    page.write_text(render(slice_report, "html", me=me), "utf-8")
    seen = browser.load(page.as_uri())
    assert seen.errors == [] and seen.requests == [page.as_uri()]
    series = slice_report["series"]
    anchors = [f"s{n}" for n in range(1, len(series) + 1)]
    assert visible_rows(browser) == anchors

    def expect(keep: Any) -> list[str]:
        return [a for a, s in zip(anchors, series, strict=True) if keep(s)]

    choose(browser, "#filter-severity", "warning")
    assert visible_rows(browser) == expect(
        lambda s: any(rank(f["severity"]) >= rank("warning") for f in s["findings"])
    )
    choose(browser, "#filter-severity", "")

    codes = Counter(f["code"] for s in series for f in s["findings"])
    code = codes.most_common(2)[1][0]
    choose(browser, "#filter-rule", code)
    kept = expect(lambda s: any(f["code"] == code for f in s["findings"]))
    assert visible_rows(browser) == kept and len(kept) < len(series)
    notes = browser.evaluate("""[...document.querySelectorAll(
        'details.series:not([hidden]) .note')].filter(n => !n.hidden).map(n => n.dataset.rule)""")
    assert notes == [code] * codes[code]
    choose(browser, "#filter-rule", "")

    choose(browser, "#filter-state", "applied")
    assert visible_rows(browser) == expect(lambda s: s["revisions"][-1]["state"] == "applied")
    author = Counter(s["author"] for s in series).most_common(1)[0][0]
    choose(browser, "#filter-author", author)
    assert visible_rows(browser) == expect(
        lambda s: s["revisions"][-1]["state"] == "applied" and s["author"] == author
    )
    choose(browser, "#filter-state", "")
    choose(browser, "#filter-author", "")

    browser.click("#filter-waiting")
    who = person(me)
    waiting = expect(lambda s: approval_wait(s, reader_in(s, who)) is not None)
    assert browser.until(f"document.getElementById('shown').textContent === '{len(waiting)}'")
    assert visible_rows(browser) == waiting and 10 < len(waiting) < len(series)
    browser.click("#filter-waiting")

    text = browser.evaluate("""({
        ticks: [...document.querySelectorAll('.note p')].filter(p => p.textContent.includes('`'))
            .length,
        code: document.querySelectorAll('.note p code').length,
        cards: document.querySelectorAll('.finding').length,
        notes: document.querySelectorAll('.finding .note').length})""")
    assert text["ticks"] == 0 and text["code"] > 50
    assert text["notes"] == sum(len(s["findings"]) for s in series) > text["cards"]
    browser.click("#row-s1 a")
    browser.until("document.getElementById('s1').open")
    shot = browser.screenshot(tmp_path / "slice.png")
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "report-slice.png")


def test_the_digest_page(browser, archive, seeds_report, tmp_path):
    """The digest as a page: nothing fetched, no script, and its link to the patch that
    waits for the reader leads to that patch in the archive."""
    from patchlint.report.digest import build_digest, render_digest

    browser.open_page()
    digest = build_digest(
        seeds_report["series"], person(PERARD), seeds_report["stats"], "MAINTAINERS", archive
    )
    page = tmp_path / "digest.html"
    page.write_text(render_digest(digest, "html"), "utf-8")
    seen = browser.load(page.as_uri())
    assert seen.errors == [] and seen.requests == [page.as_uri()]
    assert browser.evaluate("document.scripts.length") == 0
    heading = browser.evaluate("document.querySelector('#last-approval h2').innerText")
    assert heading.startswith("Your approval is the last one missing")
    libxl = next(i for i in digest["series"] if i["title"].startswith("libxl"))
    patch = libxl["approval"]["patches"][0]
    url = browser.follow(f'#last-approval a[href="{archive}{patch["message_id"]}/"]')
    assert url == f"{archive}{patch['message_id']}/"
    assert "Deregister evtchn fd" in browser.evaluate("document.title")
