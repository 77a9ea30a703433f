"""The ops-struct prototype KB: extraction from headers, type comparison, the shipped KBs and
`patchlint kb`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tree_sitter

from patchlint.analysis.ctype import (
    LANGUAGE,
    blank_annotations,
    compare_types,
    decay,
    new_parser,
    parse_type,
    read_function_head,
    render,
)
from patchlint.analysis.opsextract import StructDecl, extract
from patchlint.analysis.opskb import (
    FORMAT,
    FORMAT_VERSION,
    MemberProto,
    available_kbs,
    build_kb,
    compatible,
    load_kb,
    parse_kb,
)
from patchlint.errors import InputError, UsageError
from tests.conftest import ROOT


def structs_of(src: str) -> dict[str, StructDecl]:
    found, _ = extract([("t.h", textwrap.dedent(src).encode())])
    assert len({s.name for s in found}) == len(found), "a struct was reported twice"
    return {s.name: s for s in found}


def protos(st: StructDecl) -> dict[str, str]:
    """member name -> `ret (params)` as canonical text, names dropped."""
    out = {}
    for m in st.members:
        params = ", ".join(render(p.type) for p in m.fn.params)
        if m.fn.variadic:
            params += ", ..."
        out[m.name] = f"{render(m.fn.ret)} ({params or 'void'})"
    return out


# --- extraction ---------------------------------------------------------------------------

def test_members_under_preprocessor_conditionals_keep_their_condition():
    st = structs_of("""
        struct net_device_ops {
            int (*ndo_init)(struct net_device *dev);
        #ifdef CONFIG_NET_POLL_CONTROLLER
            void (*ndo_poll_controller)(struct net_device *dev);
        #else
            int not_a_member;
            void (*ndo_no_poll)(void);
        #endif
        #if IS_ENABLED(CONFIG_FCOE)
            int (*ndo_fcoe_enable)(struct net_device *dev);
        #elif defined(CONFIG_X)
            int (*ndo_x)(struct net_device *dev);
        #ifndef CONFIG_Y
            int (*ndo_not_y)(struct net_device *dev);
        #endif
        #endif
        };
    """)["net_device_ops"]
    conds = {m.name: m.condition for m in st.members}
    assert conds == {
        "ndo_init": None,
        "ndo_poll_controller": "CONFIG_NET_POLL_CONTROLLER",
        "ndo_no_poll": "!CONFIG_NET_POLL_CONTROLLER",
        "ndo_fcoe_enable": "IS_ENABLED(CONFIG_FCOE)",
        "ndo_x": "!IS_ENABLED(CONFIG_FCOE) && defined(CONFIG_X)",
        "ndo_not_y": "!IS_ENABLED(CONFIG_FCOE) && defined(CONFIG_X) && !CONFIG_Y",
    }
    assert [m.line for m in st.members] == [3, 5, 8, 11, 13, 15]


def test_annotations_are_blanked_and_multiline_prototypes_read():
    st = structs_of("""
        struct file_operations {
            ssize_t (*read) (struct file *, char __user *, size_t, loff_t *);
            __poll_t (*poll) (struct file *, struct poll_table_struct *) __must_check;
            void (*show_fdinfo)(struct seq_file *m,
                                struct file *f,
                                const char __user
                                    *buf);
            __printf(2, 3) int (*log)(void *ctx, const char *fmt, ...);
            int (*fmt2)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
            void (*lock)(spinlock_t *l) __acquires(l);
            void (*unlock)(spinlock_t *l) __releases(l);
            void __iomem *(*map)(struct device __rcu *d, unsigned long __percpu *p);
            int __must_check (*must)(void);
        } ____cacheline_aligned_in_smp __randomize_layout;
    """)["file_operations"]
    assert protos(st) == {
        "read": "ssize_t (struct file *, char *, size_t, loff_t *)",
        "poll": "__poll_t (struct file *, struct poll_table_struct *)",
        "show_fdinfo": "void (struct seq_file *, struct file *, const char *)",
        "log": "int (void *, const char *, ...)",
        "fmt2": "int (void *, const char *, ...)",
        "lock": "void (spinlock_t *)",
        "unlock": "void (spinlock_t *)",
        "map": "void * (struct device *, unsigned long *)",
        "must": "int (void)",
    }
    assert [p.name for p in st.members[2].fn.params] == ["m", "f", "buf"]


def test_blank_annotations_keeps_offsets_and_lines():
    src = (b"int __printf(2,\n 3) (*f)(char __user *p) __attribute__((a((b)))) __acquires(x);\n"
           b"void __iomem *q;\n")
    out = blank_annotations(src)
    assert len(out) == len(src)
    assert out.count(b"\n") == src.count(b"\n")
    assert out.index(b"(*f)") == src.index(b"(*f)")
    assert b"__" not in out
    assert out.split() == [b"int", b"(*f)(char", b"*p)", b";", b"void", b"*q;"]


def test_members_that_are_not_function_pointers_are_ignored():
    found = structs_of("""
        struct plain { int a; char *name; void *priv; struct list_head list; };
        struct mixed {
            int count;
            const char *name;
            int (**indirect)(void);          /* pointer to a function pointer */
            int (*real)(struct mixed *m);
            struct mixed *next;
            int (*const fixed)(int);
        };
    """)
    assert "plain" not in found
    assert [m.name for m in found["mixed"].members] == ["real", "fixed"]


def test_nested_structs():
    found = structs_of("""
        struct outer {
            int (*top)(void);
            struct {
                int (*in_anon)(int);
                union { void (*in_union)(long); int raw; };
            } anon;
            union { long (*unnamed_union)(void); };
            struct inner_ops { void (*deep)(struct outer *o); } *inner;
            void (*table[4])(int irq);
        };
        typedef struct { int (*cb)(void *); } callback_table_t;
    """)
    outer = found["outer"]
    assert [(m.name, m.path) for m in outer.members] == [
        ("top", ()), ("in_anon", ("anon",)), ("in_union", ("anon",)),
        ("unnamed_union", ()), ("table", ())]
    assert outer.members[-1].array == "4"
    assert [m.name for m in found["inner_ops"].members] == ["deep"]
    assert protos(found["callback_table_t"]) == {"cb": "int (void *)"}


def test_members_declared_with_function_typedefs():
    found, _ = extract([
        ("types.h", b"typedef int (*notifier_fn_t)(struct notifier_block *nb,\n"
                    b"        unsigned long action, void *data);\n"
                    b"typedef void irq_flow_handler_t(struct irq_desc *desc);\n"
                    b"typedef notifier_fn_t chained_fn_t;\n"),
        ("notifier.h", b"struct notifier_block {\n notifier_fn_t notifier_call;\n"
                       b" struct notifier_block *next;\n irq_flow_handler_t *flow;\n"
                       b" chained_fn_t chained;\n int priority;\n};\n"),
    ])
    (nb,) = found
    assert [(m.name, m.typedef) for m in nb.members] == [
        ("notifier_call", "notifier_fn_t"), ("flow", "irq_flow_handler_t"),
        ("chained", "chained_fn_t")]
    assert protos(nb)["notifier_call"] == (
        "int (struct notifier_block *, unsigned long, void *)")
    assert protos(nb)["flow"] == "void (struct irq_desc *)"


def test_struct_lost_by_the_whole_file_parse_is_recovered():
    # Macro invocations without semicolons (as in Xen's sched/private.h) derail tree-sitter:
    # the struct after them is not in the whole-file tree at all.
    src = textwrap.dedent("""
        sched_lock(pcpu, unsigned int cpu,     cpu, )
        sched_lock(unit,  const struct sched_unit *i, i->res->master_cpu, )

        struct scheduler {
            const char *name;
            int (*init)(struct scheduler *ops);
        };
    """).encode()
    query = tree_sitter.Query(LANGUAGE, "(struct_specifier body: (field_declaration_list) @b)")
    tree = new_parser().parse(src)
    assert not tree_sitter.QueryCursor(query).captures(tree.root_node), "precondition"
    found, stats = extract([("private.h", src)])
    assert stats.parse_errors == 1
    assert [(s.name, s.line, [m.name for m in s.members]) for s in found] == [
        ("scheduler", 5, ["init"])]


# --- type comparison ----------------------------------------------------------------------

def proto(ret: str, *params: tuple[str, str | None], struct: str = "net_device_ops",
          member: str = "ndo_fix_features", variadic: bool = False) -> MemberProto:
    return MemberProto(struct=struct, member=member, ret=ret,
                       params=tuple(t for t, _ in params),
                       param_names=tuple(n for _, n in params), source="linux test",
                       variadic=variadic)


NDO_FIX_FEATURES = proto("netdev_features_t", ("struct net_device *", "dev"),
                         ("netdev_features_t", "features"))


def test_u32_and_netdev_features_t_are_the_same_member_type():
    ok, reason = compatible(NDO_FIX_FEATURES, "u32", ["struct net_device *dev", "u32 features"])
    assert ok, reason
    assert "3.3" in reason
    ok, reason = compatible(NDO_FIX_FEATURES, "netdev_features_t",
                            ["struct net_device*", "netdev_features_t"])
    assert ok and reason == "compatible with net_device_ops.ndo_fix_features (linux test)"


def test_seed_000_v1_prototype_is_a_mismatch():
    ok, reason = compatible(NDO_FIX_FEATURES, "u32", ["struct xenvif *vif", "u32 features"])
    assert not ok
    assert reason.startswith("parameter 1 is `struct xenvif *`, expected "
                             "`struct net_device *` (different struct tags)")
    assert "netdev_features_t (*ndo_fix_features)(struct net_device *dev, " \
           "netdev_features_t features)" in reason


def test_arity_is_a_mismatch():
    ok, reason = compatible(NDO_FIX_FEATURES, "u32", ["struct net_device *dev"])
    assert not ok and reason.startswith("takes 1 parameter, expected 2 parameters")
    ok, reason = compatible(NDO_FIX_FEATURES, "u32",
                            ["struct net_device *dev", "u32 f", "int extra"])
    assert not ok and reason.startswith("takes 3 parameters, expected 2")
    printk = proto("int", ("const char *", "fmt"), variadic=True)
    assert compatible(printk, "int", ["const char *fmt", "..."])[0]
    assert not compatible(printk, "int", ["const char *fmt"])[0]


@pytest.mark.parametrize("expected, actual", [
    ("unsigned", "unsigned int"),
    ("unsigned long int", "long unsigned"),
    ("signed int", "int"),
    ("struct x *", "struct x*"),
    ("struct  x   *", "const struct x *p"),
    ("char *", "char buf[]"),
    ("char *", "char buf[16]"),
    ("const char *const", "char *name"),
    ("int (*)(void *)", "int (*callback)(void *data)"),
    ("int (*)(void *)", "int callback(void *)"),          # a function parameter decays
    ("u32", "__u32"),
    ("u32", "unsigned int"),
    ("u64", "unsigned long long"),
    ("bool", "_Bool"),
    ("vm_fault_t", "int"),                               # before 4.17
    ("netdev_tx_t", "int"),                              # before 2.6.32
    ("size_t", "unsigned long"),                         # arch-dependent: cannot tell
    ("enum irqreturn", "int"),                           # enum's type: cannot tell
    ("foo_t", "struct bar *"),                           # unknown typedef: never an alarm
    ("struct net_device *", "netdev_ptr_t"),
    ("int (*)(void)", "callback_t"),
    ("struct a __user *", "struct a *"),
])
def test_compatible_types(expected, actual):
    # as parameter types: arrays and functions decay to pointers
    v = compare_types(decay(parse_type(expected).type), decay(parse_type(actual).type))
    assert v.ok, v.reason


@pytest.mark.parametrize("expected, actual, why", [
    ("struct net_device *", "struct xenvif *", "different struct tags"),
    ("struct net_device *", "union net_device *", "struct against union"),
    ("struct net_device *", "struct net_device **", "different pointer depth"),
    ("struct net_device *", "struct net_device", "different pointer depth"),
    ("int", "int *", "different pointer depth"),
    ("void", "int", "void against non-void"),
    ("void *", "struct foo *", "void against non-void"),
    ("u32", "u64", "different integer types (unsigned int and unsigned long long)"),
    ("netdev_features_t", "int", "different integer types"),
    ("int", "unsigned int", "different integer types"),
    ("size_t", "struct page *", "different pointer depth"),
    ("size_t", "struct page", "a struct against a scalar"),
    ("void", "struct rtnl_link_stats64 *", "void against non-void"),
    ("char *", "char buf[4][4]", "different pointer depth"),
    ("enum a", "enum b", "different enum types"),
    ("int (*)(void *)", "int (*)(void *, int)", "function pointer takes 2 parameters"),
    ("int (*)(void *)", "long", "a function pointer against a data type"),
])
def test_incompatible_types(expected, actual, why):
    v = compare_types(decay(parse_type(expected).type), decay(parse_type(actual).type))
    assert not v.ok
    assert v.reason.startswith(why), v.reason


def test_unknown_typedefs_are_accepted_and_said_so():
    ok, reason = compatible(NDO_FIX_FEATURES, "my_features_t",
                            ["struct net_device *dev", "my_features_t f"])
    assert ok
    assert "return type: cannot tell: my_features_t is an unknown typedef" in reason
    assert "parameter 2: cannot tell: my_features_t is an unknown typedef" in reason


def test_unreadable_text_never_mismatches():
    assert parse_type("this is not a type (").type == parse_type("").type
    ok, _ = compatible(NDO_FIX_FEATURES, "u32", ["struct net_device *dev", "@@garbage@@"])
    assert ok


@pytest.mark.parametrize("text, expected", [
    ("static u32 xenvif_fix_features(struct xenvif *vif, u32 features)",
     ("xenvif_fix_features", "u32", ["struct xenvif *vif", "u32 features"])),
    ("static netdev_tx_t xmit(struct sk_buff *skb, struct net_device *dev)\n{\n\treturn 0;",
     ("xmit", "netdev_tx_t", ["struct sk_buff *skb", "struct net_device *dev"])),
    ("static const char * __must_check name(void)", ("name", "const char *", [])),
    ("static int __init __printf(1, 2) log(const char __user *fmt, ...)",
     ("log", "int", ["const char *fmt", "..."])),
    ("static void cf_check vmx_ctxt_switch_from(struct vcpu *v)",
     ("vmx_ctxt_switch_from", "void", ["struct vcpu *v"])),
    ("static int (*pick(int which))(void *)", ("pick", "int (*)(void *)", ["int which"])),
    ("int not_a_function;", None),
    ("static u32 broken(struct", None),
])
def test_read_function_head(text, expected):
    assert read_function_head(text) == expected


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
            "net_device_ops", "netdev_features_t",
            ("struct net_device *", "netdev_features_t"), ("dev", "features"))
        assert m.file == "include/linux/netdevice.h"
        assert m.prototype() == ("netdev_features_t (*ndo_fix_features)"
                                 "(struct net_device *dev, netdev_features_t features)")
    drv = kb.members("get_drvinfo", struct="ethtool_ops")
    assert len(drv) == 2
    for m in drv:
        assert (m.ret, m.params) == ("void", ("struct net_device *", "struct ethtool_drvinfo *"))
    assert {st.source for st in kb.struct("ethtool_ops")} == {"linux 6.12.107", "linux 6.1.176"}
    assert kb.struct("no_such_ops") == []


def test_shipped_kbs_cover_common_ops_tables(kb):
    for struct, member in [("file_operations", "unlocked_ioctl"),
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
                           ("scheduler", "init")]:
        assert kb.members(member, struct=struct), f"{struct}.{member}"


def test_seed_000_against_the_shipped_kb(kb):
    v1 = kb.check("ndo_fix_features", "u32", ["struct xenvif *vif", "u32 features"],
                  struct="net_device_ops")
    assert v1.ok is False and "different struct tags" in v1.reason
    assert len(v1.candidates) == 2
    v2 = kb.check("ndo_fix_features", "u32", ["struct net_device *dev", "u32 features"],
                  struct="net_device_ops")
    assert v2.ok is True and v2.matched is not None
    unknown = kb.check("ndo_no_such_member", "int", [])
    assert unknown.ok is None and unknown.candidates == ()


def test_seed_000_fixture_lines(kb):
    """The prototypes as the two revisions of seed 000 add them, read from the fixture."""
    mbox = (ROOT / "fixtures" / "threads" / "000-xen-netback-hw-features.mbox").read_text()
    added = [line[1:] for line in mbox.splitlines()
             if line.startswith("+static u32 xenvif_fix_features(")]
    assert added == ["static u32 xenvif_fix_features(struct xenvif *vif, u32 features)",
                     "static u32 xenvif_fix_features(struct net_device *dev, u32 features)",
                     "static u32 xenvif_fix_features(struct net_device *dev, u32 features)"]
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
    assert kb.check("ndo_get_stats64", "void", ["struct net_device *dev",
                                                "struct rtnl_link_stats64 *s"]).ok
    old = kb.check("ndo_get_stats64", "struct rtnl_link_stats64 *",
                   ["struct net_device *dev", "struct rtnl_link_stats64 *s"])
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
    doc = {"format": FORMAT, "version": FORMAT_VERSION, "project": "linux", "release": "1.0",
           "structs": [{"name": "s", "members": [{"name": "m", "ret": "int",
                                                   "params": [["int"]]}]}]}
    with pytest.raises(InputError, match=r"structs\[0\]\.members\[0\]: params"):
        parse_kb(doc, "x")
    with pytest.raises(UsageError, match=r"no shipped ops KB matches 'linux-2\.6'"):
        load_kb(["linux-2.6"])
    assert [f.name for f in load_kb(["linux-*"]).files] == ["linux-6.12", "linux-6.1"]


# --- building -----------------------------------------------------------------------------

def make_tree(root: Path) -> Path:
    (root / "include" / "linux").mkdir(parents=True)
    (root / "include" / "net").mkdir()
    (root / "Makefile").write_text("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 39\n")
    (root / "include" / "linux" / "netdevice.h").write_text(textwrap.dedent("""
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
    """))
    (root / "include" / "net" / "sock.h").write_text(
        "struct proto { int (*connect)(struct sock *sk, struct sockaddr *uaddr, int len); };\n")
    (root / "include" / "other.h").write_text("struct other_ops { void (*f)(void); };\n")
    return root


def test_build_kb_from_a_tree(tmp_path):
    tree = make_tree(tmp_path / "linux")
    res = build_kb(tree, origin="test tree")
    assert (res.files, res.structs, res.members) == (2, 2, 4)
    data = json.loads(res.text)
    assert (data["format"], data["version"], data["project"], data["release"]) == (
        FORMAT, FORMAT_VERSION, "linux", "2.6.39")
    assert data["origin"] == "test tree"
    kb = parse_kb(data, res.kb.name)
    assert res.kb.name == "linux-2.6"
    (poll,) = [m for s in kb.structs for m in s.members if m.member == "ndo_poll_controller"]
    assert (poll.condition, poll.line, poll.file) == (
        "CONFIG_NET_POLL_CONTROLLER", 7, "include/linux/netdevice.h")
    with pytest.raises(UsageError, match="relative to the tree"):
        build_kb(tree, ["../*.h"])


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "patchlint", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_cli_kb_build_and_show(tmp_path):
    tree = make_tree(tmp_path / "linux")
    out = tmp_path / "out.json"
    res = run("kb", "build", "--tree", str(tree), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "linux 2.6.39: 2 structs, 4 members from 2 files" in res.stderr
    data = json.loads(out.read_text())
    assert [s["name"] for s in data["structs"]] == ["net_device_ops", "proto"]
    assert data["structs"][0]["members"][2] == {
        "name": "ndo_fix_features", "ret": "u32",
        "params": [["struct net_device *", "dev"], ["u32", "features"]], "line": 9}

    only = tmp_path / "only.json"
    res = run("kb", "build", "--tree", str(tree), "--headers", "include/*.h",
              "--release", "9.9", "-o", str(only))
    assert res.returncode == 0, res.stderr
    assert [s["name"] for s in json.loads(only.read_text())["structs"]] == ["other_ops"]

    res = run("kb", "show", "ndo_fix_features", "--kb-file", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        "net_device_ops.ndo_fix_features: u32 (*ndo_fix_features)(struct net_device *dev, "
        "u32 features)  /* linux 2.6.39, include/linux/netdevice.h:9 */"]


def test_cli_kb_show_shipped():
    res = run("kb", "show", "net_device_ops.ndo_fix_features", "--kb", "linux-6.12")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("net_device_ops.ndo_fix_features: netdev_features_t "
                                 "(*ndo_fix_features)(struct net_device *dev, "
                                 "netdev_features_t features)  /* linux 6.12.107, ")


@pytest.mark.parametrize("args", [
    ["kb", "build", "--tree", "/nonexistent", "-o", "/tmp/x.json"],
    ["kb", "build", "--tree", str(ROOT / "docs"), "-o", "/tmp/x.json"],
    ["kb", "show", "no_such_member_anywhere"],
    ["kb", "show", "ndo_open", "--kb", "linux-1.0"],
])
def test_cli_kb_errors_exit_2_without_traceback(args):
    res = run(*args)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "patchlint: error:" in res.stderr
