"""Group threaded messages into series -> revisions -> patches, with replies attached.

The rules, each taken from a real case (patchwork's and patchew's test data, b4's, the seeds,
the linux-hyperv archive):
- a patch joins the revision of the nearest cover/patch above it in the thread when the sender,
  the total (n/N), the version (a missing version inherits) agree and its index is free;
  otherwise it starts a new revision (`[PATCH v2]` sent in reply to v1, a re-send);
- patches with no usable parent join a recent revision from the same sender with the same
  total and version whose index is free (series posted without References);
- a thread root with no diff whose replies are the sender's numbered patches is a cover
  ("naked" cover, as b4 detects it);
- replies go to the cover or patch they answer, or by the code they quote (model/replies.py);
- revisions become one series when they carry the same b4 `change-id:` (what `b4 prep` writes in
  the cover letter, or under a lone patch; read where b4 reads it) and the same sender, even
  when their titles differ: the strongest evidence, checked first; else when one was posted in
  reply to the other, or a `Supersedes:` line or a changelog's link to an earlier version links
  them, or the same person posted the same title (with the same subject tags; or without them
  when the version goes up, stable backports aside; or someone else posted the next version of
  the same person's patches, under their in-body `From:`), or re-posted the version the series
  stands at; last, a series that starts at v2 or later joins the one whose code it continues under
  another title (model/linking.py);
- a version missing from the subject is taken from the changelog notes (`v2: ...`) or counted
  on from the previous revision, and flagged as inferred.

One module because one `_Grouper` carries the run's state from threading to series; what
can stand alone lives beside it (keys.py, replies.py, linking.py, evidence.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from patchlint import lazyre
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.body import (
    PatchBody,
    split_patch_body,
    version_from_notes,
)
from patchlint.model.keys import unique_keys
from patchlint.model.linking import (
    Prints,
    goes_up,
    is_repost,
    join_continuations,
    revision_backports,
    version_links,
)
from patchlint.model.message import Address, Diagnostic, Message, sort_time
from patchlint.model.patch import build_patch, is_pull_request, supersedes_ids
from patchlint.model.replies import ReplyPlacer
from patchlint.model.series import Grouping, PullRequest, Revision, Series
from patchlint.model.subject import Subject, parse_subject
from patchlint.model.thread import Node, ThreadIndex, build_threads, sort_key
from patchlint.model.trailers import same_sender
from patchlint.model.units import Place, UnitGrouping, merge_units, series_order

ORPHAN_WINDOW = timedelta(hours=12)
# b4's own pattern (LoreSeries.add_message; it looks only when a lowercase `\nchange-id:`
# is there, so a Gerrit `Change-Id:` trailer is not one): a line in the cover or first patch
_CHANGE_ID = lazyre.compile(r"^change-id:[ \t]+(\S{1,200})", re.M)
_PULL_URL = lazyre.compile(r"^\s*((?:git|https?|ssh|git\+ssh)://\S+(?:\s+\S+)?)\s*$", re.M)


@dataclass(slots=True)
class Classified:
    kind: str  # patch | cover | pull | reply | other
    subject: Subject
    body: PatchBody | None
    has_diff: bool = False  # in the body or in a patch attachment


_same_sender = same_sender


def classify(msg: Message, has_parent: bool) -> Classified:
    """What a mail is, from its subject and whether its body (or an attachment) has a diff."""
    subject = parse_subject(msg.subject)
    numbered = subject.index is not None
    if not subject.is_reply and not numbered and (subject.pull or is_pull_request(msg)):
        return Classified("pull", subject, None)
    if subject.is_reply:
        return Classified("reply", subject, None)
    if subject.is_cover:  # even with a diff in it (format-patch --interdiff/--range-diff)
        return Classified("cover", subject, split_patch_body(msg.body))
    body = split_patch_body(msg.body)
    has_diff = body.has_diff or any(split_patch_body(a.text).has_diff for a in msg.attachments)
    if has_diff:
        return Classified("patch", subject, body, has_diff=True)
    if has_parent:
        return Classified("reply", subject, None)
    if subject.has_patch_tag or subject.total is not None:
        return Classified("patch", subject, body)
    return Classified("other", subject, body)


class _Grouper:
    def __init__(
        self,
        messages: list[Message],
        diagnostics: list[Diagnostic],
        limits: Limits = DEFAULT_LIMITS,
        ghosts: list[Diagnostic] | None = None,
    ) -> None:
        self.messages = messages
        self.index: ThreadIndex = build_threads(messages, diagnostics, limits, ghosts)
        self.info: dict[str, Classified] = {}
        self.rev_of: dict[str, Revision] = {}
        self.registered: dict[str, list[Revision]] = {}
        # revisions started by a thread root with no usable parent, with the root's sort
        # time: roots are placed in that order, so the list is sorted by it
        self.orphans: list[tuple[float, Revision]] = []
        self.revisions: list[Revision] = []
        self.pulls: list[PullRequest] = []
        self.pull_places: list[Place] = []  # each pull request's place in the run
        self.notes: list[tuple[Place, Diagnostic]] = []  # placing's and linking's
        self.replies = ReplyPlacer(self.rev_of)
        self.prints = Prints()

    # -- classification ------------------------------------------------------------------
    def classify_all(self) -> None:
        for msg in self.messages:
            node = self.index.nodes[msg.key]
            self.info[msg.key] = classify(msg, node.parent is not None)
        # naked cover letters: a root with no diff, answered by the sender's numbered patches
        for root in self.index.roots:
            head = root.message
            if head is None:
                continue
            kind = self.info[head.key]
            if kind.kind not in ("other", "patch") or kind.has_diff:
                continue
            for child in root.children:
                cm = child.message
                if cm is None:
                    continue
                ci = self.info[cm.key]
                if ci.kind == "patch" and ci.subject.index and _same_sender(cm.author, head.author):
                    info = self.info[head.key]
                    self.info[head.key] = Classified("cover", info.subject, info.body)
                    break

    # -- revisions -----------------------------------------------------------------------
    def _joinable(self, rev: Revision, msg: Message, c: Classified) -> bool:
        subj = c.subject
        if not _same_sender(rev.author, msg.author):
            return False
        if c.kind == "cover":
            if rev.cover is not None or subj.total != rev.total:
                return False
        else:
            if subj.index is None or subj.index in rev.patches:
                return False
            if rev.total is not None and subj.total != rev.total:
                return False
        if subj.version is not None and (rev.explicit_version or 1) != subj.version:
            return subj.version == 1 and rev.explicit_version is None
        return not (
            rev.explicit_version is not None and subj.version is None and rev.rfc != subj.rfc
        )

    def _add(self, rev: Revision, msg: Message, c: Classified) -> None:
        subj = c.subject
        if c.kind == "cover":
            rev.cover = msg
            rev.cover_subject = subj
        else:
            patch = build_patch(msg, subj, c.body)
            rev.patches[subj.index or 1] = patch
        if rev.total is None and subj.total is not None and c.kind == "patch":
            rev.total = subj.total  # a naked cover did not say how many patches follow
        if subj.version is not None:
            rev.explicit_version = subj.version
        rev.rfc = rev.rfc or subj.rfc
        rev.resend = rev.resend or subj.resend
        if msg.date and (rev.date is None or msg.date < rev.date):
            rev.date = msg.date
        self.rev_of[msg.key] = rev

    def _new(self, msg: Message, c: Classified) -> Revision:
        subj = c.subject
        rev = Revision(key=msg.key, author=msg.author, date=msg.date, total=subj.total)
        if subj.index is None and c.kind == "patch":
            rev.total = 1
        self.revisions.append(rev)
        return rev

    def place(self, node: Node, msg: Message, c: Classified) -> None:
        anchor: Node | None = None
        candidates: list[Revision] = []
        top: Node | None = None
        for anc in node.ancestors():
            top = anc
            found: list[Revision] = []
            if anc.key in self.rev_of:
                found.append(self.rev_of[anc.key])
            found.extend(r for r in self.registered.get(anc.key, []) if r not in found)
            if found:
                anchor = anc
                candidates = found
                break
        for rev in reversed(candidates):
            if self._joinable(rev, msg, c):
                self._add(rev, msg, c)
                return
        if node.parent is None:
            # Only the sender's own postings count, and only those started within the
            # window: another sender's posting (even one a skewed clock dated far off)
            # neither joins nor ends the search, so what a mail joins depends on its
            # sender's mail alone (what grouping in units needs: `model.units`).
            start = sort_time(msg.date) - ORPHAN_WINDOW.total_seconds()
            for started, rev in reversed(self.orphans):
                if started < start:
                    break  # started before the window, as every one before it was
                if not _same_sender(rev.author, msg.author):
                    continue
                if msg.date and rev.date and abs(msg.date - rev.date) > ORPHAN_WINDOW:
                    break  # the sender's postings are kept in date order: the rest are older
                if self._joinable(rev, msg, c):
                    self._add(rev, msg, c)
                    return
        rev = self._new(msg, c)
        self._add(rev, msg, c)
        home = anchor or top
        if home is not None:
            self.registered.setdefault(home.key, []).append(rev)
        else:
            self.orphans.append((sort_time(msg.date), rev))

    # -- series --------------------------------------------------------------------------
    def link_series(self) -> list[Series]:
        revs = sorted(self.revisions, key=lambda r: (sort_time(r.date), r.key))
        series_of: dict[int, Series] = {}
        by_title: dict[str, list[Series]] = {}
        by_msgid: dict[str, Revision] = {}
        by_sender: dict[str, list[Series]] = {}
        # series by the bare titles of the revisions they were given (a superset of those
        # whose newest revision has the title): `_series_by_bare_title` looks only at these
        by_bare: dict[str, list[Series]] = {}
        for rev in revs:
            for key in rev.message_keys:
                by_msgid[key] = rev
        by_change: dict[str, list[Series]] = {}
        result: list[Series] = []
        for rev in revs:
            change = self.change_id(rev)
            chosen = _series_by_change_id(rev, by_change.get(change or "", []))
            if chosen is None:
                chosen = self._series_by_thread(rev, series_of)
            if chosen is None:
                chosen = self._series_by_supersedes(rev, by_msgid, series_of)
            if chosen is None:
                chosen = self._series_by_title(rev, by_title)
            if chosen is None:
                chosen = self._series_by_bare_title(rev, _keys_of(rev), by_sender, by_bare)
            if chosen is None:
                chosen = Series()
                result.append(chosen)
            chosen.revisions.append(rev)
            series_of[id(rev)] = chosen
            if change is not None and chosen not in by_change.setdefault(change, []):
                by_change[change].append(chosen)
            for title in _titles(rev, with_prefixes=True):
                lst = by_title.setdefault(title, [])
                if chosen not in lst:
                    lst.append(chosen)
            for key in _sender_keys(rev.author):
                mine = by_sender.setdefault(key, [])
                if chosen in mine:
                    mine.remove(chosen)
                mine.append(chosen)  # most recently posted to last
            for title in {t[2:] for t in _bare_titles(rev)}:
                by_bare.setdefault(title, []).append(chosen)
        result = join_continuations(result, self.prints)
        for series in result:  # in the order they were started: series order
            problems: list[Diagnostic] = []
            self._finish_series(series, problems)
            at = series_order(series)
            self.notes.extend(((4, *at, i), note) for i, note in enumerate(problems))
        return result

    def change_id(self, rev: Revision) -> str | None:
        """The b4 change-id a revision carries: where b4 looks (the cover letter, else the
        first patch), on a line of its own."""
        first = rev.sorted_patches[0] if rev.patches else None
        mails = [rev.cover] if rev.cover is not None else []
        if first is not None and first.index == 1:
            node = self.index.nodes.get(first.message_key)
            if node is not None and node.message is not None:
                mails.append(node.message)
        for mail in mails:
            m = _CHANGE_ID.search(mail.body) if "change-id:" in mail.body else None
            if m is not None:
                return m.group(1)
        return None

    def _series_by_title(self, rev: Revision, by_title: dict[str, list[Series]]) -> Series | None:
        """The series the same sender posted this title in (with the same subject tags),
        when the version is free there or this is a re-post of the version it stands at."""
        for title in _titles(rev, with_prefixes=True):
            for cand in reversed(by_title.get(title, [])):
                if not _same_sender(cand.author, rev.author) and not _taken_over(cand, rev):
                    continue
                if _version_fits(cand, rev) and _covers_agree(
                    cand, rev, by_cover=title.startswith("c:")
                ):
                    return cand
                if is_repost(cand, rev, self.prints):
                    return cand
        return None

    def _series_by_bare_title(
        self,
        rev: Revision,
        senders: list[str],
        by_sender: dict[str, list[Series]],
        by_bare: dict[str, list[Series]],
    ) -> Series | None:
        """A series of the same sender this posting continues with a higher version and the
        same title once tree and release tags are set aside (`[PATCH]` -> `[PATCH for-4.19
        v2]`, `[PATCH net-next]` -> `[PATCH net v2]`); stable backports are kept apart.
        Only series given one of its bare titles can share one (`_same_bare_title`): a
        prolific sender's other series are not looked at (that grew with the square of the
        archive)."""
        if not _bare_titles(rev):
            return None
        near = {id(s) for t in _bare_titles(rev) for s in by_bare.get(t[2:], [])}
        if not near:
            return None
        seen: set[int] = set()
        candidates: list[Series] = []
        for key in senders:
            for cand in by_sender.get(key, []):
                if (
                    id(cand) in near
                    and id(cand) not in seen
                    and (_same_sender(cand.author, rev.author) or _taken_over(cand, rev))
                ):
                    seen.add(id(cand))
                    candidates.append(cand)
        candidates.sort(key=lambda s: sort_time(s.revisions[-1].date), reverse=True)
        backports = revision_backports(rev)
        for cand in candidates:
            last = cand.revisions[-1]
            if (
                goes_up(cand, rev)
                and _same_bare_title(last, rev)
                and revision_backports(last) == backports
            ):
                return cand
        return None

    def _series_by_thread(self, rev: Revision, series_of: dict[int, Series]) -> Series | None:
        node = self.index.nodes.get(rev.key)
        if node is None:
            return None
        for anc in node.ancestors():
            other = self.rev_of.get(anc.key)
            if other is None or other is rev or id(other) not in series_of:
                continue
            if (
                (rev.explicit_version or 1) > (other.explicit_version or 1)
                or set(_titles(rev)) & set(_titles(other))
                or (rev.explicit_version is None and rev.resend)
            ):
                return series_of[id(other)]
            return None
        return None

    def _series_by_supersedes(
        self, rev: Revision, by_msgid: dict[str, Revision], series_of: dict[int, Series]
    ) -> Series | None:
        texts = [rev.cover.body] if rev.cover is not None else []
        texts.extend(p.message + "\n" + p.notes for p in rev.sorted_patches)
        texts.extend(r.message.body for r in rev.replies)
        for text in texts:
            for mid in supersedes_ids(text):
                older = by_msgid.get(mid)
                if older is not None and older is not rev and id(older) in series_of:
                    rev.supersedes.append(mid)
                    return series_of[id(older)]
        # a changelog's links to earlier versions: the newest of them is the one continued
        linked = [
            (sort_time(older.date), mid, older)
            for mid in version_links(rev)
            if (older := by_msgid.get(mid)) is not None
            and older is not rev
            and id(older) in series_of
            and _same_sender(older.author, rev.author)
        ]
        if linked:
            _, mid, older = max(linked, key=lambda t: t[0])
            rev.supersedes.append(mid)
            return series_of[id(older)]
        return None

    def _finish_series(self, series: Series, diagnostics: list[Diagnostic]) -> None:
        series.revisions.sort(key=lambda r: (sort_time(r.date), r.key))
        earlier: list[Revision] = []
        for rev in series.revisions:
            if rev.explicit_version is not None:
                rev.version, rev.version_inferred = rev.explicit_version, False
            else:
                notes = "\n".join(p.notes for p in rev.sorted_patches)
                if rev.cover is not None:
                    notes = rev.cover.body + "\n" + notes
                from_notes = version_from_notes(notes)
                # Only an earlier first posting makes an unlabeled one a re-post: a v3 whose
                # Date is older than v1 (clock skew, patchew's 0009) must not push v1 to v4.
                first_before = any(e.version == 1 for e in earlier)
                newest_before = max((e.version for e in earlier), default=0)
                if from_notes is not None and from_notes > 1:
                    rev.version, rev.version_inferred = from_notes, True
                elif first_before and rev.resend:
                    rev.version, rev.version_inferred = newest_before, True
                elif first_before:
                    rev.version, rev.version_inferred = newest_before + 1, True
                else:
                    rev.version, rev.version_inferred = 1, False
            earlier.append(rev)
        self._carry_partial_rerolls(series)
        newest = series.revisions[-1]
        for rev in series.revisions:
            if rev is not newest and (newest.version > rev.version or _reposted(rev, newest)):
                rev.state = "superseded"
                rev.superseded_by = newest.message_id
            else:
                rev.state = "latest"
        for rev in series.revisions:
            if rev.missing:
                diagnostics.append(
                    Diagnostic(
                        rev.message_id,
                        f"incomplete series: v{rev.version} '{rev.title}' lacks patch(es) "
                        + ", ".join(f"{i}/{rev.total}" for i in rev.missing),
                    )
                )

    @staticmethod
    def _carry_partial_rerolls(series: Series) -> None:
        """`[PATCH v3 2/2]` sent alone replaces 2/2 of v2: the other patches (and v2's cover,
        with the trailers given on it) carry over, as b4 treats a partial re-roll. A patch
        that sits at another index than in v2 (`v4 12/24` -> `v5 13/24`) says the series was
        renumbered: a whole new posting whose other mails are missing, nothing to carry."""
        for prev, rev in zip(series.revisions, series.revisions[1:], strict=False):
            if rev.cover is not None or not rev.missing or prev.total != rev.total:
                continue
            if rev.version <= prev.version:
                continue
            available = {**prev.carried, **prev.patches}
            where = {" ".join(p.title.lower().split()): i for i, p in available.items()}
            if any(
                where.get(" ".join(p.title.lower().split()), i) != i for i, p in rev.patches.items()
            ):
                continue
            carried = {i: available[i] for i in rev.missing if i in available}
            if carried:
                rev.carried = carried
                rev.base = prev

    # -- driver --------------------------------------------------------------------------
    def run(self) -> Grouping:
        """The grouping; its notes go to `notes`, each with its place in a run's order."""
        self.classify_all()
        order: list[tuple[Place, Node]] = []
        for root in self.index.roots:
            first = sort_key(root)
            order.extend(((3, first, i), node) for i, node in enumerate(root.walk()))
        for at, node in order:
            msg = node.message
            if msg is None:
                continue
            c = self.info[msg.key]
            if c.kind in ("patch", "cover"):
                self.place(node, msg, c)
                subj = c.subject
                if subj.index and subj.total and subj.index > subj.total:
                    self.notes.append(
                        (
                            at,
                            Diagnostic(
                                msg.message_id,
                                f"patch {subj.index}/{subj.total} numbered past the series total",
                                msg.source,
                            ),
                        )
                    )
                if c.kind == "patch" and not c.has_diff:
                    self.notes.append(
                        (at, Diagnostic(msg.message_id, "patch mail without a diff", msg.source))
                    )
            elif c.kind == "pull":
                m = _PULL_URL.search(msg.body)
                self.pulls.append(PullRequest(msg, c.subject, m.group(1) if m else None))
                self.pull_places.append(at)
        for _, node in order:
            msg = node.message
            if msg is None:
                continue
            c = self.info[msg.key]
            if c.kind in ("reply", "other"):
                self.replies.attach(node, msg, c.subject)
        series = self.link_series()
        series.sort(key=series_order)
        return Grouping(
            series=series,
            pull_requests=self.pulls,
            messages=len(self.messages),
            unattached=self.replies.unattached,
            classes={k: v.kind for k, v in self.info.items()},
        )


