"""Which project profile a patch is judged by, from its own evidence: the paths it changes,
the lists it was sent to (To/Cc), its subject's tags, the MAINTAINERS file's format; then
the configuration (`[profiles]`) and `--profile` over it.

The trees, from their paths. Linux has no top-level `xen/` (its Xen code is drivers/xen,
arch/x86/xen), so `xen/...` is the Xen hypervisor and the rest of a Xen patch its tools.
`tools/` exists in both trees: its second component tells them apart (Xen's libxl, libs,
xl, xenstore...; Linux's perf, testing, bpf, hv...). Some top-level names are in both
trees (include, tests, scripts, MAINTAINERS) or in QEMU's too (block, net, crypto, docs):
they say nothing alone.

The order of the evidence, strongest first:
1. the author naming the tree in the subject: `[XEN PATCH]` or `[PATCH for-4.19]` (a Xen
   release) is Xen; `[MINI-OS PATCH]`, `[OSSTEST PATCH]`, `[kvm-unit-tests PATCH]` is
   another project's code (`other`);
2. a path only Xen has (`xen/`, a Xen tool, `stubdom/`) makes it Xen;
3. a path only Linux has makes it Linux (QEMU's `block/`, `net/` and `crypto/` too, unless
   the patch went to another project's list, such as qemu-devel, and to no Linux list);
4. paths neither tree has (QEMU's `hw/`, `target/`) make it `other`, whatever the lists;
5. then the lists and tags: a Linux list or a Linux subsystem tag (`[PATCH net-next]`)
   makes it Linux (Linux patches are often Cc'd to xen-devel, Xen patches almost never to
   a Linux list); else xen-devel, a `[Xen-devel]` list tag or a Xen-format MAINTAINERS file
   makes it Xen; else another project's list makes it `other`;
6. nothing at all: Linux, the tree most patches are for.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from patchlint import lazyre
from patchlint.config import ProfilesConfig
from patchlint.model.address import parse_address_list
from patchlint.model.patch import Patch
from patchlint.model.profile import PatchProfile, Profile, ProfileSource
from patchlint.model.series import Series

XEN_TOOLS = frozenset(
    {
        "libxl",
        "libxc",
        "libs",
        "xl",
        "xenstore",
        "xenstored",
        "misc",
        "ocaml",
        "python",
        "hotplug",
        "xentrace",
        "console",
        "golang",
        "flask",
        "xcutils",
        "libfsimage",
        "helpers",
        "xenpaging",
        "xenmon",
        "pygrub",
        "xenpmd",
        "debugger",
        "blktap",
        "blktap2",
        "ioemu",
        "libvchan",
        "xenstat",
        "light",
        "xl.c",
        "Rules.mk",
        "xen-access",
        "xentop",
        "9pfsd",
        "xenbackendd",
        "libacpi",
        "fuzz",
        "xs",
        "memshr",
        "check",
        "vchan",
        "examples",
    }
)
# names only Xen's tree has at the top (some only its old ones)
XEN_TOP = frozenset(
    {
        "xen",
        "stubdom",
        "extras",
        "Config.mk",
        "SUPPORT.md",
        "automation",
        "CHANGELOG.md",
        "CODING_STYLE",
        "CONTRIBUTING",
        "version.sh",
        "buildconfigs",
        "unmodified_drivers",
    }
)
LINUX_TOOLS = frozenset(
    {
        "perf",
        "testing",
        "bpf",
        "hv",
        "objtool",
        "power",
        "virtio",
        "lib",
        "arch",
        "build",
        "net",
        "iio",
        "gpio",
        "spi",
        "usb",
        "thermal",
        "tracing",
        "cgroup",
        "mm",
        "kvm",
        "leds",
        "firewire",
        "sched_ext",
        "verification",
        "counter",
        "accounting",
        "laptop",
        "pci",
        "bootconfig",
        "cpupower",
    }
)
LINUX_TOP = frozenset(
    {
        "arch",
        "block",
        "certs",
        "crypto",
        "drivers",
        "fs",
        "init",
        "io_uring",
        "ipc",
        "kernel",
        "lib",
        "mm",
        "net",
        "rust",
        "samples",
        "security",
        "sound",
        "usr",
        "virt",
        "Documentation",
        "LICENSES",
        "Kbuild",
        "Kconfig",
    }
)
# names both trees (or QEMU) have at the top: alone they decide nothing
SHARED_TOP = frozenset(
    {
        "include",
        "firmware",
        "tests",
        "Makefile",
        "config",
        "scripts",
        "MAINTAINERS",
        "tools",
        "docs",
        "README",
        "COPYING",
        "CREDITS",
        "configure",
        "configure.ac",
        "autogen.sh",
        "config.guess",
        "config.sub",
        "install.sh",
        "INSTALL",
        "m4",
    }
)
# top-level names QEMU shares with Linux: Linux only when no other project's list says QEMU
QEMU_SHARED = frozenset({"block", "net", "crypto"})
# include/<name> that only Linux has
LINUX_INCLUDE = frozenset(
    {
        "linux",
        "uapi",
        "asm-generic",
        "xen",
        "trace",
        "drm",
        "media",
        "sound",
        "rdma",
        "kvm",
        "keys",
        "clocksource",
        "dt-bindings",
        "soc",
        "video",
        "acpi",
        "ras",
        "vdso",
        "kunit",
        "hyperv",
        "pcmcia",
        "math-emu",
        "memory",
        "rv",
        "ufs",
        "misc",
    }
)

_XEN_LISTS = lazyre.compile(r"@lists\.(?:xenproject|xen|xensource)\.org$", re.I)
_LINUX_LISTS = lazyre.compile(
    r"@(?:vger\.kernel\.org|lists\.linux\.dev|lists\.infradead\.org"
    r"|lists\.ozlabs\.org|lists\.linux-foundation\.org)$",
    re.I,
)
# hosts of other projects' lists (QEMU's nongnu.org, DPDK, U-Boot, EDK2, libvirt)
_OTHER_LISTS = lazyre.compile(
    r"@(?:nongnu\.org|dpdk\.org|lists\.denx\.de|edk2\.groups\.io"
    r"|lists\.libvirt\.org)$",
    re.I,
)
# subject prefixes of Linux subsystems' trees (`[PATCH net-next v2 1/3]`)
LINUX_TAGS = frozenset(
    {
        "net",
        "net-next",
        "bpf",
        "bpf-next",
        "wireless",
        "wireless-next",
        "iwl-net",
        "iwl-next",
        "intel-net",
        "intel-next",
        "mlx5-next",
        "rdma-next",
        "rdma-rc",
        "netfilter",
        "nf",
        "nf-next",
        "ipsec",
        "ipsec-next",
        "linux-next",
        "mm-unstable",
        "mm-hotfixes",
    }
)
# the author naming the tree: `[XEN PATCH]`, `[PATCH for-4.19]` (a Xen release)
_XEN_TREE_TAG = lazyre.compile(r"^(?:xen|for-4\.\d+)$", re.I)
# ... or another project's: its code is neither Linux's nor Xen's
_OTHER_TREE_TAG = lazyre.compile(
    r"^(?:mini-os|minios|osstest|livepatch-build|kvmtool"
    r"|kvm-unit-tests|qemu|xtf|xen-api|libvirt)$",
    re.I,
)
# a list's tag in the subject (`[Xen-devel]`), added by the list, not the author
_XEN_LIST_TAG = lazyre.compile(r"^xen-devel$", re.I)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What one patch says about its tree: per kind, the first words that show it."""

    xen_tree_tags: tuple[str, ...]
    other_tree_tags: tuple[str, ...]
    xen_paths: tuple[str, ...]
    linux_paths: tuple[str, ...]  # directories Linux alone has
    qemu_shared_paths: tuple[str, ...]  # block/, net/, crypto/: Linux's or QEMU's
    other_paths: tuple[str, ...]
    xen_lists: tuple[str, ...]
    linux_lists: tuple[str, ...]
    other_lists: tuple[str, ...]
    xen_list_tags: tuple[str, ...]
    linux_tags: tuple[str, ...]
    xen_maintainers: bool


