"""A tag in a reply is its sender's own even when the sender's From: has no name to compare:
a bare address that is the tag's name shortened (`dmkhn@proton.me` giving `Reviewed-by:
Denis Mukhin <dmukhin@ford.com>`, xen-devel, July 2025)."""

from __future__ import annotations

import pytest

from patchlint.model.message import Address
from patchlint.model.trailers import abbreviates, signs_as
from patchlint.pipeline import review
from tests.conftest import ROOT

SMMU = ROOT / "fixtures/threads/xen/2025-arm-smmuv3-deassign-ack-with-fix.mbox"


@pytest.mark.parametrize(
    ("address", "name", "fits"),
    [
        ("dmkhn@proton.me", "Denis Mukhin", True),
        ("jbeulich@suse.com", "Jan Beulich", True),
        ("roger.pau@citrix.com", "Roger Pau Monné", True),
        ("mukhin@example.org", "Denis Mukhin", True),
        ("linux@roeck-us.net", "Guenter Roeck", False),
        ("dm@example.org", "Denis Mukhin", False),  # too short to tell from chance
        ("mdenis@example.org", "Denis Mukhin", False),  # not the name's order
        ("foo@example.org", "Denis Mukhin", False),
    ],
)
def test_an_address_is_a_name_shortened(address: str, name: str, fits: bool) -> None:
    assert abbreviates(address, name) is fits


def test_only_a_nameless_sender_is_read_by_its_address() -> None:
    tag = Address("Denis Mukhin", "dmukhin@ford.com")
    assert signs_as(Address("", "dmkhn@proton.me"), tag)
    # a sender with a name of their own relaying another's tag is not its giver
    assert not signs_as(Address("Dana Mill", "dmkhn@proton.me"), tag)
    # nor a nameless sender whose address is not that name
    assert not signs_as(Address("", "reviews@example.org"), tag)
    assert signs_as(Address("Jan Beulich", "jbeulich@suse.com"), Address("", "jbeulich@suse.com"))


def test_the_nameless_reviewers_tags_are_attributed_to_the_patches_they_answer() -> None:
    report = review([str(SMMU)])
    given = {
        (rev["version"], patch["index"])
        for series in report["series"]
        for rev in series["revisions"]
        for patch in rev["patches"]
        for t in patch["trailers"]
        if t.get("origin") == "reply" and "dmukhin@ford.com" in str(t.get("person"))
    }
    assert given == {(2, 1), (2, 2)}
