"""What a patch's author says of its tags and its steps, in its notes, changelogs and cover
letters: a tag added or collected, the tags of changed patches dropped on purpose, a step
that was only a rebase, a step that took a reviewer's suggestions ("(Daniel)")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from patchlint import lazyre
from patchlint.analysis.discussion.credit import new_entries
from patchlint.model.message import Address
from patchlint.model.patch import Patch
from patchlint.model.series import Revision
from patchlint.model.trailers import Trailer

_ADDED_TAG = lazyre.compile(
    r"\b(?:add(?:ed|s)?|pick(?:ed)?\s+up|collect(?:ed)?|carr(?:y|ied)|"
    r"kept|keep|includ(?:e|ed))\b[^\n]{0,60}\b(?:tags?|acks?|acked-by"
    r"|reviewed-by|r-?b|a-?b|tested-by|review)",
    re.I,
)

_GENERIC_TAGS = lazyre.compile(r"\b(?:tags|acks|review(?:ed)?-by\s+tags|all\s+the)\b", re.I)


def told_apart(rev: Revision, patch: Patch, tr: Trailer) -> bool:
    """The revision's changelog says the tag was added or collected, naming its giver or
    tags in general ("Added Kirill's Acked-by", "collected given tags"): the author
    states where it came from; the list has nothing to set against that."""
    text = patch.notes + "\n" + (rev.changelog or "")
    if not _ADDED_TAG.search(text):
        return False
    name = tr.person.name.split()[0].lower() if tr.person is not None and tr.person.name else ""
    return not name or any(
        name in line.lower() or _GENERIC_TAGS.search(line)
        for line in text.split("\n")
        if _ADDED_TAG.search(line)
    )


# the author saying they dropped the tags of the patches that changed much ("Kirill's got
# dropped because the patch he reviewed got completely rewritten", "I deliberately didn't
# collect a few reviews as the patches changed quite a bit"): the tags kept were kept on
# purpose, after the author weighed the change
_REJUDGED = lazyre.compile(
    r"\b(?:dropped|removed|stripped)\b[^.\n]{0,60}?\b(?:reviews?|tags?|r-?bs?|acks?|"
    r"reviewed-by)\b|\b(?:reviews?|tags?|r-?bs?|acks?|reviewed-by)\b(?:'s)?[^.\n]{0,60}?"
    r"\b(?:got|were|was|been|are)\s+dropped\b"
    r"|\b[A-Z][\w-]+'s\s+(?:got|was|were|has\s+been)\s+dropped\b"
    r"|\b(?:didn'?t|did\s+not|not)\s+(?:collect|carry|keep|add|pick\s+up)\b[^.\n]{0,40}?"
    r"\b(?:reviews?|tags?|r-?bs?|acks?|reviewed-by)\b",
    re.I,
)
_NOT_REVIEW = lazyre.compile(r"\b(?:fixes|link|closes|cc|stable)\b", re.I)


def tags_rejudged(patch: Patch, revisions: Sequence[Revision]) -> bool:
    """The author says, for a revision since the tag was given, that they dropped the review
    tags of the patches that changed (see `_REJUDGED`): in the patch's notes, a changelog or
    anywhere in a cover letter ("Note, I deliberately didn't collect a few reviews ...")."""
    text = "\n".join(
        [patch.notes]
        + [r.changelog or "" for r in revisions]
        + [r.cover.body for r in revisions if r.cover is not None]
    )
    return any(not _NOT_REVIEW.search(m.group(0)) for m in _REJUDGED.finditer(text))


# what a patch's own changelog may say of a step that changed nothing a tag covers: a rebase
# ("Rebase to latest upstream code", "A minor rebase to Michael's v7 DDA patchset"), tags
# collected, no functional change
_REBASE_ITEM = lazyre.compile(
    r"\brebas(?:e|ed|ing)\b|\b(?:add(?:ed|s)?|collect(?:ed|s)?|pick(?:ed)?\s+up|carr(?:y|ied))\b"
    r"[^.]{0,60}?\b(?:tags?|acks?|reviewed-by|acked-by|tested-by|signed-off-by|r-?bs?|a-?bs?"
    r"|reviews?)\b|\bno\s+(?:code|functional|logic(?:al)?)\s+changes?\b"
    r"|\b(?:updat|adapt|adjust|convert)\w*\s+(?:the\s+)?(?:new\s+|existing\s+)?(?:kunit\s+|self-?)?"
    r"tests?\b",
    re.I,
)
# a step's item that says it only followed what changed around the patch: a rebase, or the
# tests updated for the interface the patch changes ("update new Kunit tests")
_REBASE_OR_TESTS = lazyre.compile(
    r"\brebas|\b(?:updat|adapt|adjust|convert)\w*\s+(?:the\s+)?(?:new\s+|existing\s+)?"
    r"(?:kunit\s+|self-?)?tests?\b",
    re.I,
)
# ... and an item about the commit message alone, naming no code ("Clarified some parts in
# the patch description and added testing instructions/results", 'virtio-balloon: Switch
# back to OOM handler for VIRTIO_BALLOON_F_DEFLATE_ON_OOM' v2, beside "Rebase on top of
# linux-next (free page reporting)")
_MESSAGE_ITEM = lazyre.compile(
    r"\b(?:(?:patch|commit)\s+(?:description|message|log|text)|changelog|change\s+log"
    r"|description|subject|title)\b",
    re.I,
)
_CODE_NAME = lazyre.compile(r"\w\(|->|\b\w+_\w+\b|\b[A-Z][A-Z0-9]{2,}\b")
_ITEM_SPLIT = lazyre.compile(r"(?:^|\n)\s*(?:[-*+\u2022]|\d+[.)]|\(\d+\))\s+|(?<=[.;])\s+|\n\s*\n")
_LOG_HEADER = lazyre.compile(r"^[^\n]{0,80}?\bv\d+\b[^\n]{0,80}(?:\n|$)", re.I)


def _step_items(rev: Revision, patch: Patch, since: int) -> list[str] | None:
    """The items of the patch's own changelog entries for the step from `since` to `rev`;
    None when a version of the step says nothing (what changed there is unknown)."""
    entries = [
        e
        for _, log in rev.changelogs(patch.index)
        for e in log.entries
        if e.where in ("notes", "message")
        and e.version is not None
        and since < e.version <= rev.version
    ]
    if {e.version for e in entries} != set(range(since + 1, rev.version + 1)):
        return None
    return [
        " ".join(item.split())
        for e in entries
        for item in _ITEM_SPLIT.split(_list_only(_LOG_HEADER.sub("", e.text, count=1)))
        if item and _WORDY.search(item)
    ]


_BULLET = lazyre.compile(r"^\s*(?:[-*+\u2022]|\d+[.)]|\(\d+\))\s")
_WORDY = lazyre.compile(r"\w")


def _list_only(text: str) -> str:
    """An entry written as a list, without the prose under it: "As this patch is based on
    free page reporting, MST suggested to take this via Andrew's tree." below 'v1 -> v2:'
    and its items is a note to the maintainers, not a change."""
    paragraphs = _PARAGRAPH.split(text.strip())
    if not paragraphs or not _BULLET.match(paragraphs[0]):
        return text
    kept: list[str] = []
    for p in paragraphs:
        if not _BULLET.match(p):
            break
        kept.append(p)
    return "\n\n".join(kept)


def rebase_only(rev: Revision, patch: Patch, since: int, person: Address | None = None) -> bool:
    """The patch's own changelog for the step from `since` to `rev` says it was only
    rebased (each of its items a rebase, tags collected or "no functional change"): the
    author states the step changed nothing a reviewer looked at; what changed is the code
    around it (an upstream API followed, another series under it), or that it updated the
    tests for the patch's interface ("update new Kunit tests": the code reviewed is the
    same, its tests follow it). With `person` (a tag's
    giver), an item crediting them by name ("update documentation (Sam)") is one too: the
    step took what they asked for ('drm/format-helper: Rework XRGB8888-to-RGBG332
    conversion' v2: "rebase onto refactored Kunit tests", "add TODO on vaddr location
    (Sam)"). An item about the commit message alone ("Clarified some parts in the patch
    description") changes no code either."""
    items = _step_items(rev, patch, since)
    if not items:
        return False
    names = _names(person)
    return any(_REBASE_OR_TESTS.search(i) for i in items) and all(
        _REBASE_ITEM.search(i)
        or (names is not None and names.search(i.lower()) and "://" not in i)
        or (_MESSAGE_ITEM.search(i) and not _CODE_NAME.search(i))
        for i in items
    )


# a changelog item crediting a checker or a test report for the fix it lists: "use
# min_t(size_t,) (kernel test robot)", "return the number of bytes read/written, if any
# (fbdev testcase)" ('Support GEM object mappings from I/O memory' v7, the virtualization list
# <20201103093015.1063-11-tzimmermann@suse.de>)
_TOOL_REPORT = lazyre.compile(
    r"\b(?:kernel\s+test\s+robot|lkp|0-?day|kbuild(?:\s+test)?\s+robot|build\s*bots?|syzbot"
    r"|syzkaller|sparse|smatch|coccinelle|coccicheck|checkpatch(?:\.pl)?|kasan|kcsan|ubsan"
    r"|lockdep|(?:\w+\s+)?test\s*cases?|igt)\b",
    re.I,
)


def tool_fixes_only(rev: Revision, patch: Patch, since: int) -> bool:
    """The patch's own changelog for the step from `since` to `rev` credits every item to
    a checker's or a test's report ("use min_t(size_t,) (kernel test robot)", "return the
    number of bytes read/written, if any (fbdev testcase)"): the step fixed what the tools
    found in the code reviewed, and says so; nobody asks the reviewer to look again."""
    return credits_tools(_step_items(rev, patch, since) or [])


def credits_tools(items: Sequence[str]) -> bool:
    """Every changelog item credits a checker's or a test's report (see `tool_fixes_only`)."""
    return bool(items) and all(_TOOL_REPORT.search(i) for i in items)


def _names(person: Address | None) -> re.Pattern[str] | None:
    """A person's names as words (a name part of three letters or more, or the address's
    local part), lower case; None without one."""
    if person is None:
        return None
    parts = [p for p in re.split(r"[\s,.]+", person.name.lower()) if len(p) >= 3]
    local = person.email.split("@")[0].lower()
    if len(local) >= 3:
        parts.append(local)
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, parts)) + r")\b")