def _series_by_change_id(rev: Revision, candidates: list[Series]) -> Series | None:
    """The newest series the same sender posted under this change-id: b4 keeps one per
    piece of work across re-titles and re-rolls. A change-id is only text in a mail, so a
    different sender's posting does not join by it (the other rules still apply)."""
    for series in reversed(candidates):
        if any(_same_sender(other.author, rev.author) for other in series.revisions):
            return series
    return None


def _covers_agree(series: Series, rev: Revision, *, by_cover: bool) -> bool:
    """Two postings with cover letters of different titles are different work, even when
    they share a patch title."""
    if by_cover or rev.cover_subject is None:
        return True
    last = series.revisions[-1].cover_subject
    return last is None or last.normalized_title == rev.cover_subject.normalized_title


def _taken_over(series: Series, rev: Revision) -> bool:
    """Someone else posts the next version of a lone patch under the series author's
    in-body `From:` (a maintainer or colleague taking it over: Andrew Cooper's "[PATCH v2]
    x86/msr: ..." of Roger Pau Monne's patch, `From: Roger` in its body): the same title
    continues the series when the version goes up. A series of several patches is left to
    its own sender (a maintainer posting colleagues' patches in one series is not taking
    each colleague's work over); `units.cross_thread_keys` links only what this joins."""
    if len(rev.patches) != 1 or rev.cover is not None:
        return False
    (patch,) = rev.patches.values()
    return (
        (patch.subject.total or 1) == 1
        and (patch.subject.version or 1) > 1
        and _same_sender(series.author, patch.author)
        and goes_up(series, rev)
    )


