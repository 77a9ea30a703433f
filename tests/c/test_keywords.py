"""One set of C's own words for every analysis that tells a name from syntax."""

from __future__ import annotations

import pytest

from patchlint.analysis.revisions.interdiff import symbol_in
from patchlint.analysis.trailers.conditions import asked_words
from patchlint.c.keywords import C_KEYWORDS


@pytest.mark.parametrize(
    "line",
    [
        "unsigned int (*hook)(void);",
        "static inline (x)",
        "volatile (*p)",
    ],
)
def test_a_function_pointer_member_names_no_function(line: str) -> None:
    """`int (*hook)(void)` declares a member, not a function called `int`."""
    assert symbol_in(line) is None


def test_the_declared_function_is_still_found() -> None:
    assert symbol_in("static unsigned int vmbus_size(struct hv_device *dev)") == "vmbus_size"
    assert symbol_in("static const struct file_operations hv_fops = {") == "hv_fops"


def test_a_condition_never_asks_for_a_c_keyword() -> None:
    words = asked_words("with `volatile` dropped and the extern_count() check, Reviewed-by")
    assert "extern_count" in words
    assert not words & C_KEYWORDS
