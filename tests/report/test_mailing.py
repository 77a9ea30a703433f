"""`patchlint review -f email` mails what the bot would: the rules the shipped precision
table says are 90% right (patchlint/data/precision.json), plus `[bot] mail-rules`; never a
note; never a finding an earlier revision of the series already had; and says in the
footer how to report a false positive."""

from __future__ import annotations

import json
import mailbox
from email import message_from_bytes
from pathlib import Path

import pytest

from patchlint.errors import UsageError
from patchlint.report.mailing import MailGate, mail_gate, measured_rules, rule_codes
from patchlint.report.types import FindingEntry
from tests.cli.test_cli import run
from tests.conftest import FIXTURES, ROOT
from tests.integrations.test_bot_mailing import patch

SEED_000 = FIXTURES / "threads" / "000-xen-netback-hw-features.mbox"
SEED_001 = FIXTURES / "threads" / "001-physdevop-alloc-irq-vector.mbox"


def finding(code: str, severity: str, fingerprint: str = "f") -> FindingEntry:
    return {
        "rule": "r",
        "code": code,
        "severity": severity,  # type: ignore[typeddict-item]
        "revision": 1,
        "patch": 1,
        "file": None,
        "line": None,
        "message": "m",
        "message_id": None,
        "status": "open",
        "resolved_by": None,
        "details": {},
        "fingerprint": fingerprint,
    }


def test_the_shipped_table_names_the_mailed_rules() -> None:
    table = json.loads((ROOT / "patchlint" / "data" / "precision.json").read_text())
    assert measured_rules() == frozenset(table["mail"])
    assert all(table["rules"][code]["mail"] for code in table["mail"])


def test_the_gate_admits_measured_rules_at_warning_and_nothing_mailed_before() -> None:
    gate = MailGate(frozenset({"ST004"}), "warning", frozenset({"old"}))
    assert gate.admits(finding("ST004", "warning"))
    assert gate.admits(finding("ST004", "error"))
    assert not gate.admits(finding("ST004", "info"))  # never a note
    assert not gate.admits(finding("CS001", "error"))  # not measured precise enough
    assert not gate.admits(finding("ST004", "warning", "old"))  # mailed before
    assert mail_gate(["CS001", "spelling"]).rules == measured_rules() | {"CS001", "SP001"}
    assert rule_codes(["TR00"]) == {
        "TR001",
        "TR002",
        "TR003",
        "TR004",
        "TR005",
        "TR006",
        "TR007",
        "TR008",
        "TR009",
    }
    with pytest.raises(UsageError, match=r"\[bot\] mail-rules ZZ9: no rule"):
        mail_gate(["ZZ9"])


def _replies(out: Path) -> list[str]:
    texts = []
    for path in sorted(out.glob("*.eml")):
        payload = message_from_bytes(path.read_bytes()).get_payload(decode=True)
        assert isinstance(payload, bytes)
        texts.append(payload.decode())
    return texts


def test_review_email_mails_only_the_measured_rules(tmp_path: Path) -> None:
    """Seed 001 (one Xen patch) has trailing whitespace (ST004, mailed by the table), Xen
    style (XS003: mailed once the table measured it at 90%+ over 10+ findings in 3+ mails,
    11 of 11 since session 12's xen-devel threads), a malformed trailer (TR005, mailed by the
    table: 12 of 12 right) and spelling notes (SP001, info): by default what the table mails;
    a list that asks for XS003 gets it whatever the table says, and still no note."""
    out = tmp_path / "default"
    done = run("review", str(SEED_001), "-f", "email", "-o", str(out), "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    (text,) = _replies(out)
    assert "ST004 trailing-whitespace (warning)" in text
    assert "TR005 malformed-trailer (error)" in text
    assert "XS003" in measured_rules()  # 11 of 11 right over 3+ mails (session 12)
    assert "XS003 xen-coding-style (warning)" in text
    assert "SP001" not in text  # info: never mailed
    assert 'A finding is wrong? Reply with "#false-positive CODE" and why.' in text
    config = tmp_path / "more.toml"
    config.write_text('[bot]\nmail-rules = ["xen-coding-style"]\n')
    out = tmp_path / "more"
    done = run(
        "review",
        str(SEED_001),
        "-f",
        "email",
        "-o",
        str(out),
        "--config",
        str(config),
        "--fail-on",
        "never",
    )
    assert done.returncode == 0, done.stderr
    (text,) = _replies(out)
    assert "XS003 xen-coding-style (warning)" in text and "ST004" in text and "TR005" in text
    assert "SP001" not in text


def test_review_email_never_repeats_what_an_earlier_revision_had(tmp_path: Path) -> None:
    thread = tmp_path / "foo.mbox"
    box = mailbox.mbox(thread)
    box.add(patch(1, ["int rx_ring = 256;"]))
    box.add(patch(2, ["int rx_ring = 256;", "int tx_ring = 128;"], notes="v2: tx ring\n"))
    box.close()
    out = tmp_path / "out"
    done = run("review", str(thread), "-f", "email", "-o", str(out))
    assert done.returncode == 0, done.stderr
    (text,) = _replies(out)  # the newest revision's, with what v1 did not have
    assert "int tx_ring = 128;" in text and "rx_ring" not in text


def test_an_unknown_mail_rule_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "typo.toml"
    config.write_text('[bot]\nmail-rules = ["trailing-whitespaces"]\n')
    done = run(
        "review", str(SEED_000), "-f", "email", "-o", str(tmp_path / "o"), "--config", str(config)
    )
    assert done.returncode == 2
    assert "[bot] mail-rules trailing-whitespaces: no rule has that code or name" in (done.stderr)
    assert not (tmp_path / "o").exists()
