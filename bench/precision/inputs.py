"""The inputs of the precision corpus and the group each belongs to.

`main` is what rules are tuned and judged on: the seed threads and the real xen-devel threads
under fixtures/threads (Xen's MAINTAINERS given, as a Xen reviewer runs it), the 3,000-message
linux-hyperv slice and the whole linux-hyperv archive. `unseen` is a second Linux list kept
apart (the virtualization list, 2019-2023): its figures say whether a change that helped on
`main` helps elsewhere too. Its findings have since been read to fix rules, so `holdout` is a
third list nobody fixing a rule reads (the kvmarm list, 2019-2023): it is only labelled and
measured. The two lists are local to the machine that built them (`unseen_from_epoch.py`
rebuilds either); where one is missing the run says so and goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GROUPS = ("main", "unseen", "holdout")


def shared_dir() -> Path:
    return Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))


@dataclass(frozen=True)
class Input:
    name: str  # short and stable: `seed:000-...`, `xen:...`, `slice`, `archive`, ...
    group: str  # main | unseen | holdout
    path: Path
    args: tuple[str, ...] = ()  # extra `patchlint review` arguments

    def identity(self) -> str:
        """What the input's bytes are, cheaply: path, size and modification time."""
        st = self.path.stat()
        return f"{self.path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def linux_maintainers(shared: Path) -> Path | None:
    """The Linux MAINTAINERS the lists are judged by (recipients, MA003): the file
    PATCHLINT_LINUX_MAINTAINERS names, else `corpus/linux/MAINTAINERS` in the shared
    directory. The measured figures used Linux 6.12.118's (Debian's linux-source-6.12)."""
    named = os.environ.get("PATCHLINT_LINUX_MAINTAINERS")
    candidate = Path(named) if named else shared / "corpus" / "linux" / "MAINTAINERS"
    return candidate if candidate.is_file() else None


def discover(root: Path = ROOT) -> tuple[list[Input], list[str]]:
    """Every input that exists, most context first (the archive before its slice: a finding
    both report is shown from the archive), and a note for each one that does not."""
    shared = shared_dir()
    maintainers = shared / "corpus" / "xen-docs" / "MAINTAINERS"
    xen_args = ("--maintainers", str(maintainers)) if maintainers.exists() else ()
    found: list[Input] = []
    notes: list[str] = []
    if not xen_args:
        notes.append(f"absent: {maintainers} (Xen threads reviewed without MAINTAINERS)")
    for path in sorted((root / "fixtures" / "threads").glob("*.mbox")):
        found.append(Input(f"seed:{path.stem}", "main", path, xen_args))
    xen = sorted((root / "fixtures" / "threads" / "xen").glob("*.mbox"))
    if not xen:
        notes.append("absent: fixtures/threads/xen/*.mbox (no real xen-devel threads yet)")
    for path in xen:
        found.append(Input(f"xen:{path.stem}", "main", path, xen_args))
    linux = linux_maintainers(shared)
    list_args = ("--maintainers", str(linux)) if linux is not None else ()
    if linux is None:
        notes.append(
            "absent: a Linux MAINTAINERS (set PATCHLINT_LINUX_MAINTAINERS): the lists "
            "are reviewed without one, and MA003 stays silent on them"
        )
    lists = shared / "corpus" / "lists"
    for name, group, path in (
        ("archive", "main", lists / "linux-hyperv-epoch0.mboxrd.gz"),
        ("slice", "main", lists / "linux-hyperv-last3000.mboxrd.gz"),
        ("virtualization", "unseen", unseen_list(shared)),
        ("kvmarm", "holdout", holdout_list(shared)),
    ):
        if path.exists():
            found.append(Input(name, group, path, list_args))
        else:
            notes.append(f"absent: {path} ({name} left out; group {group})")
    return found, notes


def unseen_list(shared: Path) -> Path:
    """The virtualization list: `PATCHLINT_UNSEEN_LIST`, else `shared/extra/`. It is not in
    the shared corpus; `unseen_from_epoch.py` rebuilds it from the list's public-inbox epoch."""
    named = os.environ.get("PATCHLINT_UNSEEN_LIST")
    return Path(named) if named else shared / "extra" / "virtualization-2019-2023.mboxrd.gz"


def holdout_list(shared: Path) -> Path:
    """The kvmarm list (21,367 mails, 2019-2023): `PATCHLINT_HOLDOUT_LIST`, else
    `shared/extra/`. Rebuilt like the unseen list, from the public-inbox epoch mirrored as
    `linux-mailinglist-archives/kvmarm.lists.cs.columbia.edu.0`."""
    named = os.environ.get("PATCHLINT_HOLDOUT_LIST")
    return Path(named) if named else shared / "extra" / "kvmarm-2019-2023.mboxrd.gz"