def _version_fits(series: Series, rev: Revision) -> bool:
    """A title match links a posting into a series only if that version is not taken there
    already (an author who restarts at v2 under a new cover is starting new work), unless
    the posting says RESEND, or only RFC postings took it before the count restarted
    without RFC."""
    if rev.explicit_version is None or rev.resend:
        return True
    takers = [o for o in series.revisions if o.explicit_version == rev.explicit_version]
    if not takers:
        return True
    # dropping RFC restarts the count: "[RFC PATCH V4]", then "[PATCH]", "[PATCH V2]" ...
    # "[PATCH V4]"; a version only an RFC posting took before a restart is free again
    return (
        not rev.rfc
        and all(o.rfc for o in takers)
        and any(
            not o.rfc and (o.explicit_version or 1) < rev.explicit_version for o in series.revisions
        )
    )


def _titles(rev: Revision, *, with_prefixes: bool = False) -> list[str]:
    """Keys that identify the same work across postings: cover and patch titles, and with
    `with_prefixes` the subject's other prefixes (`6.18` of a stable backport, `net-next`),
    so the same fix sent to two trees is not taken for two versions."""
    titles: list[str] = []

    def key(subject: Subject) -> str:
        if not with_prefixes:
            return subject.normalized_title
        tags = ",".join(sorted(p.lower() for p in subject.prefixes))
        return f"{tags}|{subject.normalized_title}"

    if rev.cover_subject is not None and rev.cover_subject.normalized_title:
        titles.append("c:" + key(rev.cover_subject))
    for patch in rev.sorted_patches:
        if patch.subject.normalized_title:
            titles.append("p:" + key(patch.subject))
    return titles


