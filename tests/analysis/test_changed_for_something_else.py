"""A question or remark answered in words, whose quoted lines the next revision changed for
another reason (issue 17, task cmt14): the change answers it only when it touches what the
comment names. Checked on the real thread the kind was seen in (xen-devel Arm 2025, the
static shared memory series) and on the points beside it that the change does answer."""

from __future__ import annotations

from pathlib import Path

from patchlint.analysis.discussion import status
from tests.analysis.thread_comments import LINUX, XEN, find

SHM = XEN / "2025-arm-shm-chosen-assert-to-bug-on.mbox"


def _status(path: Path, message_id: str, words: str) -> str:
    return str(find(path, message_id, words)["status"])


def test_a_question_declined_is_not_met_by_an_unrelated_change_of_its_lines() -> None:
    # Bertrand Marquis asks for a hwdom check in the condition; Michal Orzel finds it not
    # necessary; v2 adds BUG_ON(!node) under the quote (asked elsewhere), no domain check
    assert (
        _status(
            SHM,
            "3D313BC0-75C9-4208-9067-C1F6153B3859@arm.com",
            "Couldn't the condition also check for the domain to be the hwdom ?",
        )
        == "discussed"
    )
    # his follow-up "what if something bypass this due to efi boot or acpi boot", answered
    # with a latent bug found elsewhere: the same BUG_ON is not its answer
    assert (
        _status(
            SHM,
            "16D32474-F78A-4E50-AA96-BE96D76D95FE@arm.com",
            "what if something bypass this due to efi boot or acpi boot",
        )
        == "discussed"
    )


def test_a_point_the_change_names_stays_addressed() -> None:
    # the NULL case the same BUG_ON(!node) handles: the change shares "node" with it
    assert (
        _status(
            SHM,
            "3D313BC0-75C9-4208-9067-C1F6153B3859@arm.com",
            "isn't there a NULL case to be handled if dt_find_node_by_path",
        )
        == "addressed"
    )
    # a request ("would be good") is met by the change whatever its words
    assert (
        _status(SHM, "237153F4-56B2-40AD-A2D4-824B621D3477@arm.com", "an ASSERT on NULL")
        == "addressed"
    )
    # a nit on layout, met by a blank line removed: no words to share, still addressed
    assert (
        _status(
            LINUX / "2023-netvsc-rx-indirection-v6.mbox",
            "92bc6f3e-4463-e0fe-5cab-54c6c5eecd3f@wanadoo.fr",
            "Nit: useless empty NL",
        )
        == "addressed"
    )


def test_named_words_split_identifiers_and_leave_common_words_out() -> None:
    words = status._named_words("Couldn't the condition also check is_hardware_domain(d)?")
    assert {"hardware", "domain", "condition", "check"} <= words
    assert "couldn't" not in words and "also" not in words
    assert status._named_words("BUG_ON(!node);") == frozenset({"bug_on", "node"})
