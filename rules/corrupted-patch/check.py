"""corrupted-patch: a hunk whose lines do not match the counts of its header, read the way
`git apply` reads it (`patchlint/model/damage.py`): a line wrapped or whitespace-damaged by
the mailer, a hunk cut short or hand-edited without fixing its header, a hunk pasted into
the notes below `---`.

Error where git am refuses the patch (every such verdict agreed with real `git mailinfo` +
`git apply` on the 17,696 posted patches of the linux-hyperv archive and the virtualization
list); warning where git reads the patch but never the lines after a hunk's counted end.
A diff proposed inside a reply is left alone: it is a reviewer's sketch ("something like
this, untested"), rarely meant for `git am`; so is a mail that is no patch posting (no
`[PATCH]`/`[RFC]` tag, not numbered n/m): a question or a bug report quoting a diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from patchlint import lazyre
from patchlint.analysis.trailers.checks import is_posted_patch
from patchlint.engine.context import Hit, RuleContext
from patchlint.model import damage
from patchlint.model.damage import Damage
from patchlint.model.patch import Patch

REFUSED = "git am refuses the patch"
# a patch tag anywhere in the subject (`Subject: [PATCH v2] ...`, pasted twice by a mailer)
_TAG = lazyre.compile(r"\[[^\]]*\b(?:PATCH|RFC|RESEND)\b[^\]]*\]", re.IGNORECASE)


def _posted(patch: Patch) -> bool:
    """Was the diff posted as a patch (for `git am`), not quoted in a question?"""
    return is_posted_patch(patch) or (
        bool(patch.diff.strip()) and _TAG.search(patch.subject.raw) is not None
    )


def _where(d: Damage) -> str:
    return f"hunk `{d.header}`" + (f" of {d.file}" if d.file else "")


def _shown(text: str) -> str:
    """The line as a reader can see it: tabs and non-breaking spaces spelt out."""
    text = text if len(text) <= 60 else text[:57] + "..."
    return "`" + text.replace("\t", "\\t").replace("\u00a0", "\\u00a0") + "`"


def _cause(d: Damage) -> str:
    first = d.text[:1]
    if first == "\t":
        return "it starts with a tab where a diff line has a space, `+` or `-`"
    if first == "\u00a0":
        return "it starts with a non-breaking space: the mail client's doing"
    if first.isspace():
        return "it starts with a space character that is not a plain space"
    if d.row == 1 and len(d.header) > 60:
        return "the header was wrapped"
    return "a line wrapped, or its leading space lost, by the mailer?"


def _message(d: Damage) -> str:
    old, new = d.counts
    if d.kind == damage.NOT_A_DIFF_LINE:
        what = "the line after the header" if d.row == 1 else f"its line {d.row}"
        return (
            f"{_where(d)}: {what}, {_shown(d.text)}, is not a diff line ({_cause(d)}): "
            f"{REFUSED} (corrupt patch)"
        )
    if d.kind == damage.TRUNCATED:
        return (
            f"{_where(d)}: the diff ends after {d.row - 1} of its lines, before the "
            f"{old} old and {new} new lines its header counts: {REFUSED} (corrupt patch)"
        )
    if d.kind == damage.MISCOUNTED:
        return (
            f"{_where(d)}: line {d.row}, {_shown(d.text)}, is one more than the {old} "
            f"old and {new} new lines its header counts (edited by hand?): {REFUSED} "
            "(corrupt patch)"
        )
    if d.kind == damage.NO_CHANGE:
        return f"{_where(d)} neither adds nor removes a line: {REFUSED} (corrupt patch)"
    if d.kind == damage.WITHOUT_HEADER:
        if d.file is None:
            return (
                f"{_where(d)} has no file header above it: {REFUSED} (patch fragment "
                "without header)"
            )
        return (
            f"{_where(d)}: {_shown(d.text)} follows the {old} old and {new} new lines "
            f"its header counts, then another hunk: {REFUSED} (patch fragment without "
            "header)"
        )
    return (
        f"{_where(d)}: {_shown(d.text)} and what follows come after the {old} old and "
        f"{new} new lines its header counts: git am never reads them (the hunk fails to "
        "apply, or applies without them)"
    )


def check(ctx: RuleContext) -> Iterator[Hit]:
    if ctx.proposed_in is not None or not _posted(ctx.patch):
        return  # a reviewer's sketch, or a question or bug report quoting a diff
    orphans = damage.orphan_hunk_headers(ctx.patch.notes)
    if orphans:
        more = f" (and {len(orphans) - 1} more)" if len(orphans) > 1 else ""
        yield Hit(
            None,
            None,
            f"the notes below `---` hold a hunk, `{orphans[0]}`{more}, with "
            f"no file header: {REFUSED} (patch fragment without header); indent it, "
            "or put it above the `---`",
            {"hunk": orphans[0], "kind": "notes"},
            "error",
        )
    for d in damage.damaged_hunks(ctx.patch.diff):
        yield Hit(
            d.file,
            d.line,
            _message(d),
            {"hunk": d.header, "kind": d.kind},
            "error" if d.refused else "warning",
        )