def _reposted(old: Revision, new: Revision) -> bool:
    """`new` posts the same version again, whole: at least as many patches as `old` had (a
    lone patch re-sent under the same version replaces only itself)."""
    return (
        new.version == old.version
        and (new.total or 1) >= (old.total or 1)
        and len(new.patches) >= len(old.patches)
    )


def _bare_titles(rev: Revision) -> list[str]:
    """The cover's and patches' titles without their subject tags (`c:`/`p:` marked)."""
    return _titles(rev)


def _same_bare_title(a: Revision, b: Revision) -> bool:
    """The same title once subject tags are set aside: the cover letters' when both have
    one (two covers of different titles are different work, even with a patch title in
    common), else a patch title, or the cover's title and the patch title of a posting
    without a cover (a patch split in two under a cover that keeps its title)."""
    ta, tb = _bare_titles(a), _bare_titles(b)
    if a.cover_subject is not None and b.cover_subject is not None:
        return bool(ta[:1] == tb[:1] and ta[:1] and ta[0].startswith("c:"))
    return bool({t[2:] for t in ta} & {t[2:] for t in tb})


def _keys_of(rev: Revision) -> list[str]:
    """The keys of a posting's sender and of its patches' authors (`_taken_over`)."""
    keys = _sender_keys(rev.author)
    for patch in rev.patches.values():
        if not _same_sender(patch.author, rev.author):
            keys.extend(k for k in _sender_keys(patch.author) if k not in keys)
    return keys


