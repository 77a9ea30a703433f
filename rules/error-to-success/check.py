"""error-to-success: `-return -EXXX;` followed by `+return 0;` in one change block."""

from __future__ import annotations

import re
from collections.abc import Iterator

from patchlint.engine.context import Hit, RuleContext

ERROR_RETURN = re.compile(r"^\s*return\s*(?:\(\s*)?-\s*E[A-Z0-9_]+\s*(?:\)\s*)?;")
SUCCESS_RETURN = re.compile(r"^\s*return\s*(?:\(\s*)?0\s*(?:\)\s*)?;")


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        for hunk in view.hunks:
            added = {ln.number: ln for ln in hunk.lines if ln.added}
            for position, text in hunk.removed:
                m = ERROR_RETURN.match(text)
                if not m:
                    continue
                # the added lines that replace it start where it stood
                n = position
                while n in added:
                    if SUCCESS_RETURN.match(added[n].text):
                        yield ctx.hit(view, n, f"`{text.strip()}` became `return 0;`: "
                                      "this error path now reports success", was=text.strip())
                        break
                    n += 1
