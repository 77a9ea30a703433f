"""The one place patchlint touches b4 (0.16): fetching a thread by Message-ID from a
public-inbox archive (`review --msgid`: the one job b4 does for users), and as the reference
for trailer collection and the peer in benchmarks. b4 is imported lazily, so commands that do
not fetch do not pay for it. b4 keeps global state and queries lore.kernel.org unless told not
to, so this module switches networking off before every use, on only while `fetch_thread`
fetches, and keeps one LoreMailbox per series revision (calling get_series twice on one
mailbox duplicates trailers)."""

from __future__ import annotations

import copy
import email.message
import email.parser
import logging
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from patchlint import lazyre
from patchlint.errors import InputError, UsageError
from patchlint.ingest.mailsource import MailSource as MailSource


@dataclass(frozen=True, slots=True)
class B4Trailer:
    """One trailer as b4 itself parsed it (`LoreTrailer`), with the mail it came from."""

    name: str
    value: str
    email: str | None  # the address b4 parsed out of a person trailer
    display_name: str | None
    origin: str | None  # Message-ID of the follow-up that gave it; None: the patch's own


@dataclass(frozen=True, slots=True)
class B4Patch:
    """What b4 collected for one patch of one revision."""

    revision: int
    index: int
    message_id: str
    subject: str
    trailers: tuple[tuple[str, str], ...]  # (name, value) as b4 would apply them
    b4_trailers: tuple[B4Trailer, ...] = ()  # the same trailers, as b4's own objects
    reroll_from: int | None = None  # b4 carried the patch over from this revision


def _b4() -> Any:
    import b4  # deferred: importing b4 is slow and only benchmarks and tools need it

    b4.can_network = False
    logging.getLogger("b4").setLevel(logging.CRITICAL)
    if not b4.MAIN_CONFIG:
        # b4's defaults, without reading the git config of wherever we happen to run;
        # attestation checks are off (they would look for keys and DKIM records)
        b4.MAIN_CONFIG.update(copy.deepcopy(b4.DEFAULT_CONFIG))
        b4.MAIN_CONFIG["attestation-policy"] = "off"
    return b4


def parse_with_b4(raw: bytes) -> email.message.EmailMessage:
    """Parse like b4 does (its EmailPolicy), for a like-for-like comparison."""
    b4 = _b4()
    parser = email.parser.BytesParser(policy=b4.emlpolicy)
    msg: email.message.EmailMessage = parser.parsebytes(raw)
    return msg


def _mailbox(b4: Any, messages: list[email.message.EmailMessage]) -> Any:
    box = b4.LoreMailbox()
    for msg in messages:
        box.add_message(msg)
    return box


def _b4_trailers(b4: Any, lmsg: Any) -> tuple[B4Trailer, ...]:
    """The trailers of a patch after `get_am_ready` rewrote its body, parsed by b4 itself
    (`get_body_parts`, as its `fix_trailers` does), each traced to the follow-up it came
    from (b4 marks follow-up trailers with the mail that gave them)."""
    trailers = b4.LoreMessage.get_body_parts(lmsg.body)[2]
    out: list[B4Trailer] = []
    for ltr in trailers:
        origin = next(
            (f.lmsg.msgid for f in lmsg.followup_trailers if f == ltr and f.lmsg is not None), None
        )
        addr = ltr.addr if ltr.type == "person" and ltr.addr else None
        out.append(
            B4Trailer(
                name=ltr.name,
                value=ltr.value,
                email=addr[1] if addr else None,
                display_name=addr[0] if addr else None,
                origin=origin,
            )
        )
    return tuple(out)


def b4_collect(raws: Iterable[bytes], want: Collection[str] | None = None) -> list[B4Patch]:
    """Every revision b4 finds in one thread, each patch with the trailers b4 would apply
    (`get_am_ready` output: the patch's own plus follow-ups, cover ones included).

    With `want` (Message-IDs), only the revisions holding one of those patches are built.
    Each revision gets a fresh LoreMailbox: `get_series` changes the messages it is given.
    """
    from patchlint.model.body import split_patch_body

    b4 = _b4()
    messages = [parse_with_b4(raw) for raw in raws]
    box = _mailbox(b4, messages)
    revisions = sorted(box.series)
    if want is not None:
        wanted = set(want)
        revisions = [
            r
            for r in revisions
            if any(p is not None and p.msgid in wanted for p in box.series[r].patches)
        ]
    out: list[B4Patch] = []
    for n, revision in enumerate(revisions):
        if n:
            box = _mailbox(b4, messages)
        series = box.get_series(revision=revision, sloppytrailers=False)
        if series is None:
            continue
        ready = series.get_am_ready(noaddtrailers=False, addmysob=False, addlink=False)
        lmsgs = [p for p in series.patches[1:] if p is not None]
        for lmsg, am in zip(lmsgs, ready, strict=False):
            payload = am.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
            trailers = split_patch_body(text).trailers
            out.append(
                B4Patch(
                    revision=revision,
                    index=lmsg.counter,
                    message_id=lmsg.msgid,
                    subject=lmsg.subject,
                    trailers=tuple((t.name, t.value) for t in trailers),
                    b4_trailers=_b4_trailers(b4, lmsg),
                    reroll_from=lmsg.reroll_from_revision,
                )
            )
    return out


