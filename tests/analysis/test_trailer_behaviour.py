"""What a carried tag's unrequested change does (analysis/trailers/behaviour.py): the
statements TR002 weighs, moves and renames aside, each taken from a real step it labels."""

from __future__ import annotations

from patchlint.analysis.trailers.behaviour import (
    ACK_STATEMENTS,
    SUBSTANTIAL_STATEMENTS,
    Behaviour,
    behaviour,
)
from patchlint.analysis.trailers.material import CodeHunk


def hunk(dropped: tuple[str, ...], added: tuple[str, ...], path: str = "f.c") -> CodeHunk:
    return CodeHunk(path, "material", 1, 2, frozenset(), dropped, added)


def one_step(*hunks: CodeHunk, removed: tuple[CodeHunk, ...] = ()) -> Behaviour:
    return behaviour([[(h, True) for h in hunks] + [(h, False) for h in removed]])


def test_a_new_drop_path_counts_its_condition_and_its_goto() -> None:
    # 'net: mana: Allow tso_max_size to go up-to GSO_MAX_SIZE' v3
    b = one_step(hunk((), ("if (unlikely(ipv6_hopopt_jumbo_remove(skb)))", "goto tx_drop_count;")))
    assert b == Behaviour(2, ("call", "condition", "return"))
    assert not b.substantial()


def test_a_one_line_fix_of_an_error_path_is_no_behaviour_to_review_again() -> None:
    # 'x86/hyperv: ...' v4: `result = false;` under a condition that only gained braces
    b = one_step(hunk(("if (!pfn_array)",), ("if (!pfn_array) {", "result = false;", "}")))
    assert b == Behaviour(0, ())


def test_statements_that_only_moved_in_a_file_are_no_change() -> None:
    block = ("u8 __init get_vtl(void)", "{", "local_irq_save(flags);", "return ret;", "}")
    # within the material hunks
    assert one_step(hunk(block, ()), hunk((), block)).statements == 0
    # out of a hunk that only takes code out (a removal) into another
    assert one_step(hunk((), block), removed=(hunk(block, ()),)).statements == 0
    # ... which counts nothing of its own
    assert one_step(removed=(hunk(block, ()),)).statements == 0


def test_a_consistent_rename_is_no_change_and_a_call_to_something_else_is() -> None:
    renamed = one_step(
        hunk(("x = to_hv(dev);", "y = to_hv(a);"), ("x = to_hv_drm(dev);", "y = to_hv_drm(a);"))
    )
    assert renamed.statements == 0
    # the old name still called elsewhere: not a rename
    other = one_step(hunk(("x = to_hv(dev);",), ("x = to_other(dev);", "y = to_hv(a);")))
    assert other.statements == 2


def test_a_statement_rewritten_counts_once() -> None:
    # a condition continued over two lines is one statement, rewritten once (Wei Liu's
    # 'iommu/hyperv: setup an IO-APIC IRQ remapping domain for root partition' v4)
    # (as a step shows it: only the condition's changed line, the `if` line both sides
    # have is no change)
    b = one_step(hunk(("!x2apic_supported())",), ("!x2apic_supported() || hv_root_partition)",)))
    assert b == Behaviour(1, ("call",))
    # one that keeps little of the old is a change of each
    b = one_step(
        hunk(
            ("if (!PageCompound(page) ||", "page_order != PMD_ORDER)"),
            ("if (page_order < PMD_ORDER ||", "!IS_ALIGNED(page_count, PTRS_PER_PMD))"),
        )
    )
    assert b.statements == 2


def test_what_does_nothing() -> None:
    nothing = (
        "int id;",  # a declaration
        "extern bool hv_isolation_type_tdx(void);",  # a prototype
        "#ifdef CONFIG_X86_64",
        "EXPORT_SYMBOL_GPL(kthread_exit);",
        ".flag = FB_MODE_IS_UNKNOWN,",  # a value
        "} else {",
        "out:",
        'snprintf(buf, sizeof(buf), "%d", first);',  # formatting a message
    )
    assert one_step(hunk((), nothing)).statements == 0
    assert one_step(hunk((), ("depends on SMP",), "drivers/hv/Kconfig")).statements == 0


def test_a_member_in_a_header_is_the_type_s_layout() -> None:
    b = one_step(hunk((), ("u64 reserved0[8];",), "include/hyperv/hvhdk_mini.h"))
    assert b == Behaviour(1, ("layout",))
    assert one_step(hunk((), ("u64 reserved0[8];",), "f.c")).statements == 0


def test_locking_and_memory_are_told() -> None:
    b = one_step(
        hunk(
            ("if (!rtnl_trylock()) {", "queue_work(wq, &work);", "return;"),
            ("rtnl_lock();", "disable_work_sync(&work);", "p = kzalloc(size, GFP_KERNEL);"),
        )
    )
    assert {"lock", "memory", "condition", "return", "call"} <= set(b.kinds)


