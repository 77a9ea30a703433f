"""Where each reply goes: the cover letter or patch it answers, what it says and proposes.

A reply belongs to the nearest cover letter or patch above it in the thread. A reply whose
thread leads to none - its parent is not in the input (an archive that starts mid-thread, a
draft diff posted in another thread before v1) - is still about code when it quotes a diff:
it goes to the patch whose code it quotes (the same blob ids on `index` lines, or the same
changed lines), and `Reply.attached_by` says "quote" so trailer lineage knows the tag was
given in review of that code, not under that mail.
"""

from __future__ import annotations

from patchlint.model.body import split_patch_body, split_scissors, unquoted_text
from patchlint.model.evidence import DiffPrint, diff_print, print_files, quoted_diff
from patchlint.model.message import Message, sort_time
from patchlint.model.patch import Patch, build_patch
from patchlint.model.series import Reply, Revision
from patchlint.model.subject import Subject, parse_subject
from patchlint.model.thread import Node
from patchlint.model.trailers import find_reply_trailers, same_sender, signs_as

QUOTE_MIN_LINES = 3  # quoted changed lines a quote needs to name a patch by its lines alone
QUOTE_SHARE = 0.8  # share of them the patch must hold


class QuoteIndex:
    """The posted patches by the files they touch and the blob ids they leave, built on
    first use (most inputs have no reply that needs it)."""

    def __init__(self, rev_of: dict[str, Revision]) -> None:
        self._rev_of = rev_of
        self._by_file: dict[str, list[Patch]] | None = None
        # a patch's fingerprint, taken when a quote of one of its files asks for it
        self._prints: dict[str, DiffPrint] = {}

    def _build(self) -> dict[str, list[Patch]]:
        by_file: dict[str, list[Patch]] = {}
        for key, rev in self._rev_of.items():
            patch = next((p for p in rev.patches.values() if p.message_key == key), None)
            if patch is None or not patch.diff:
                continue
            for path in print_files(patch.diff):
                by_file.setdefault(path, []).append(patch)
        return by_file

    def _print(self, patch: Patch) -> DiffPrint:
        found = self._prints.get(patch.message_key)
        if found is None:
            found = self._prints[patch.message_key] = diff_print([patch.diff])
        return found

    def find(self, quote: DiffPrint, title: str, recipients: set[str], when: float) -> Patch | None:
        """The patch whose code `quote` shows: one of the reply's `title` that turns a
        quoted file's blob into the same blob (an `index` line the quote keeps) or holds
        most of the quoted changed lines; or, under another title (a draft posted in another
        thread), the same blobs from a patch whose author the reply was sent to (the same
        change from someone else is their work, not this one). Of several, the newest posted
        before the reply (`when`), else the first posted after it (a tag given on a draft
        before the posting)."""
        if not quote.files:
            return None
        if self._by_file is None:
            self._by_file = self._build()
        candidates: dict[str, Patch] = {}
        for path in quote.files:
            for patch in self._by_file.get(path, []):
                fingerprint = self._print(patch)
                same_blobs = bool(quote.index_pairs & fingerprint.index_pairs)
                if _title(patch.title) == title:
                    found = same_blobs or (
                        len(quote.lines) >= QUOTE_MIN_LINES
                        and len(quote.lines & fingerprint.lines) >= QUOTE_SHARE * len(quote.lines)
                    )
                else:
                    found = same_blobs and patch.author.email.lower() in recipients
                if found:
                    candidates[patch.message_key] = patch
        if not candidates:
            return None
        ordered = sorted(candidates.values(), key=lambda p: (sort_time(p.date), p.message_key))
        before = [p for p in ordered if sort_time(p.date) <= when]
        return before[-1] if before else ordered[0]


class ReplyPlacer:
    """Attaches replies to the revision of the cover or patch they answer."""

    def __init__(self, rev_of: dict[str, Revision]) -> None:
        self.rev_of = rev_of
        self.targets: dict[str, tuple[Node | None, Node]] = {}
        self.quotes = QuoteIndex(rev_of)
        self.unattached = 0
        # the quotes of replies whose thread leads to no patch: what they may be attached
        # to is looked up among every patch of the input (see `model.units.quote_keys`)
        self.floating: list[tuple[DiffPrint, str]] = []

    def _target(self, node: Node) -> tuple[Node | None, Node]:
        """Nearest cover/patch above `node`, and the node just below it on the way up (the
        branch of the thread `node` is in); memoised (replies are visited parents first),
        so a 20,000-deep reply chain stays linear."""
        parent = node.parent
        if parent is None:
            return None, node
        if parent.key in self.rev_of:
            return parent, node
        if parent.key in self.targets:
            return self.targets[parent.key]
        found: tuple[Node | None, Node] = (None, parent)
        below = parent
        for anc in parent.ancestors():
            if anc.key in self.rev_of:
                found = (anc, below)
                break
            if anc.key in self.targets:
                found = self.targets[anc.key]
                break
            below = anc
        self.targets[parent.key] = found
        return found

    def attach(self, node: Node, msg: Message, subject: Subject) -> None:
        target, branch = self._target(node)
        attached_by = "thread"
        if target is not None:
            target_key: str | None = target.key
            rev = self.rev_of[target.key]
            # Below a cover, a mail missing from the input may have been a patch: what was
            # said under it is not said to the whole series (b4 cannot follow it there).
            if branch.is_ghost and rev.cover is not None and rev.cover.key == target.key:
                target_key = None
        else:
            recipients = {a.email.lower() for a in (*msg.to, *msg.cc) if a.email}
            quote, title = quoted_diff(msg.body), _title(subject.title)
            if quote.files:
                self.floating.append((quote, title))
            quoted = self.quotes.find(quote, title, recipients, sort_time(msg.date))
            if quoted is None:
                self.unattached += 1
                return
            target_key, rev, attached_by = (
                quoted.message_key,
                self.rev_of[quoted.message_key],
                "quote",
            )
        reply = Reply(
            message=msg,
            subject=subject,
            target_key=target_key,
            parent_key=node.parent.key if node.parent else None,
            attached_by=attached_by,
        )
        above, proposal = split_scissors(msg.body)
        own_text = unquoted_text(above)
        for tr in find_reply_trailers(own_text, msg.author):
            if tr.person is None or signs_as(msg.author, tr.person):
                reply.trailers.append(tr)
            else:
                reply.mismatched_trailers.append(tr)
        posted = _proposal(msg, subject, proposal, own_text)
        if posted is not None and proposal is None and same_sender(msg.author, rev.author):
            reply.author_diff = posted
        else:
            reply.proposed = posted
        rev.replies.append(reply)
        if reply.proposed is not None:
            rev.proposed.append((reply, reply.proposed))


def _title(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def _proposal(msg: Message, subject: Subject, below: str | None, own: str) -> Patch | None:
    """A patch posted inside a reply: after a scissors line, or an unquoted diff."""
    text = below
    if text is None:
        if "\n+++ " not in own and "\ndiff -" not in own and not own.startswith("diff -"):
            return None
        text = own
    body = split_patch_body(text)
    if not body.has_diff:
        return None
    title = body.inbody.get("subject")
    posted = (
        parse_subject(title)
        if title
        else Subject(
            raw=subject.raw,
            title=subject.title,
            index=subject.index,
            total=subject.total,
            version=subject.version,
        )
    )
    return build_patch(msg, posted, body)
