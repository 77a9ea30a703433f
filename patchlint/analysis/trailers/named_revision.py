"""The later revision a tag given in an earlier revision's thread is for.

A reviewer who comes back to a thread late may give a tag for the posting that has since
replaced the one they answer: "I clearly forgot to say in v2 that I'm ok with this change,
so: Reviewed-by: ..." sent in the v1 thread after v2 was posted (xen-devel, 'xen/arm: Set
correct per-cpu cpu_core_mask'). The tag is v2's: v3 dropping it is a dropped tag, and v2
carrying nothing is no contradiction. The giver's own words must name exactly one version,
later than the one the mail answers, posted before the mail; quoted text (the author's "I've
followed Michal's suggestion in v2") never counts, nor does a version not yet posted ("fix
this in v2 and you can add my R-b" is a condition on a posting to come).
"""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import own_text
from patchlint.model.message import sort_time
from patchlint.model.series import Reply, Revision, Series

# "v2", "V3", "version 2" as a word of its own (not "v2.1" nor "virtio-v2")
_VERSION = lazyre.compile(r"(?<![\w.-])(?:v|version\s+)(\d{1,3})(?!\w|\.\d)", re.I)


def named_later_revision(reply: Reply, rev: Revision, series: Series) -> Revision | None:
    """The revision of `series` after `rev` that `reply` (in `rev`'s thread) names in its own
    words as the one it speaks of, posted before the reply; None when it names none, more
    than one, or one not yet posted."""
    if not reply.trailers:
        return None
    words = own_text(reply.message.body)
    named = {int(m.group(1)) for m in _VERSION.finditer(words)} - set(range(rev.version + 1))
    if len(named) != 1:
        return None
    version = named.pop()
    later = [r for r in series.revisions if r.version == version]
    if len(later) != 1:
        return None
    posted = [p.date for p in later[0].patches.values() if p.date is not None]
    if not posted or reply.message.date is None:
        return None
    if sort_time(min(posted)) > sort_time(reply.message.date):
        return None
    return later[0]
