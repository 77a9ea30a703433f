"""The ops-struct prototype knowledge base: for each struct with function-pointer members
(net_device_ops, ethtool_ops, file_operations, Xen's hvm_function_table, ...), each member's
return and parameter types, as shipped in a given kernel or Xen release.

    kb = load_kb()                                   # every KB shipped in patchlint/data/kb
    kb.members("ndo_fix_features")                   # -> [MemberProto, ...] one per release
    kb.check("ndo_fix_features", "u32", ["struct xenvif *vif", "u32 features"],
             struct="net_device_ops")                # -> KBCheck(ok=False, reason=...)
    compatible(proto, "u32", ["struct net_device *dev", "u32 features"])  # -> (True, "...")
    read_function_head("static u32 f(struct xenvif *vif, u32 features)")  # name, ret, params

A member matches if it is compatible with the prototype of ANY release the KB holds; the
comparison is conservative (`ctype.compare_types`; docs/kb.md has the policy).

File format (JSON, `"format": "patchlint-opskb", "version": 1`) is documented in docs/kb.md;
`build_kb` writes it from a source tree, `patchlint kb build` is its command line.
"""

from __future__ import annotations

import fnmatch
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from patchlint.analysis.ctype import (
    Fn,
    Param,
    Ptr,
    compare_signatures,
    parse_type,
    read_function_head,
    render,
)
from patchlint.analysis.opsextract import Extractor, StructDecl
from patchlint.errors import InputError, UsageError

__all__ = [
    "FORMAT", "FORMAT_VERSION", "KBCheck", "KBFile", "KnowledgeBase", "MemberProto",
    "StructProto", "available_kbs", "build_kb", "compatible", "load_kb", "parse_kb",
    "read_function_head", "read_kb_file",
]

FORMAT = "patchlint-opskb"
FORMAT_VERSION = 1

