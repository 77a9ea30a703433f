"""Which code base a changed file belongs to: Linux, the Xen hypervisor or the Xen tools.

Linux has no top-level `xen/` directory (its Xen code is drivers/xen, arch/x86/xen), so
`xen/...` is the hypervisor. `tools/` exists in both trees: its second component tells them
apart (Xen's libxl, libs, xl, xenstore...; Linux's perf, testing, bpf...), and where both
trees have the name (include, firmware, tests) the rest of the patch decides: a patch with
other Xen paths, or sent to xen-devel with no Linux paths, is Xen's.
"""

from __future__ import annotations

from collections.abc import Sequence

XEN_TOOLS = frozenset({
    "libxl", "libxc", "libs", "xl", "xenstore", "xenstored", "misc", "ocaml", "python",
    "hotplug", "xentrace", "console", "golang", "flask", "xcutils", "libfsimage", "helpers",
    "xenpaging", "xenmon", "pygrub", "xenpmd", "debugger", "blktap", "blktap2", "ioemu",
    "libvchan", "xenstat", "light", "xl.c", "Rules.mk", "xen-access", "xentop", "9pfsd",
    "xenbackendd", "libacpi", "fuzz", "xs", "memshr", "check", "vchan", "examples",
})
BOTH = frozenset({"include", "firmware", "tests", "Makefile", "config", "scripts"})
LINUX_TOP = frozenset({
    "arch", "block", "certs", "crypto", "drivers", "fs", "include", "init", "io_uring", "ipc",
    "kernel", "lib", "mm", "net", "rust", "samples", "security", "sound", "usr", "virt",
    "Documentation", "LICENSES", "MAINTAINERS",
})


def patch_is_xen(paths: Sequence[str], list_tags: Sequence[str] = ()) -> bool:
    """A patch to the Xen tree (not a Linux patch Cc'd to xen-devel)."""
    tops = [p.split("/", 1)[0] for p in paths]
    if any(t == "xen" for t in tops):
        return True
    if any(p.startswith("tools/") and p.split("/")[1:2] and p.split("/")[1] in XEN_TOOLS
           for p in paths):
        return True
    tagged = any("xen" in t.lower() for t in list_tags)
    return tagged and not any(t in LINUX_TOP and t not in BOTH for t in tops)


def project_of(path: str, xen_patch: bool) -> str:
    """`xen-hypervisor`, `xen-tools` or `linux` for one file of a patch."""
    parts = path.split("/")
    if parts[0] == "xen" and len(parts) > 1:
        return "xen-hypervisor"
    if xen_patch:
        return "xen-tools"
    return "linux"


USERSPACE = ("tools/", "scripts/", "samples/", "usr/", "Documentation/")
# subject tags of projects that post to kernel lists but are not the kernel, though their
# paths (lib/, include/) look like its own: `[PATCH iproute2-next]`, `[kvm-unit-tests PATCH]`
OTHER_PROJECTS = ("iproute2", "ethtool", "qemu", "kvm-unit-tests", "kvmtool", "libvirt",
                  "rdma-core", "xfstests", "util-linux", "dpdk", "edk2", "crosvm", "cloud-hv",
                  "rust-vmm", "virtiofsd", "seabios", "ovmf")


def linux_userspace(path: str, prefixes: Sequence[str] = ()) -> bool:
    """A file that is not Linux kernel code: the programs under tools/, scripts/, samples/
    and usr/, Documentation/, and any file of a patch whose subject tags name another
    project (`[PATCH iproute2-next]`); kernel rules (`BUG_ON()`, `strscpy()`) do not apply
    there."""
    return path.startswith(USERSPACE) or any(
        p.lower().startswith(OTHER_PROJECTS) for p in prefixes)