def _path_kind(path: str) -> str:
    """`xen`, `linux`, `qemu-shared`, `other` or `shared` (says nothing) for one path."""
    parts = path.split("/")
    top = parts[0]
    second = parts[1] if len(parts) > 1 else ""
    if (top in XEN_TOP and len(parts) > 1) or top in XEN_TOP - {"xen"}:
        return "xen"
    if top == "tools":
        if second in XEN_TOOLS:
            return "xen"
        return "linux" if second in LINUX_TOOLS else "shared"
    if top == "include":
        return "linux" if second in LINUX_INCLUDE else "shared"
    if top in QEMU_SHARED:
        return "qemu-shared"
    if top in LINUX_TOP:
        return "linux"
    if top in SHARED_TOP or top.startswith("."):
        return "shared"
    return "other"


def _first(items: Iterable[str], limit: int = 2) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
        if len(out) == limit:
            break
    return tuple(out)


def _addresses(patch: Patch) -> list[str]:
    headers = [h for h in (patch.to_header, patch.cc_header) if h]
    return [a.email.lower() for a in parse_address_list(headers) if "@" in a.email]


def _evidence(patch: Patch, maintainers_format: str | None) -> _Evidence:
    kinds = [(path, _path_kind(path)) for path in patch.files]

    def dirs(kind: str) -> tuple[str, ...]:
        return _first(
            "/".join(p.split("/")[: 2 if p.startswith(("tools/", "include/")) else 1])
            + ("/" if "/" in p else "")
            for p, k in kinds
            if k == kind
        )

    addresses = _addresses(patch)
    tags = patch.subject.prefixes
    return _Evidence(
        xen_tree_tags=_first(t for t in tags if _XEN_TREE_TAG.match(t)),
        other_tree_tags=_first(t for t in tags if _OTHER_TREE_TAG.match(t)),
        xen_paths=_first(p for p, k in kinds if k == "xen"),
        linux_paths=dirs("linux"),
        qemu_shared_paths=dirs("qemu-shared"),
        other_paths=dirs("other"),
        xen_lists=_first(a for a in addresses if _XEN_LISTS.search(a)),
        linux_lists=_first(a for a in addresses if _LINUX_LISTS.search(a)),
        other_lists=_first(a for a in addresses if _OTHER_LISTS.search(a)),
        xen_list_tags=_first(t for t in patch.subject.list_tags if _XEN_LIST_TAG.match(t)),
        linux_tags=_first(t for t in tags if t.lower() in LINUX_TAGS),
        xen_maintainers=maintainers_format == "xen",
    )


