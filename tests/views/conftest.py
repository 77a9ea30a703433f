"""The linux-hyperv slice reviewed once per session, with a small Linux-format MAINTAINERS
file (`data/MAINTAINERS.hyperv`), for the reader views' tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from patchlint.analysis.approval import ApprovalConfig
from patchlint.maintainers.file import read_maintainers
from patchlint.pipeline import review
from tests.conftest import CORPUS, ROOT, require

SLICE = CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"
MAINTAINERS = Path(__file__).resolve().parent / "data" / "MAINTAINERS.hyperv"
XEN_MAINTAINERS = CORPUS / "xen-docs" / "MAINTAINERS"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "patchlint", *args],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        input=stdin,
    )


@pytest.fixture(scope="session")
def slice_report() -> dict[str, Any]:
    """The whole slice, every rule, approvals judged by MAINTAINERS.hyperv."""
    approval = ApprovalConfig(read_maintainers(MAINTAINERS))
    return review([str(require(SLICE))], approval=approval, jobs=2)  # type: ignore[return-value]
