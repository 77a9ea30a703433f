"""The ops-struct KB: prototype compatibility, the shipped KBs (release dates included), the
file format, how a name picks KBs, and building one from a tree."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest

from patchlint.c.kb.build import build_kb
from patchlint.c.kb.fileformat import FORMAT, FORMAT_VERSION, parse_kb
from patchlint.c.kb.lookup import compatible
from patchlint.c.kb.model import MemberProto
from patchlint.c.kb.shipped import available_kbs, load_kb, select
from patchlint.c.types import parse_type, read_function_head, render
from patchlint.errors import InputError, UsageError
from tests.conftest import ROOT

# --- type comparison ----------------------------------------------------------------------


def proto(
    ret: str,
    *params: tuple[str, str | None],
    struct: str = "net_device_ops",
    member: str = "ndo_fix_features",
    variadic: bool = False,
) -> MemberProto:
    return MemberProto(
        struct=struct,
        member=member,
        ret=ret,
        params=tuple(t for t, _ in params),
        param_names=tuple(n for _, n in params),
        source="linux test",
        variadic=variadic,
    )


NDO_FIX_FEATURES = proto(
    "netdev_features_t", ("struct net_device *", "dev"), ("netdev_features_t", "features")
)


def test_u32_and_netdev_features_t_are_the_same_member_type():
    ok, reason = compatible(NDO_FIX_FEATURES, "u32", ["struct net_device *dev", "u32 features"])
    assert ok, reason
    assert "3.3" in reason
    ok, reason = compatible(
        NDO_FIX_FEATURES, "netdev_features_t", ["struct net_device*", "netdev_features_t"]
    )
    assert ok and reason == "compatible with net_device_ops.ndo_fix_features (linux test)"


def test_seed_000_v1_prototype_is_a_mismatch():
    ok, reason = compatible(NDO_FIX_FEATURES, "u32", ["struct xenvif *vif", "u32 features"])
    assert not ok
    assert reason.startswith(
        "parameter 1 is `struct xenvif *`, expected `struct net_device *` (different struct tags)"
    )
    assert (
        "netdev_features_t (*ndo_fix_features)(struct net_device *dev, "
        "netdev_features_t features)" in reason
    )


def test_arity_is_a_mismatch():
    ok, reason = compatible(NDO_FIX_FEATURES, "u32", ["struct net_device *dev"])
    assert not ok and reason.startswith("takes 1 parameter, expected 2 parameters")
    ok, reason = compatible(
        NDO_FIX_FEATURES, "u32", ["struct net_device *dev", "u32 f", "int extra"]
    )
    assert not ok and reason.startswith("takes 3 parameters, expected 2")
    printk = proto("int", ("const char *", "fmt"), variadic=True)
    assert compatible(printk, "int", ["const char *fmt", "..."])[0]
    assert not compatible(printk, "int", ["const char *fmt"])[0]


def test_unknown_typedefs_are_accepted_and_said_so():
    ok, reason = compatible(
        NDO_FIX_FEATURES, "my_features_t", ["struct net_device *dev", "my_features_t f"]
    )
    assert ok
    assert "return type: cannot tell: my_features_t is an unknown typedef" in reason
    assert "parameter 2: cannot tell: my_features_t is an unknown typedef" in reason


def test_unreadable_text_never_mismatches():
    assert parse_type("this is not a type (").type == parse_type("").type
    ok, _ = compatible(NDO_FIX_FEATURES, "u32", ["struct net_device *dev", "@@garbage@@"])
    assert ok


# --- the shipped KBs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_shipped_kbs_are_listed_and_small():
    assert available_kbs() == ["linux-6.1", "linux-6.12", "xen-4.20"]
    for path in (ROOT / "patchlint" / "data" / "kb").glob("*.json"):
        assert path.stat().st_size < 1_000_000, path


def test_shipped_kbs_know_ndo_fix_features_and_get_drvinfo(kb):
    fix = kb.members("ndo_fix_features")
    assert [m.source for m in fix] == ["linux 6.12.107", "linux 6.1.176"]
    for m in fix:
        assert (m.struct, m.ret, m.params, m.param_names) == (
            "net_device_ops",
            "netdev_features_t",
            ("struct net_device *", "netdev_features_t"),
            ("dev", "features"),
        )
        assert m.file == "include/linux/netdevice.h"
        assert m.prototype() == (
            "netdev_features_t (*ndo_fix_features)"
            "(struct net_device *dev, netdev_features_t features)"
        )
    drv = kb.members("get_drvinfo", struct="ethtool_ops")
    assert len(drv) == 2
    for m in drv:
        assert (m.ret, m.params) == ("void", ("struct net_device *", "struct ethtool_drvinfo *"))
    assert {st.source for st in kb.struct("ethtool_ops")} == {"linux 6.12.107", "linux 6.1.176"}
    assert kb.struct("no_such_ops") == []


def test_shipped_kbs_cover_common_ops_tables(kb):
    for struct, member in [
        ("file_operations", "unlocked_ioctl"),
        ("super_operations", "statfs"),
        ("block_device_operations", "open"),
        ("vm_operations_struct", "fault"),
        ("pci_driver", "probe"),
        ("usb_driver", "disconnect"),
        ("seq_operations", "show"),
        ("tty_operations", "write"),
        ("xenbus_driver", "otherend_changed"),
        ("hvm_function_table", "cpu_up"),
        ("iommu_ops", "init"),
        ("scheduler", "init"),
    ]:
        assert kb.members(member, struct=struct), f"{struct}.{member}"


def test_seed_000_against_the_shipped_kb(kb):
    v1 = kb.check(
        "ndo_fix_features", "u32", ["struct xenvif *vif", "u32 features"], struct="net_device_ops"
    )
    assert v1.ok is False and "different struct tags" in v1.reason
    assert len(v1.candidates) == 2
    v2 = kb.check(
        "ndo_fix_features",
        "u32",
        ["struct net_device *dev", "u32 features"],
        struct="net_device_ops",
    )
    assert v2.ok is True and v2.matched is not None
    unknown = kb.check("ndo_no_such_member", "int", [])
    assert unknown.ok is None and unknown.candidates == ()


def test_seed_000_fixture_lines(kb):
    """The prototypes as the two revisions of seed 000 add them, read from the fixture."""
    mbox = (ROOT / "fixtures" / "threads" / "000-xen-netback-hw-features.mbox").read_text()
    added = [
        line[1:]
        for line in mbox.splitlines()
        if line.startswith("+static u32 xenvif_fix_features(")
    ]
    assert added == [
        "static u32 xenvif_fix_features(struct xenvif *vif, u32 features)",
        "static u32 xenvif_fix_features(struct net_device *dev, u32 features)",
        "static u32 xenvif_fix_features(struct net_device *dev, u32 features)",
    ]
    verdicts = []
    for line in added:
        head = read_function_head(line)
        assert head is not None
        _, ret, params = head
        verdicts.append(kb.check("ndo_fix_features", ret, params, struct="net_device_ops").ok)
    assert verdicts == [False, True, True]  # v1, Ian's fix-up, v2


def test_a_member_matches_if_any_release_matches(kb):
    # ndo_get_stats64 returned a pointer until 4.11; both 6.x KBs say void, so the old
    # prototype mismatches every release; the current one matches.
    assert kb.check(
        "ndo_get_stats64", "void", ["struct net_device *dev", "struct rtnl_link_stats64 *s"]
    ).ok
    old = kb.check(
        "ndo_get_stats64",
        "struct rtnl_link_stats64 *",
        ["struct net_device *dev", "struct rtnl_link_stats64 *s"],
    )
    assert old.ok is False and "void against non-void" in old.reason
    # ethtool_ops.get_ringparam gained two parameters in 5.17: 6.1 and 6.12 agree on four
    ring = kb.members("get_ringparam", struct="ethtool_ops")
    assert {len(m.params) for m in ring} == {4}


def test_research_figures_for_netdevice_fs_ethtool_in_6_1(kb):
    files = {"include/linux/netdevice.h", "include/linux/ethtool.h", "include/linux/fs.h"}
    (linux61,) = [f for f in kb.files if f.name == "linux-6.1"]
    structs = [s for s in linux61.structs if s.file in files]
    members = [m for s in structs for m in s.members]
    # 19 structs / 299 members with a function-pointer declarator, plus two members declared
    # with a function typedef (net_device.rx_handler, dir_context.actor): 20 / 301
    assert (len(structs), len(members)) == (20, 301)
    via_typedef = {(m.struct, m.member) for m in members if m.typedef}
    assert via_typedef == {("net_device", "rx_handler"), ("dir_context", "actor")}
    assert len({s.name for s in structs if any(not m.typedef for m in s.members)}) == 19


def test_every_shipped_type_reads_back_to_itself(kb):
    """The canonical text the KB stores is what parse_type + render give back, so the
    comparison sees exactly what the extractor saw."""
    bad = []
    for f in kb.files:
        for st in f.structs:
            for m in st.members:
                for t in (m.ret, *m.params):
                    if render(parse_type(t).type) != t:
                        bad.append((f.name, m.qualname(), t))
    assert not bad, bad[:10]


def test_kb_documents_are_validated():
    with pytest.raises(InputError, match="not a patchlint ops KB"):
        parse_kb({"format": "something-else"}, "x")
    with pytest.raises(InputError, match="version 99"):
        parse_kb({"format": FORMAT, "version": 99}, "x")
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "project": "linux",
        "release": "1.0",
        "structs": [{"name": "s", "members": [{"name": "m", "ret": "int", "params": [["int"]]}]}],
    }
    with pytest.raises(InputError, match=r"structs\[0\]\.members\[0\]: params"):
        parse_kb(doc, "x")
    with pytest.raises(UsageError, match=r"no shipped ops KB matches 'linux-2\.6'"):
        load_kb(["linux-2.6"])
    assert [f.name for f in load_kb(["linux-*"]).files] == ["linux-6.12", "linux-6.1"]
    for bad in ("2022-13-01", 20221211, "December 2022"):
        with pytest.raises(InputError, match="`released` must be a date"):
            parse_kb({**doc, "released": bad, "structs": []}, "x")


def test_shipped_kbs_record_when_their_api_was_released():
    """The first release of each series (not the Debian point release the KB was built
    from): what ops-prototype-mismatch weighs a patch's date against."""
    kb = load_kb()
    assert {f.name: f.released for f in kb.files} == {
        "linux-6.1": date(2022, 12, 11),
        "linux-6.12": date(2024, 11, 17),
        "xen-4.20": date(2025, 3, 5),
    }
    assert load_kb(["linux"]).releases() == [
        (date(2022, 12, 11), "linux-6.1"),
        (date(2024, 11, 17), "linux-6.12"),
    ]


