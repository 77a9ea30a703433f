"""The one place patchlint touches b4 (0.16): as the reference for trailer collection and
as the peer in benchmarks. b4 keeps global state and queries lore.kernel.org unless told
not to, so this module switches networking off before every use and keeps one LoreMailbox
per series revision (calling get_series twice on one mailbox duplicates trailers)."""

from __future__ import annotations

import copy
import email.message
import email.parser
import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any


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
        origin = next((f.lmsg.msgid for f in lmsg.followup_trailers
                       if f == ltr and f.lmsg is not None), None)
        addr = ltr.addr if ltr.type == "person" and ltr.addr else None
        out.append(B4Trailer(name=ltr.name, value=ltr.value,
                             email=addr[1] if addr else None,
                             display_name=addr[0] if addr else None, origin=origin))
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
        revisions = [r for r in revisions
                     if any(p is not None and p.msgid in wanted for p in box.series[r].patches)]
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
            out.append(B4Patch(revision=revision, index=lmsg.counter, message_id=lmsg.msgid,
                               subject=lmsg.subject,
                               trailers=tuple((t.name, t.value) for t in trailers),
                               b4_trailers=_b4_trailers(b4, lmsg),
                               reroll_from=lmsg.reroll_from_revision))
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
