"""trace-printk: trace_printk() added to kernel code.

trace_printk() is for debugging only: a kernel that contains a call to it prints a banner
at boot ("trace_printk() being used ... This is not meant for production") and allocates
its per-CPU buffers. A line moved unchanged is left alone, and so is the tracing code that
implements it (kernel/trace/), its samples and userspace (tools/, samples/).
"""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.profile import linux_userspace
from patchlint.engine.context import Hit, RuleContext

NAMES = frozenset({"trace_printk", "ftrace_vprintk", "__trace_printk", "__trace_bprintk"})


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes) or view.path.startswith(
            "kernel/trace/"
        ):
            continue
        for frag in view.fragments():
            for call, name in frag.index.calls(NAMES):
                line = frag.line_of(call)
                if line is None or not ctx.is_new(view, line, name):
                    continue
                yield ctx.hit(
                    view,
                    line,
                    f"{name}() is for debugging only (a kernel using it "
                    "prints a warning banner at boot): drop it, or use a trace "
                    "event or pr_debug()",
                    function=name,
                )
