"""The one log-call test the changelog matcher and the trailer audit share."""

from __future__ import annotations

import pytest

from patchlint.c.log_calls import is_log_call, logs


@pytest.mark.parametrize(
    "name",
    [
        "printk",
        "seq_printf",
        "WARN_ON_ONCE",
        "BUG_ON",
        "pr_err",
        "pr_info_ratelimited",
        "netdev_warn",
        "ibdev_dbg",
        "dev_err",
        "dev_err_probe",
        "dev_alert",
        "drm_dbg_kms",
        "kunit_err",
        "ath10k_warn",
        "hv_debug",
        "foo_err_once",
        "mana_notice_ratelimited",
    ],
)
def test_log_calls(name: str) -> None:
    assert is_log_call(name)


@pytest.mark.parametrize(
    "name", ["print", "pr_", "dev_set_drvdata", "kfree", "_err", "foo_error", "err", "dev_"]
)
def test_not_log_calls(name: str) -> None:
    assert not is_log_call(name)


def test_logs_reads_the_calls_of_a_line() -> None:
    assert logs('\tdev_err(&pdev->dev, "no memory\\n");')
    assert logs('if (ret) pr_warn ("x");')
    assert not logs("ret = hv_vmbus_init(dev);")
    assert not logs("pr_err;")  # a name, no call
