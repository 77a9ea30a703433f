"""Ops structs found in C headers: members under #if, annotations, nested and anonymous
structs, function typedefs, structs the whole-file parse loses."""

from __future__ import annotations

import textwrap

from patchlint.c.kb.extract import StructDecl, extract
from patchlint.c.language import c_parser, captures
from patchlint.c.types import render


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
        ("top", ()),
        ("in_anon", ("anon",)),
        ("in_union", ("anon",)),
        ("unnamed_union", ()),
        ("table", ()),
    ]
    assert outer.members[-1].array == "4"
    assert [m.name for m in found["inner_ops"].members] == ["deep"]
    assert protos(found["callback_table_t"]) == {"cb": "int (void *)"}


def test_members_declared_with_function_typedefs():
    found, _ = extract(
        [
            (
                "types.h",
                b"typedef int (*notifier_fn_t)(struct notifier_block *nb,\n"
                b"        unsigned long action, void *data);\n"
                b"typedef void irq_flow_handler_t(struct irq_desc *desc);\n"
                b"typedef notifier_fn_t chained_fn_t;\n",
            ),
            (
                "notifier.h",
                b"struct notifier_block {\n notifier_fn_t notifier_call;\n"
                b" struct notifier_block *next;\n irq_flow_handler_t *flow;\n"
                b" chained_fn_t chained;\n int priority;\n};\n",
            ),
        ]
    )
    (nb,) = found
    assert [(m.name, m.typedef) for m in nb.members] == [
        ("notifier_call", "notifier_fn_t"),
        ("flow", "irq_flow_handler_t"),
        ("chained", "chained_fn_t"),
    ]
    assert protos(nb)["notifier_call"] == ("int (struct notifier_block *, unsigned long, void *)")
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
    tree = c_parser().parse(src)
    assert not captures("(struct_specifier body: (field_declaration_list) @b)", tree.root_node), (
        "precondition"
    )
    found, stats = extract([("private.h", src)])
    assert stats.parse_errors == 1
    assert [(s.name, s.line, [m.name for m in s.members]) for s in found] == [
        ("scheduler", 5, ["init"])
    ]
