"""trailing-whitespace: an added line that ends in spaces or tabs."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.trailers.lineage import is_backport
from patchlint.engine.context import Hit, RuleContext

PATCH_FILES = (".patch", ".diff")


def check(ctx: RuleContext) -> Iterator[Hit]:
    if is_backport(ctx.patch):
        return  # a stable backport reproduces upstream's lines as they are
    for view in ctx.files:
        if view.path.endswith(PATCH_FILES):
            continue  # a patch kept in the tree: its context lines end in a space
        markdown = view.path.endswith((".md", ".markdown"))
        for line in view.added:
            text = line.text
            body = text.rstrip(" \t")
            if body == text:
                continue
            tail = text[len(body) :]
            if markdown and body and tail == "  ":
                continue  # Markdown's hard line break
            kind = {frozenset(" "): "space", frozenset("\t"): "tab"}.get(frozenset(tail))
            what = f"{kind}{'s' if len(tail) > 1 else ''}" if kind else "spaces and tabs"
            where = "a line of only whitespace" if not body else f"{len(tail)} trailing {what}"
            yield ctx.hit(view, line.number, f"trailing whitespace: {where}")