def b4_get_latest_series(raws: Iterable[bytes]) -> int:
    """The benchmark's unit of b4 work: parse a thread and build its newest series.
    Returns the number of patches b4 found."""
    b4 = _b4()
    box = b4.LoreMailbox()
    for raw in raws:
        box.add_message(parse_with_b4(raw))
    if not box.series:
        return 0
    series = box.get_series(sloppytrailers=False)
    return 0 if series is None else sum(1 for p in series.patches[1:] if p is not None)


_ERRNO = lazyre.compile(r"\[Errno -?\d+\] [^'\")\]]{1,120}")


def _reason(exc: BaseException) -> str:
    """An error from the network or the archive's answer, short and on one line: the
    system's reason when requests buried one (`[Errno 111] Connection refused`), else the
    error's own text."""
    text = " ".join(str(exc).split())
    errno = _ERRNO.search(text)
    if errno is not None:
        return errno.group().rstrip()
    if "timed out" in text.lower():
        return "timed out"
    return text[:200] or type(exc).__name__


def fetch_thread(message_id: str, archive: str) -> MailSource:
    """The thread holding `message_id` (a Message-ID, `<id>`, `id:...` or a message's URL,
    as b4 takes them), fetched by b4's own code from the public-inbox base URL `archive` (a
    message URL names its own archive): b4's `LoreNode` (liblore) fetches the thread's mbox,
    b4 de-duplicates cross-posted copies by its List-Id preference, and liblore's strict
    thread walk keeps the mails linked to the message by their headers (public-inbox also
    threads by subject). Not b4's `get_strict_thread` wrapper: for `b4 am` it cuts the
    thread above a reply that carries a patch (a fix-up after a scissors line), and a review
    wants the whole thread.

    Raises InputError (one line: exit 2) when the archive cannot be reached, does not know
    the message, or answers with something that is not a gzip'd mbox holding it; UsageError
    for an empty id."""
    import liblore
    import liblore.utils

    b4 = _b4()
    b4.MAIN_CONFIG["midmask"] = archive + "%s"
    wanted = b4.parse_msgid(message_id)  # a URL's archive replaces `midmask`
    if not wanted or any(c.isspace() for c in wanted) or len(wanted) > 998:
        raise UsageError(f"--msgid: not a Message-ID: {message_id!r}")
    b4.LORENODE = None  # built again from `midmask`
    b4.can_network = True
    try:
        node = b4.get_lore_node()
        where = node.url
        try:
            mbox = node.get_mbox_by_msgid(wanted, nocache=True)
        except liblore.RemoteError as exc:
            if getattr(exc, "status_code", None) == 404:
                raise InputError(f"{where}: no message <{wanted}> in this archive") from exc
            raise InputError(f"cannot fetch <{wanted}> from {where}: {_reason(exc)}") from exc
        except (OSError, EOFError, zlib.error, ValueError) as exc:  # not gzip, cut short
            raise InputError(
                f"{where} answered <{wanted}> with something that is not a "
                f"gzip'd mbox: {_reason(exc)}"
            ) from exc
        except liblore.LibloreError as exc:
            raise InputError(f"cannot fetch <{wanted}> from {where}: {_reason(exc)}") from exc
    finally:
        b4.can_network = False
        b4.LORENODE = None
    preference = _listid_preference(b4)
    raws = liblore.utils.split_and_dedupe_as_bytes(mbox, preference)
    messages = b4.split_and_dedupe_pi_results(mbox)  # the same split, parsed (b4's own)
    thread = (
        liblore.utils.get_strict_thread(messages, wanted) if len(raws) == len(messages) else None
    )
    if not thread:
        raise InputError(f"{where} answered <{wanted}> with no thread holding it")
    kept = {id(m) for m in thread}
    mails = [raw for raw, msg in zip(raws, messages, strict=True) if id(msg) in kept]
    url = f"{where.rstrip('/')}/{wanted}/t.mbox.gz"
    return MailSource(url, mails)


def _listid_preference(b4: Any) -> list[str] | None:
    """b4's `listid-preference` (which list's copy of a cross-posted mail to keep)."""
    value = b4.MAIN_CONFIG.get("listid-preference", "")
    if isinstance(value, str) and value:
        return [x.strip() for x in value.split(",")]
    return None