def _said(kind: str, items: tuple[str, ...]) -> list[str]:
    return [f"{kind} {item}" for item in items]


def detect_tree(patch: Patch, maintainers_format: str | None = None) -> tuple[str, tuple[str, ...]]:
    """`xen`, `linux` or `other`, and the evidence that decided it, in words (module
    docstring: the order of the evidence)."""
    ev = _evidence(patch, maintainers_format)
    if ev.other_tree_tags:
        return "other", tuple(_said("subject tag", ev.other_tree_tags))
    if ev.xen_tree_tags or ev.xen_paths:
        return "xen", tuple(
            _said("subject tag", ev.xen_tree_tags)
            + _said("path", ev.xen_paths)
            + _said("list", ev.xen_lists)
        )
    qemu_list = bool(ev.other_lists) and not ev.linux_lists
    if ev.linux_paths or (ev.qemu_shared_paths and not qemu_list):
        return "linux", tuple(
            _said("path", ev.linux_paths + ev.qemu_shared_paths) + _said("list", ev.linux_lists)
        )
    if ev.other_paths:
        return "other", tuple(_said("path", ev.other_paths) + _said("list", ev.other_lists))
    if ev.linux_lists or ev.linux_tags:
        return "linux", tuple(_said("list", ev.linux_lists) + _said("subject tag", ev.linux_tags))
    xen_words = (
        _said("list", ev.xen_lists)
        + _said("list tag", ev.xen_list_tags)
        + (["MAINTAINERS format xen"] if ev.xen_maintainers else [])
    )
    if xen_words:
        return "xen", tuple(xen_words)
    if ev.other_lists:
        return "other", tuple(_said("list", ev.other_lists) + _said("path", ev.qemu_shared_paths))
    return "linux", ("no evidence of another tree",)


def _tree_profile(tree: str, path: str) -> Profile:
    if tree == "xen":
        return "xen-hypervisor" if path.startswith("xen/") else "xen-tools"
    return "linux" if tree == "linux" else "other"


