"""Reports of the four seed threads, built once per session (the pipeline is the slow part)."""

from __future__ import annotations

from typing import Any

import pytest

from patchlint.pipeline import review
from tests.conftest import FIXTURES

SEEDS = {
    "000": FIXTURES / "threads" / "000-xen-netback-hw-features.mbox",
    "001": FIXTURES / "threads" / "001-physdevop-alloc-irq-vector.mbox",
    "002": FIXTURES / "threads" / "002-libxl-deregister-evtchn-fd.mbox",
    "004": FIXTURES / "threads" / "004-ioreq-server-rfc.mbox",
}


@pytest.fixture(scope="session")
def seed_reports() -> dict[str, dict[str, Any]]:
    return {name: review([str(path)]) for name, path in SEEDS.items()}


@pytest.fixture(scope="session")
def seed_000_with_tr006() -> dict[str, Any]:
    """Seed 000 as a reviewer who turns contradicted-trailer (TR006, off by default since it
    measured 58% over three lists) on sees it: the premature ack the seed is about."""
    from patchlint.engine.registry import default_registry
    from patchlint.engine.rule import CODE_PREFIXES

    selection = default_registry().select([*CODE_PREFIXES, "contradicted-trailer"])
    return review([str(SEEDS["000"])], selection=selection)