@pytest.mark.parametrize(
    "pattern, picked",
    [
        ("linux-6.1", ["linux-6.1"]),  # a name is itself, not a prefix
        ("linux-6.12", ["linux-6.12"]),
        ("linux", ["linux-6.1", "linux-6.12"]),  # a project
        ("xen", ["xen-4.20"]),
        ("linux-6", ["linux-6.1", "linux-6.12"]),  # a prefix ending at `-` or `.`
        ("xen-4", ["xen-4.20"]),
        ("linux-*", ["linux-6.1", "linux-6.12"]),  # a glob
        ("*.1*", ["linux-6.1", "linux-6.12"]),
        ("lin", []),  # not at a boundary
        ("linux-6.2", []),
        ("xen-4.2", []),
        ("", []),
    ],
)
def test_a_name_picks_kbs_by_name_project_prefix_or_glob(pattern, picked):
    assert select(pattern, available_kbs()) == picked


def test_load_kb_by_project_name():
    assert [f.name for f in load_kb(["xen"]).files] == ["xen-4.20"]
    assert [f.name for f in load_kb(["linux", "linux-6.1"]).files] == ["linux-6.12", "linux-6.1"]


# --- building -----------------------------------------------------------------------------


def make_tree(root: Path) -> Path:
    (root / "include" / "linux").mkdir(parents=True)
    (root / "include" / "net").mkdir()
    (root / "Makefile").write_text("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 39\n")
    (root / "include" / "linux" / "netdevice.h").write_text(
        textwrap.dedent("""
        #ifndef _LINUX_NETDEVICE_H
        #define _LINUX_NETDEVICE_H
        struct net_device_ops {
            int (*ndo_open)(struct net_device *dev);
        #ifdef CONFIG_NET_POLL_CONTROLLER
            void (*ndo_poll_controller)(struct net_device *dev);
        #endif
            u32 (*ndo_fix_features)(struct net_device *dev, u32 features);
        };
        struct no_ops { int x; };
        #endif
    """)
    )
    (root / "include" / "net" / "sock.h").write_text(
        "struct proto { int (*connect)(struct sock *sk, struct sockaddr *uaddr, int len); };\n"
    )
    (root / "include" / "other.h").write_text("struct other_ops { void (*f)(void); };\n")
    return root


def test_build_kb_from_a_tree(tmp_path):
    tree = make_tree(tmp_path / "linux")
    assert "released" not in json.loads(build_kb(tree).text)  # unknown unless told
    res = build_kb(tree, origin="test tree", released=date(2011, 5, 19))
    assert (res.files, res.structs, res.members) == (2, 2, 4)
    data = json.loads(res.text)
    assert (data["format"], data["version"], data["project"], data["release"]) == (
        FORMAT,
        FORMAT_VERSION,
        "linux",
        "2.6.39",
    )
    assert data["origin"] == "test tree"
    assert list(data)[:6] == ["format", "version", "project", "release", "released", "origin"]
    assert data["released"] == "2011-05-19"
    kb = parse_kb(data, res.kb.name)
    assert kb.released == date(2011, 5, 19)
    assert res.kb.name == "linux-2.6"
    (poll,) = [m for s in kb.structs for m in s.members if m.member == "ndo_poll_controller"]
    assert (poll.condition, poll.line, poll.file) == (
        "CONFIG_NET_POLL_CONTROLLER",
        7,
        "include/linux/netdevice.h",
    )
    with pytest.raises(UsageError, match="relative to the tree"):
        build_kb(tree, ["../*.h"])