def patch_profile(
    patch: Patch, config: ProfilesConfig | None = None, maintainers_format: str | None = None
) -> PatchProfile:
    """The profile `patch` is judged by: forced by `--profile` or `[profiles] force`, each
    file matching a `[profiles.paths]` glob judged by that glob's profile, the rest by the
    patch's evidence; the patch's own profile is the one most of its files have (the first
    file's on a tie)."""
    config = config or ProfilesConfig()
    if config.force is not None and config.forced_by == "flag":
        return PatchProfile(config.force, "flag", ("--profile",))
    tree: str = ""
    evidence: tuple[str, ...] = ("[profiles] force",)
    source: ProfileSource = "config"
    if config.force is None:
        tree, evidence = detect_tree(patch, maintainers_format)
        source = "detected"
    chosen: list[tuple[str, Profile]] = []
    globbed: list[str] = []
    for path in patch.files:
        glob = next(((g, p) for g, p in config.paths if fnmatch.fnmatchcase(path, g)), None)
        if glob is not None:
            chosen.append((path, glob[1]))
            globbed.append(f"[profiles.paths] {glob[0]}")
        else:
            chosen.append((path, config.force or _tree_profile(tree, path)))
    if not chosen:
        name: Profile = config.force or _tree_profile(tree, "xen/" if tree == "xen" else "")
    else:
        counts = Counter(p for _, p in chosen)
        name = max(counts, key=lambda p: (counts[p], -[q for _, q in chosen].index(p)))
    if globbed and len(globbed) == len(chosen):
        source, evidence = "config", ()
    words = (*evidence, *_first(globbed, 4))
    return PatchProfile(name, source, words, tuple((f, p) for f, p in chosen if p != name))


def series_profiles(
    series: Series, config: ProfilesConfig | None = None, maintainers_format: str | None = None
) -> dict[str, PatchProfile]:
    """Every patch's profile in a series (posted and proposed in replies), by message key."""
    out: dict[str, PatchProfile] = {}
    for rev in series.revisions:
        patches = [*rev.patches.values(), *rev.carried.values(), *(p for _, p in rev.proposed)]
        for patch in patches:
            if patch.message_key not in out:
                out[patch.message_key] = patch_profile(patch, config, maintainers_format)
    return out


def revision_profile(
    patches: Iterable[Patch], profiles: Mapping[str, PatchProfile]
) -> PatchProfile | None:
    """A revision's profile, for what is said about it as a whole (its changelog, its
    approvals): the one most of its patches have (the first patch's on a tie)."""
    named = [profiles[p.message_key] for p in patches if p.message_key in profiles]
    if not named:
        return None
    counts = Counter(p.name for p in named)
    best = max(counts, key=lambda n: (counts[n], -[p.name for p in named].index(n)))
    return next(p for p in named if p.name == best)


# Linux-tree files that are not kernel code: kernel rules (`BUG_ON()`, `strscpy()`) do not
# apply to the programs under these directories, nor to Documentation/
USERSPACE = ("tools/", "scripts/", "samples/", "usr/", "Documentation/")
# subject tags of projects that post to kernel lists but are not the kernel, though their
# paths (lib/, include/) look like its own: `[PATCH iproute2-next]`, `[kvm-unit-tests PATCH]`
OTHER_PROJECTS = (
    "iproute2",
    "ethtool",
    "qemu",
    "kvm-unit-tests",
    "kvmtool",
    "libvirt",
    "rdma-core",
    "xfstests",
    "util-linux",
    "dpdk",
    "edk2",
    "crosvm",
    "cloud-hv",
    "rust-vmm",
    "virtiofsd",
    "seabios",
    "ovmf",
)


def linux_userspace(path: str, prefixes: Sequence[str] = ()) -> bool:
    """A file that is not Linux kernel code: the programs under tools/, scripts/, samples/
    and usr/, Documentation/, and any file of a patch whose subject tags name another
    project (`[PATCH iproute2-next]`); kernel rules (`BUG_ON()`, `strscpy()`) do not apply
    there."""
    return path.startswith(USERSPACE) or any(p.lower().startswith(OTHER_PROJECTS) for p in prefixes)
