"""Building an ops-struct KB from a Linux or Xen source tree: which headers are read, which
release the tree is, and the extracted structs serialised (`patchlint kb build`,
`tools/build-kb.sh`; docs/kb.md)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from patchlint.c.kb.extract import Extractor, StructDecl
from patchlint.c.kb.fileformat import dumps_kb
from patchlint.c.kb.model import KBFile, MemberProto, StructProto
from patchlint.c.types import render
from patchlint.errors import InputError, UsageError

# The headers the shipped KBs are built from (globs relative to the tree); see docs/kb.md.
LINUX_HEADERS: tuple[str, ...] = (
    "include/linux/*.h",  # netdevice.h, ethtool.h, fs.h, blkdev.h, mm.h, pci.h, ...
    "include/linux/device/*.h",  # bus_type, device_driver, class
    "include/linux/usb/*.h",  # usb_gadget_ops, usb_phy, hcd, ...
    "include/linux/spi/*.h",
    "include/linux/gpio/*.h",
    "include/linux/pinctrl/*.h",
    "include/linux/phy/*.h",
    "include/linux/mfd/core.h",
    "include/net/*.h",  # cfg80211.h, mac80211.h, sock.h, dsa.h, devlink.h, ...
    "include/net/netfilter/*.h",
    "include/xen/*.h",  # xenbus_driver, ...
    "include/drm/*.h",  # drm_driver, drm_*_funcs
    "include/scsi/*.h",  # scsi_host_template, ...
    "include/sound/*.h",  # snd_pcm_ops, snd_soc_*_driver
    "include/media/*.h",  # v4l2_*_ops, vb2_ops
)
XEN_HEADERS: tuple[str, ...] = (
    "xen/include/**/*.h",
    "xen/arch/x86/include/**/*.h",
    "xen/arch/arm/include/**/*.h",
    "xen/arch/x86/**/*.h",
    "xen/arch/arm/**/*.h",
    "xen/common/**/*.h",
    "xen/drivers/**/*.h",
    "xen/xsm/**/*.h",
)


def struct_protos(decls: Iterable[StructDecl], source: str) -> list[StructProto]:
    out = []
    for d in decls:
        members = []
        for m in d.members:
            fn = m.fn
            members.append(
                MemberProto(
                    struct=d.name,
                    member=m.name,
                    ret=render(fn.ret),
                    params=tuple(render(p.type) for p in fn.params),
                    param_names=tuple(p.name for p in fn.params),
                    source=source,
                    file=d.file,
                    line=m.line,
                    variadic=fn.variadic,
                    prototyped=fn.prototyped,
                    condition=m.condition,
                    typedef=m.typedef,
                    path=m.path,
                    array=m.array,
                )
            )
        out.append(StructProto(d.name, d.kind, d.file, d.line, source, tuple(members)))
    return out


def detect_project(tree: Path) -> str:
    if (tree / "include" / "linux").is_dir():
        return "linux"
    if (tree / "xen" / "include" / "xen").is_dir():
        return "xen"
    raise UsageError(
        f"{tree}: neither a Linux tree (include/linux) nor a Xen tree "
        "(xen/include/xen); pass --project and --headers"
    )


def detect_release(tree: Path, project: str) -> str | None:
    """From the top Makefile (Linux: VERSION/PATCHLEVEL/SUBLEVEL; Xen: xen/Makefile's
    XEN_VERSION/XEN_SUBVERSION)."""

    def grab(text: str, key: str) -> str | None:
        m = re.search(rf"^\s*(?:export\s+)?{key}\s*\??=\s*(\S*)", text, re.M)
        return m.group(1) if m else None

    if project == "linux":
        mk = tree / "Makefile"
        if not mk.is_file():
            return None
        text = mk.read_text(errors="replace")
        parts = [grab(text, k) for k in ("VERSION", "PATCHLEVEL", "SUBLEVEL")]
        if not parts[0] or parts[1] is None:
            return None
        return ".".join(p for p in parts if p)
    mk = tree / "xen" / "Makefile"
    if not mk.is_file():
        return None
    text = mk.read_text(errors="replace")
    major, minor = grab(text, "XEN_VERSION"), grab(text, "XEN_SUBVERSION")
    return f"{major}.{minor}" if major and minor else None


def header_files(tree: Path, globs: Sequence[str]) -> list[tuple[str, Path]]:
    """(relative path, path) of the files under `tree` matching any glob (relative, `**`
    allowed), sorted, each once; never outside the tree."""
    root = tree.resolve()
    seen: dict[str, Path] = {}
    for g in globs:
        if Path(g).is_absolute() or ".." in Path(g).parts:
            raise UsageError(f"--headers {g!r}: give a glob relative to the tree")
        for p in root.glob(g):
            if not p.is_file():
                continue
            rp = p.resolve()
            if not rp.is_relative_to(root):
                continue
            seen.setdefault(p.relative_to(root).as_posix(), p)
    return [(k, seen[k]) for k in sorted(seen)]


@dataclass(frozen=True)
class BuildResult:
    kb: KBFile
    text: str
    files: int
    structs: int
    members: int
    parse_errors: int
    seconds: float


def build_kb(
    tree: Path,
    headers: Sequence[str] | None = None,
    *,
    project: str | None = None,
    release: str | None = None,
    origin: str = "",
    name: str | None = None,
    released: date | None = None,
) -> BuildResult:
    """Extract every ops struct from the headers of `tree` and serialise it as a KB."""
    if not tree.is_dir():
        raise InputError(f"{tree}: not a directory")
    start = time.perf_counter()
    project = project or detect_project(tree)
    globs = (
        tuple(headers)
        if headers
        else (LINUX_HEADERS if project == "linux" else XEN_HEADERS if project == "xen" else ())
    )
    if not globs:
        raise UsageError(f"no default headers for project {project!r}: pass --headers")
    release = release or detect_release(tree, project) or "unknown"
    files = header_files(tree, globs)
    if not files:
        raise InputError(f"{tree}: no file matches {', '.join(globs)}")
    ex = Extractor()
    for rel, f in files:
        try:
            raw = f.read_bytes()
        except OSError as exc:
            raise InputError(f"{f}: {exc}") from exc
        ex.add(rel, raw)
    source = f"{project} {release}"
    structs = struct_protos(ex.structs(), source)
    short = ".".join(release.split(".")[:2])
    kb = KBFile(name or f"{project}-{short}", project, release, origin, tuple(structs), released)
    n_members = sum(len(s.members) for s in structs)
    stats = {
        "files": ex.stats.files,
        "structs": len(structs),
        "members": n_members,
        "files_with_parse_errors": ex.stats.parse_errors,
    }
    text = dumps_kb(kb, globs, stats)
    return BuildResult(
        kb,
        text,
        ex.stats.files,
        len(structs),
        n_members,
        ex.stats.parse_errors,
        time.perf_counter() - start,
    )
