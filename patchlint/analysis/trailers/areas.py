"""Whose files and which tree: a Xen patch (which writes a limited tag with its `# area`),
and with a MAINTAINERS file the maintainers of a path (whose tag covers their files)."""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.maintainers.file import MaintainersFile
from patchlint.model.message import Address
from patchlint.model.patch import Patch

_XEN_LIST = lazyre.compile(r"xen-devel@lists\.xen(?:project|source)\.org", re.I)


# top-level directories of the Linux tree that Xen's has not: a patch touching one is a
# Linux patch, even when it went to xen-devel ('swiotlb: merge swiotlb-xen initialization
# into swiotlb' touches drivers/xen/ and arch/x86/)
_LINUX_DIRS = frozenset(
    {
        "arch",
        "drivers",
        "include",
        "kernel",
        "mm",
        "fs",
        "net",
        "lib",
        "Documentation",
        "block",
        "crypto",
        "security",
        "sound",
        "virt",
    }
)


def xen_tree(patch: Patch) -> bool:
    """A patch to the Xen tree (touching xen/, or sent to xen-devel and touching none of
    Linux's own directories): Xen writes a limited tag with its `# area` and objects to one
    carried without it; Linux carries partial reviews unscoped."""
    if any(f.startswith("xen/") for f in patch.files):
        return True
    return bool(_XEN_LIST.search(patch.to_header + " " + patch.cc_header)) and not any(
        f.split("/", 1)[0] in _LINUX_DIRS for f in patch.files
    )


# the tags a giver gives for their own area: with a MAINTAINERS file and no stated scope, a
# maintainer's tag on a patch that also touches others' files covers the files they maintain
# (a driver maintainer's Reviewed-by on a tree-wide RDMA change covers their driver)
AREA_TAGS = ("Acked-by", "Reviewed-by")


def file_maintainers(db: MaintainersFile, path: str) -> list[Address]:
    """The maintainers of the most specific sections covering a path that have any (the
    catch-all's only where nothing more specific has one), and those of every broader
    section but the catch-all (the DMA engine maintainer for `drivers/dma/idxd/`, which
    has a section of its own)."""
    if not db.covers(path):
        return []
    with_maintainer = [m for m in db.matches(path) if m.section.maintainers]
    if not with_maintainer:
        return []
    top = with_maintainer[0].depth
    return [
        a
        for m in with_maintainer
        if m.depth == top or not m.section.catch_all
        for a in m.section.maintainers
    ]