# The headers the shipped KBs are built from (globs relative to the tree); see docs/kb.md.
LINUX_HEADERS: tuple[str, ...] = (
    "include/linux/*.h",            # netdevice.h, ethtool.h, fs.h, blkdev.h, mm.h, pci.h, ...
    "include/linux/device/*.h",     # bus_type, device_driver, class
    "include/linux/usb/*.h",        # usb_gadget_ops, usb_phy, hcd, ...
    "include/linux/spi/*.h",
    "include/linux/gpio/*.h",
    "include/linux/pinctrl/*.h",
    "include/linux/phy/*.h",
    "include/linux/mfd/core.h",
    "include/net/*.h",              # cfg80211.h, mac80211.h, sock.h, dsa.h, devlink.h, ...
    "include/net/netfilter/*.h",
    "include/xen/*.h",              # xenbus_driver, ...
    "include/drm/*.h",              # drm_driver, drm_*_funcs
    "include/scsi/*.h",             # scsi_host_template, ...
    "include/sound/*.h",            # snd_pcm_ops, snd_soc_*_driver
    "include/media/*.h",            # v4l2_*_ops, vb2_ops
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


# --- the loaded form ---------------------------------------------------------------------

@dataclass(frozen=True)
class MemberProto:
    """One ops-struct member's prototype in one release."""

    struct: str
    member: str
    ret: str                           # canonical C text: "netdev_features_t"
    params: tuple[str, ...]            # canonical types, no names: ("struct net_device *", ...)
    param_names: tuple[str | None, ...]
    source: str                        # "linux 6.1.176"
    file: str = ""
    line: int = 0
    variadic: bool = False
    prototyped: bool = True            # False: declared `()`, nothing known of the params
    condition: str | None = None       # preprocessor condition around it in the struct
    typedef: str | None = None         # function typedef it was declared with
    path: tuple[str, ...] = ()         # anonymous struct/union fields leading to it
    array: str | None = None           # array size, for an array of function pointers

    @property
    def fn(self) -> Fn:
        """The member's function type, read back from the canonical text."""
        return Fn(parse_type(self.ret).type,
                  tuple(Param(parse_type(t).type, n)
                        for t, n in zip(self.params, self.param_names, strict=True)),
                  self.variadic, self.prototyped)

    def prototype(self) -> str:
        """`netdev_features_t (*ndo_fix_features)(struct net_device *dev, ...)`"""
        return render(Ptr(self.fn), self.member)

    def qualname(self) -> str:
        return ".".join((self.struct, *self.path, self.member))


@dataclass(frozen=True)
class StructProto:
    name: str
    kind: str
    file: str
    line: int
    source: str
    members: tuple[MemberProto, ...]


@dataclass(frozen=True)
class KBFile:
    """One KB: the ops structs of one release."""

    name: str                          # "linux-6.1"
    project: str                       # "linux" | "xen"
    release: str                       # "6.1.176"
    origin: str                        # where the sources came from
    structs: tuple[StructProto, ...]

    @property
    def source(self) -> str:
        return f"{self.project} {self.release}"


@dataclass(frozen=True)
class KBCheck:
    """What `KnowledgeBase.check` says about one assignment. `ok` is None when the KB does not
    know the member (nothing can be said), True when the function matches at least one
    release's prototype, False when it matches none (certain mismatch)."""

    ok: bool | None
    reason: str
    matched: MemberProto | None
    candidates: tuple[MemberProto, ...]


class KnowledgeBase:
    """Several KB files (releases) queried together."""

    def __init__(self, files: Sequence[KBFile]) -> None:
        self.files = tuple(files)
        self._members: dict[str, list[MemberProto]] = {}
        self._structs: dict[str, list[StructProto]] = {}
        for kb in self.files:
            for st in kb.structs:
                self._structs.setdefault(st.name, []).append(st)
                for m in st.members:
                    self._members.setdefault(m.member, []).append(m)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(kb.source for kb in self.files)

    def members(self, member_name: str, struct: str | None = None) -> list[MemberProto]:
        """Every prototype of a member of that name (of `struct` only, if given), newest
        release first."""
        found = self._members.get(member_name, [])
        return [m for m in found if struct is None or m.struct == struct]

    def struct(self, name: str) -> list[StructProto]:
        """The struct as each release declares it (empty if no KB knows it)."""
        return list(self._structs.get(name, []))

    def struct_names(self) -> list[str]:
        return sorted(self._structs)

    def check(self, member_name: str, ret: str, params: Sequence[str],
              struct: str | None = None) -> KBCheck:
        """Is a function `ret f(params)` fit for `.member_name = f`? Compatible with any
        release's prototype (of `struct`, if the initializer names it) is a match."""
        cands = tuple(self.members(member_name, struct))
        if not cands:
            where = f"{struct}.{member_name}" if struct else member_name
            return KBCheck(None, f"{where} is not in the knowledge base", None, ())
        first_reason = ""
        for proto in cands:
            ok, reason = compatible(proto, ret, params)
            if ok:
                return KBCheck(True, reason, proto, cands)
            first_reason = first_reason or reason
        return KBCheck(False, first_reason, None, cands)


def _signature(ret: str, params: Sequence[str]) -> Fn:
    items = [p for p in params if p.strip()]
    variadic = bool(items) and items[-1].strip() == "..."
    if variadic:
        items = items[:-1]
    parsed = [parse_type(p) for p in items]
    if len(parsed) == 1 and parsed[0].name is None and render(parsed[0].type) == "void":
        parsed = []
    return Fn(parse_type(ret).type, tuple(parsed), variadic, True)


def compatible(expected: MemberProto, ret: str, params: Sequence[str]) -> tuple[bool, str]:
    """Can a function returning `ret` and taking `params` (C text, names allowed:
    `"struct xenvif *vif"`) be assigned to the member `expected`? False only for a certain
    mismatch: different struct tags, pointer depth, arity, void against a value, different
    exact integer types; unknown typedefs and typedef aliases (`u32` for `netdev_features_t`)
    are accepted. The reason says what differs, or why it was accepted."""
    verdict = compare_signatures(expected.fn, _signature(ret, params))
    where = f"{expected.qualname()} ({expected.source})"
    if not verdict.ok:
        return False, f"{verdict.reason}; {where} is `{expected.prototype()}`"
    if verdict.notes:
        return True, f"compatible with {where}: " + "; ".join(verdict.notes)
    return True, f"compatible with {where}"


# --- the file format ---------------------------------------------------------------------

def _member_json(m: MemberProto) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": m.member, "ret": m.ret,
        "params": [[t, n] for t, n in zip(m.params, m.param_names, strict=True)],
        "line": m.line,
    }
    if m.variadic:
        out["variadic"] = True
    if not m.prototyped:
        out["prototyped"] = False
    for key, val in (("if", m.condition), ("typedef", m.typedef), ("array", m.array)):
        if val is not None:
            out[key] = val
    if m.path:
        out["path"] = list(m.path)
    return out