def _sender_keys(author: Address) -> list[str]:
    """Keys a sender is found under: the address's local part (`same_address` allows a
    `+tag` and another subdomain) and the name (`same_person` matches either); candidates
    found by them are checked with `_same_sender`."""
    local = author.email.strip().lower().split("@", 1)[0].split("+", 1)[0]
    keys = [f"@{local}"] if local else []
    name = " ".join(author.name.lower().split())
    if name:
        keys.append(f"n:{name}")
    return keys


def group_unit(messages: list[Message], limits: Limits = DEFAULT_LIMITS) -> UnitGrouping:
    """Group `messages` (in input order) with each note's place in a run's order (see
    `model.units.Place`; a mail's place is its index in `messages`). The messages' keys
    are set here (`unique_keys`): give them as read, or as `reset_keys` leaves them."""
    keyed: list[Diagnostic] = []
    kept = unique_keys(messages, keyed)
    where = {id(m): i for i, m in enumerate(messages)}
    kept_places = [where[id(m)] for m in kept]
    threading: list[Diagnostic] = []
    ghosts: list[Diagnostic] = []
    grouper = _Grouper(kept, threading, limits, ghosts)
    grouping = grouper.run()
    notes = [
        *_by_mail(0, keyed, messages, list(range(len(messages)))),
        *_by_mail(1, threading, kept, kept_places),
        *_by_mail(2, ghosts, kept, kept_places),
        *grouper.notes,
    ]
    return UnitGrouping(
        grouping,
        notes,
        grouper.pull_places,
        [(i, m.key, m.source) for i, m in enumerate(messages)],
        kept_places,
        grouper.replies.floating,
    )