def credits_giver(
    old_rev: Revision, old: Patch, new_rev: Revision, new: Patch, person: Address | None
) -> bool:
    """The changelog entries the newer posting added for this patch credit `person` by name
    ("hide detach callback (Daniel)", "as suggested by Daniel"): the step took what they
    suggested. A name part of three letters or more, or the address's local part, as a
    word of an entry."""
    names = _names(person)
    if names is None:
        return False
    entries = new_entries(old_rev.changelog_for(old.index), new_rev.changelog_for(new.index))
    return any(names.search(e.lower()) and "://" not in e for e in entries)


# the author saying a posting changes no behaviour and that they kept the tags on that
# ground ('virtio pmem driver' v10: "This version has minor changes in patch 2(virtio) and
# does not change the existing functionality, Kept all the existing reviews/ack."): the
# tags were weighed against the step, as when the author says which they dropped
_NO_FUNCTIONAL = lazyre.compile(
    r"\b(?:does\s*n[o']t|do\s*n[o']t|did\s*n[o']t|does\s+not|do\s+not|did\s+not|no|without"
    r"(?:\s+any)?)\s+(?:change\s+(?:the\s+|any\s+)?(?:existing\s+)?(?:functionality|"
    r"behaviou?r|logic)|(?:functional(?:ity)?|behaviou?r(?:al)?|logic(?:al)?)\s+changes?)\b",
    re.I,
)
_KEPT_TAGS = lazyre.compile(
    r"\b(?:kept|keep(?:ing)?|retain(?:ed|ing)?|carr(?:y|ied|ying))\s+(?:all\s+|over\s+)?"
    r"(?:of\s+)?(?:the\s+)?(?:existing\s+|previous\s+|earlier\s+)?(?:reviews?|tags?|acks?"
    r"|r-?bs?|reviewed-by|acked-by)\b",
    re.I,
)
_PARAGRAPH = lazyre.compile(r"\n\s*\n")


def kept_as_unchanged(rev: Revision, patch: Patch) -> bool:
    """The posting's cover letter, changelog or the patch's notes say, in one paragraph,
    that it changes no functionality and that the existing tags were kept (see
    `_NO_FUNCTIONAL`, `_KEPT_TAGS`): the author weighed the step against the tags and
    says it is none a reviewer would look at again."""
    text = "\n\n".join(
        [patch.notes, rev.changelog or ""] + ([rev.cover.body] if rev.cover is not None else [])
    )
    # a paragraph's match is one of the whole text (each paragraph ends at a newline, the
    # patterns start and end on a word): most texts keep no tags, and are not split
    if _KEPT_TAGS.search(text) is None:
        return False
    return any(_NO_FUNCTIONAL.search(p) and _KEPT_TAGS.search(p) for p in _PARAGRAPH.split(text))