def _struct_protos(decls: Iterable[StructDecl], source: str) -> list[StructProto]:
    out = []
    for d in decls:
        members = []
        for m in d.members:
            fn = m.fn
            members.append(MemberProto(
                struct=d.name, member=m.name, ret=render(fn.ret),
                params=tuple(render(p.type) for p in fn.params),
                param_names=tuple(p.name for p in fn.params), source=source, file=d.file,
                line=m.line, variadic=fn.variadic, prototyped=fn.prototyped,
                condition=m.condition, typedef=m.typedef, path=m.path, array=m.array))
        out.append(StructProto(d.name, d.kind, d.file, d.line, source, tuple(members)))
    return out


def dumps_kb(kb: KBFile, headers: Sequence[str], stats: dict[str, Any]) -> str:
    """The KB as JSON text: one struct per line and one member per line (diffs stay
    readable when a KB is rebuilt)."""
    head: dict[str, Any] = {
        "format": FORMAT, "version": FORMAT_VERSION, "project": kb.project,
        "release": kb.release, "origin": kb.origin, "headers": list(headers), "stats": stats,
    }
    lines = ["{"]
    for key, val in head.items():
        lines.append(f"{json.dumps(key)}: {json.dumps(val, ensure_ascii=False)},")
    lines.append('"structs": [')
    structs = []
    for st in kb.structs:
        meta = json.dumps({"name": st.name, "kind": st.kind, "file": st.file, "line": st.line},
                          ensure_ascii=False)
        members = ",\n".join(json.dumps(_member_json(m), ensure_ascii=False,
                                        separators=(",", ":")) for m in st.members)
        structs.append(f'{meta[:-1]}, "members": [\n{members}\n]}}')
    lines.append(",\n".join(structs))
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _req(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    val = obj.get(key)
    if not isinstance(val, kind):
        raise InputError(f"{where}: `{key}` missing or not a {kind.__name__}")
    return val


def parse_kb(data: Any, name: str) -> KBFile:
    """A KB from its decoded JSON; InputError if the document is not a KB of a version this
    patchlint reads."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{name}: not a patchlint ops KB (format {FORMAT!r} expected)")
    if data.get("version") != FORMAT_VERSION:
        raise InputError(f"{name}: KB format version {data.get('version')!r}, this patchlint "
                         f"reads version {FORMAT_VERSION}")
    project = _req(data, "project", str, name)
    release = _req(data, "release", str, name)
    origin = data.get("origin") or ""
    source = f"{project} {release}"
    structs = []
    for i, st in enumerate(_req(data, "structs", list, name)):
        where = f"{name}: structs[{i}]"
        if not isinstance(st, dict):
            raise InputError(f"{where}: not an object")
        sname = _req(st, "name", str, where)
        sfile = st.get("file") or ""
        members = []
        for j, m in enumerate(_req(st, "members", list, where)):
            mwhere = f"{where}.members[{j}]"
            if not isinstance(m, dict):
                raise InputError(f"{mwhere}: not an object")
            params = _req(m, "params", list, mwhere)
            if not all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)
                       and (p[1] is None or isinstance(p[1], str)) for p in params):
                raise InputError(f"{mwhere}: params must be [type, name|null] pairs")
            members.append(MemberProto(
                struct=sname, member=_req(m, "name", str, mwhere),
                ret=_req(m, "ret", str, mwhere),
                params=tuple(p[0] for p in params), param_names=tuple(p[1] for p in params),
                source=source, file=sfile, line=int(m.get("line") or 0),
                variadic=bool(m.get("variadic", False)),
                prototyped=bool(m.get("prototyped", True)), condition=m.get("if"),
                typedef=m.get("typedef"), path=tuple(m.get("path") or ()),
                array=m.get("array")))
        structs.append(StructProto(sname, st.get("kind") or "struct", sfile,
                                   int(st.get("line") or 0), source, tuple(members)))
    return KBFile(name, project, release, str(origin), tuple(structs))


def read_kb_file(path: Path) -> KBFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read the KB: {exc}") from exc
    return parse_kb(data, path.stem)


# --- shipped KBs -------------------------------------------------------------------------

def _shipped() -> dict[str, Any]:
    root = resources.files("patchlint").joinpath("data", "kb")
    if not root.is_dir():
        return {}
    return {e.name[:-5]: e for e in root.iterdir() if e.name.endswith(".json")}


def _release_key(name: str) -> tuple[str, tuple[int, ...]]:
    project, _, rel = name.partition("-")
    return project, tuple(int(x) for x in re.findall(r"\d+", rel))


def available_kbs() -> list[str]:
    """Names of the shipped KBs (`linux-6.1`, `linux-6.12`, `xen-4.20`), oldest first per
    project."""
    return sorted(_shipped(), key=_release_key)


def load_kb(names: Iterable[str] | None = None,
            paths: Iterable[Path] = ()) -> KnowledgeBase:
    """The shipped KBs named (fnmatch patterns allowed: `linux-*`; default: all), plus KB
    files at `paths`. Newest release first within a project, so `members()` lists the
    current prototype before older ones."""
    shipped = _shipped()
    chosen: list[str] = []
    if names is None:
        chosen = list(shipped)
    else:
        for pat in names:
            hits = [n for n in shipped if fnmatch.fnmatchcase(n, pat)]
            if not hits:
                raise UsageError(f"no shipped ops KB matches {pat!r} "
                                 f"(have: {', '.join(available_kbs()) or 'none'})")
            chosen.extend(h for h in hits if h not in chosen)
    files = []
    for n in sorted(chosen, key=_release_key, reverse=True):
        try:
            data = json.loads(shipped[n].read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"shipped KB {n}: {exc}") from exc
        files.append(parse_kb(data, n))
    files.extend(read_kb_file(Path(p)) for p in paths)
    return KnowledgeBase(files)


# --- building ----------------------------------------------------------------------------

def detect_project(tree: Path) -> str:
    if (tree / "include" / "linux").is_dir():
        return "linux"
    if (tree / "xen" / "include" / "xen").is_dir():
        return "xen"
    raise UsageError(f"{tree}: neither a Linux tree (include/linux) nor a Xen tree "
                     "(xen/include/xen); pass --project and --headers")


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


def build_kb(tree: Path, headers: Sequence[str] | None = None, *, project: str | None = None,
             release: str | None = None, origin: str = "", name: str | None = None
             ) -> BuildResult:
    """Extract every ops struct from the headers of `tree` and serialise it as a KB."""
    if not tree.is_dir():
        raise InputError(f"{tree}: not a directory")
    start = time.perf_counter()
    project = project or detect_project(tree)
    globs = tuple(headers) if headers else (
        LINUX_HEADERS if project == "linux" else XEN_HEADERS if project == "xen" else ())
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
    structs = _struct_protos(ex.structs(), source)
    short = ".".join(release.split(".")[:2])
    kb = KBFile(name or f"{project}-{short}", project, release, origin, tuple(structs))
    n_members = sum(len(s.members) for s in structs)
    stats = {"files": ex.stats.files, "structs": len(structs), "members": n_members,
             "files_with_parse_errors": ex.stats.parse_errors}
    text = dumps_kb(kb, globs, stats)
    return BuildResult(kb, text, ex.stats.files, len(structs), n_members,
                       ex.stats.parse_errors, time.perf_counter() - start)