def reset_keys(messages: list[Message]) -> None:
    """Give messages grouped before the keys they were read with (to group them again)."""
    for msg in messages:
        msg.key = msg.message_id or ""


def _by_mail(
    phase: int, notes: list[Diagnostic], mails: list[Message], places: list[int]
) -> list[tuple[Place, Diagnostic]]:
    """Notes made mail by mail, in the mails' order, each with its mail's place (found by
    Message-ID and source, going forward)."""
    out: list[tuple[Place, Diagnostic]] = []
    i = 0
    for note in notes:
        j = i
        while j < len(mails) and (
            (mails[j].message_id or None) != (note.message_id or None)
            or (note.source is not None and mails[j].source != note.source)
        ):
            j += 1
        if j < len(mails):
            i = j
        out.append(((phase, places[i] if mails else 0), note))
    return out


def group_messages(
    messages: list[Message], diagnostics: list[Diagnostic], limits: Limits = DEFAULT_LIMITS
) -> Grouping:
    """The grouping entry point: messages in, series out; problems appended to diagnostics.
    All of them as one unit (`pipeline.units` groups a large input unit by unit)."""
    unit = group_unit(messages, limits)
    grouping, notes, _ = merge_units([(list(range(len(messages))), unit)])
    diagnostics.extend(notes)
    return grouping
