"""What a rule's `check(ctx)` sees: one patch, the files its scope and profiles select, and
helpers to run tree-sitter queries over their fragments and to report hits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import tree_sitter

from patchlint.c.fragments import FileView, Fragment
from patchlint.c.language import matches
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.rule import Rule
from patchlint.model.patch import Patch

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's raw result: where (post-image line of `file`) and what."""

    file: str | None
    line: int | None
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None  # a rule may lower its own severity for weaker evidence


@dataclass(slots=True)
class RuleContext:
    rule: Rule
    patch: Patch
    files: list[FileView]  # what the rule's scope and profiles select
    patch_files: list[FileView] = field(default_factory=list)  # every file of the patch
    config: Config = DEFAULT_CONFIG  # the run's configuration (.patchlint.toml and flags)
    tree: TreeHeaders | None = None  # the source tree the patch is for, when one is at hand
    # the reply a proposed patch came in (a reviewer's diff after a scissors line or
    # unquoted in a reply); None for a patch posted as a patch
    proposed_in: str | None = None

    def hit(
        self,
        file: FileView | None,
        line: int | None,
        message: str | None = None,
        severity: str | None = None,
        **details: Any,
    ) -> Hit:
        return Hit(
            file.path if file else None, line, message or self.rule.meta.summary, details, severity
        )

    def removed_texts(self, strip: bool = True) -> frozenset[str]:
        """The text of every line the patch removes, in any file (stripped, unless `strip`
        is False): a line added back with the same text was moved, not written."""
        return frozenset(
            text.strip() if strip else text
            for view in self.patch_files
            for hunk in view.hunks
            for _, text in hunk.removed
        )

    def replaced(self, view: FileView, line: int) -> str:
        """The text of the lines that the change adding post-image `line` removes, one per
        line ('' for a pure addition): `BUG_ON(a)` turned into `BUG_ON(b)` is a changed
        line, not new code that crashes."""
        for hunk in view.hunks:
            for change in hunk.changes():
                if any(ln.number == line for ln in change.added):
                    return "\n".join(ln.text for ln in change.removed)
        return ""

    def is_new(self, view: FileView, line: int, token: str) -> bool:
        """Post-image `line` is written by this patch: not moved from elsewhere in it (the
        same text removed), and not a change of a line that already held `token`."""
        text = next((ln.text for ln in view.added if ln.number == line), None)
        if text is None or text.strip() in self.removed_texts():
            return False
        return token not in self.replaced(view, line)

    def query(
        self, source: str
    ) -> Iterator[tuple[FileView, Fragment, dict[str, list[tree_sitter.Node]]]]:
        """Each match of a tree-sitter query over every fragment of every file."""
        for view in self.files:
            for frag in view.fragments():
                for _, captures in matches(source, frag.tree.root_node):
                    yield view, frag, captures


def query_check(ctx: RuleContext) -> Iterator[Hit]:
    """The check of a rule that is only a `query.scm`: each `@hit` capture is a finding."""
    assert ctx.rule.query is not None
    for view, frag, captures in ctx.query(ctx.rule.query):
        for node in captures.get("hit", []):
            yield ctx.hit(view, frag.line_of(node))