def test_each_step_counts_apart_and_an_ack_needs_more() -> None:
    calls = tuple(f"step_{i}(dev);" for i in range(SUBSTANTIAL_STATEMENTS))
    b = behaviour([[(hunk((), calls[:3]), True)], [(hunk((), calls[3:]), True)]])
    assert b.statements == SUBSTANTIAL_STATEMENTS
    assert b.substantial() and not b.substantial(ack=True)
    many = tuple(f"step_{i}(dev);" for i in range(ACK_STATEMENTS))
    assert one_step(hunk((), many)).substantial(ack=True)


def test_a_rename_the_step_makes_holds_in_a_statement_wrapped_differently() -> None:
    # 'KVM: selftests: ...' v4: hypercall() became hyperv_hypercall() everywhere, one call
    # re-wrapped onto one line
    renamed = ("x = hyperv_hypercall(a);", "res = hyperv_hypercall(b, c);")
    wrapped = ("x = hypercall(a);", "res = hypercall(b,", "c);")
    assert one_step(hunk(wrapped, renamed)).statements == 0
    # without the rename made elsewhere in the step, the wrapped call is a call changed
    assert one_step(hunk(wrapped[1:], renamed[1:])).statements == 1


def test_a_step_is_a_split_only_when_every_changed_line_went_to_a_sibling_under_the_tag() -> None:
    from patchlint.analysis.trailers.carried import _split_only

    hunk = CodeHunk(
        "drivers/net/mana.c",
        "material",
        1,
        9,
        frozenset(),
        dropped=("va = page_to_virt(page);", "}", "return va;"),
        added=("*da = dma_map_single(dev, va, size,",),
    )
    sibling = frozenset(
        {"va = page_to_virt(page);", "return va;", "*da = dma_map_single(dev, va, size,"}
    )
    assert _split_only([hunk], sibling)  # a lone brace needs no sibling
    assert not _split_only([hunk], sibling - {"return va;"})  # one line more: a change
    assert not _split_only([hunk], frozenset())  # no sibling carries the tag


def test_inline_assembly_runs_code_like_a_call() -> None:
    # 'KVM: selftests: Move the function doing Hyper-V hypercall to a common header' v8:
    # the hypercall helper moved to the header is now the other variant, whose body is
    # inline assembly; `volatile` is a C keyword, not a function it calls
    for statement in (
        'asm volatile("mov %[arg2], %%r8\\n\\t" "vmcall" : "=a"(*hv_status) : "a"(control));',
        '__asm__ __volatile__("vmcall" : "=a"(ret) : "c"(control));',
        'asm("hlt");',
    ):
        assert one_step(hunk((), (statement,))) == Behaviour(1, ("call",)), statement


def test_a_variable_renamed_where_a_member_keeps_its_old_name_is_a_rename() -> None:
    # 'virtio pmem driver' v10: `req` become `req_data` all through the driver while the
    # request struct gained a member `req` (`req_data->req`): a member is another name
    b = one_step(
        hunk(
            ("req->done = true;", "wake_up(&req->host_acked);", "INIT_LIST_HEAD(&req->list);"),
            (
                "req_data->done = true;",
                "wake_up(&req_data->host_acked);",
                "INIT_LIST_HEAD(&req_data->list);",
                "sg_init_one(&sg, &req_data->req, sizeof(req_data->req));",
            ),
        )
    )
    assert b.statements == 1  # the new call only
    # ... and the report says how many lines it set aside as renamed
    assert (b.renamed, b.to_dict()["renamed"]) == (3, 3)
    # the old name still used as a variable: no rename, the call rewritten counts and so
    # does the new `kfree()`
    other = one_step(
        hunk(
            ("req->done = true;", "wake_up(&req->host_acked);"),
            ("req_data->done = true;", "wake_up(&req_data->host_acked);", "kfree(req);"),
        )
    )
    assert other.statements == 2


def test_a_function_made_static_is_no_change_and_a_new_argument_is() -> None:
    # 'virtio pmem driver' v13: `int virtio_pmem_flush(...)` become `static int ...`
    made_static = one_step(
        hunk(
            ("int virtio_pmem_flush(struct nd_region *nd_region)",),
            ("static int virtio_pmem_flush(struct nd_region *nd_region)",),
        )
    )
    assert (made_static.statements, made_static.renamed) == (0, 1)
    changed = one_step(
        hunk(
            ("int virtio_pmem_flush(struct nd_region *nd_region)",),
            ("static int virtio_pmem_flush(struct nd_region *nd_region, struct bio *bio)",),
        )
    )
    assert changed.statements == 1
