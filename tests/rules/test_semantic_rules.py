"""CS002, PR001 and SP001 beyond their cases: what they report on the seed threads (proposed
patches included), and what a case file cannot say (commit messages, commit-message
findings that have no file or line)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from patchlint.engine.registry import default_registry
from patchlint.engine.runner import lint_patch
from patchlint.model.finding import Finding
from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch, build_patch
from patchlint.model.subject import parse_subject
from patchlint.pipeline import review
from tests.conftest import FIXTURES

REGISTRY = default_registry()
THREADS = FIXTURES / "threads"
SEED_000 = THREADS / "000-xen-netback-hw-features.mbox"
SEED_001 = THREADS / "001-physdevop-alloc-irq-vector.mbox"
IAN_REPLY = "1303219073.5197.45.camel@zakaz.uk.xensource.com"


def _findings(path: Path, code: str) -> list[dict[str, object]]:
    report = review([str(path)], None, None, REGISTRY.select([code]))
    return [f for s in report["series"] for f in s["findings"] if f["code"] == code]


def _patch(title: str, message: str, diff: str) -> Patch:
    subject = parse_subject(f"[PATCH] {title}")
    msg = Message(
        key="t",
        message_id="t@test",
        subject=subject.raw,
        author=Address("T", "t@example.org"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to=None,
        references=(),
        body=f"{message}\n---\n{diff}",
    )
    return build_patch(msg, subject)


def _lint(patch: Patch, code: str) -> list[Finding]:
    return lint_patch(patch, REGISTRY.select([code]).rules)


def _case_diff(rule: str, case: str) -> str:
    text = (REGISTRY.get(rule).folder / "cases" / case).read_text()  # type: ignore[union-attr]
    return text[text.index("\ndiff ") + 1 :]


def test_seed_000_mtu_on_offload_state_only_in_the_proposed_patch():
    found = _findings(SEED_000, "CS002")
    assert [(f["revision"], f["file"], f["line"]) for f in found] == [
        (1, "drivers/net/xen-netback/interface.c", 184)
    ]
    assert found[0]["details"]["proposed_in"] == IAN_REPLY  # type: ignore[index]
    assert "features & NETIF_F_SG" in str(found[0]["message"])


def test_seed_001_gratuitous_rename_of_new_rte():
    found = _findings(SEED_001, "PR001")
    assert [(f["file"], f["line"]) for f in found] == [("xen/arch/x86/io_apic.c", 2144)]
    details = found[0]["details"]
    assert details["old"] == ["new_rte"] and details["new"] == "rte"  # type: ignore[index]
    assert details["function"] == "ioapic_guest_write"  # type: ignore[index]


def test_seed_001_spelling():
    found = _findings(SEED_001, "SP001")
    words = {(f["file"], f["line"], f["details"]["word"]) for f in found}  # type: ignore[index]
    # "arry" is in a comment the patch removes (taking the misspelling out); "programe" is a
    # stray final "e" (not in codespell's dictionary), in the comment and the commit message
    assert words == {
        ("xen/arch/x86/physdev.c", 346, "vecotr"),
        ("xen/arch/x86/physdev.c", 348, "programe"),
        (None, None, "programe"),
    }


@pytest.mark.parametrize(
    "message",
    [
        "x86/io_apic: tidy ioapic_guest_write\n\nNo functional change intended.",
        "x86/io_apic: cosmetic clean-ups in ioapic_guest_write",
        "x86/io_apic: rename new_rte and look up the GSI",
        "x86/io_apic: look up the GSI\n\nOne rte is enough for the new scheme.",
    ],
)
def test_rename_not_reported_when_the_message_accounts_for_it(message: str):
    diff = _case_diff("gratuitous-rename", "ioapic-guest-write.patch")
    title, _, body = message.partition("\n\n")
    assert _lint(_patch(title, body, diff), "PR001") == []
    assert (
        len(_lint(_patch("x86/io_apic: look up the GSI", "Defer the vector.", diff), "PR001")) == 1
    )


SPELLING_DIFF = """\
diff --git a/drivers/net/acme.c b/drivers/net/acme.c
--- a/drivers/net/acme.c
+++ b/drivers/net/acme.c
@@ -1,3 +1,4 @@
 static int acme_open(struct net_device *ndev)
 {
+\tacme_reset(ndev);
 \treturn 0;
"""


def test_commit_message_misspellings_have_no_file_and_carry_the_word():
    message = (
        "The reset is neccessary before the ring is used; we wil do it once.\n"
        "\n"
        "    [   12.345] acme: recieve timeout\n"
        "Reported-by: Jon Teh <teh@example.org>\n"
        "Signed-off-by: Jon Teh <teh@example.org>"
    )
    found = _lint(_patch("net: acme: reset the ring befor open", message, SPELLING_DIFF), "SP001")
    got = {(f.file, f.line, f.details["word"], tuple(f.details["corrections"])) for f in found}
    assert got == {
        (None, None, "befor", ("before",)),
        (None, None, "neccessary", ("necessary",)),
        (None, None, "wil", ("will", "well")),
    }
    assert all(f.details["where"] == "commit message" for f in found)


def test_commit_message_word_the_code_uses_is_not_reported():
    diff = SPELLING_DIFF.replace("acme_reset(ndev);", "acme_recieve(ndev);")
    assert (
        _lint(_patch("net: acme: call the recieve helper", "Once, on open.", diff), "SP001") == []
    )
    assert (
        len(
            _lint(
                _patch("net: acme: call the recieve helper", "Once, on open.", SPELLING_DIFF),
                "SP001",
            )
        )
        == 1
    )
