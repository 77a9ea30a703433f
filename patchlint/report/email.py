"""Review replies by email, written the way a careful human reviewer writes them.

`patch_replies(report)`: one RFC 2822 reply per mail with open findings (the cover letter, the
patches, patches proposed in replies) of each series' newest revision, threaded under that
mail (In-Reply-To, References), To its author, Cc its original recipients, quoting only the
diff lines each finding refers to (file and hunk header kept) with the comment below.
`revision_reply(report, series, revision)`: one reply per revision, threaded under its cover
letter (or its single / first patch), with the same per-patch sections: what a bot sends once
per revision.

The bodies are rendered from `templates/email-*.j2`; this module decides what to quote and
whom to answer. Mail content is hostile: every header made from it goes through
`report.mailheaders`, which checks it by parsing it back; a Message-ID or address that cannot
be written is left out and becomes a diagnostic (`diagnostics=`), never an exception.

What may be mailed at all is `report.mailing`'s to decide (a `MailGate`: the measured
rules, never a note, never twice); without one every open finding at `severity` is written.

Over 400 lines: the patch replies and the revision reply share the quoting, sections,
gating and header building, which a split would have to export to each other.
"""

from __future__ import annotations

import email.utils
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.generator import BytesGenerator
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypedDict

from patchlint import lazyre
from patchlint.model.address import parse_address
from patchlint.model.message import Diagnostic
from patchlint.model.subject import reply_base
from patchlint.report.mailheaders import (
    POLICY,
    HeaderProblem,
    clean_msgid,
    header_text,
    set_mailboxes,
    set_msgids,
    set_text,
    shorten,
)
from patchlint.report.mailing import FALSE_POSITIVE_TAG, MailGate
from patchlint.report.render import render_email_body
from patchlint.report.types import FindingEntry, Report, RevisionEntry
from patchlint.report.types import SeriesEntry as Series
from patchlint.report.verdict import at_or_above

DEFAULT_SENDER = "patchlint <patchlint@localhost>"
_DEFAULT_BOX = ("patchlint", "patchlint@localhost")

_SLUG = lazyre.compile(r"[^A-Za-z0-9._-]+")
SLUG_WIDTH = 60


def _mailbox(value: str) -> tuple[str, str] | None:
    """(display name, address) of `Name <addr>`; None when there is no address at all
    (whether the address can be written is `mailheaders`' to judge)."""
    parsed = parse_address(header_text(value))
    return (parsed.name, parsed.email) if parsed.email else None


def _recipients(
    to: Iterable[str], cc: Iterable[str], exclude: Iterable[str], problems: list[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """To and Cc mailboxes, each address once (To wins), without the excluded addresses."""
    seen = {addr.lower() for addr in exclude}
    out: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
    for bucket, values, name in zip(out, (to, cc), ("To", "Cc"), strict=True):
        for value in values:
            box = _mailbox(value)
            if box is None:
                problems.append(f"{name}: {header_text(value)[:80]!r}: no address; dropped")
            elif box[1].lower() not in seen:
                seen.add(box[1].lower())
                bucket.append(box)
    return out


def reply_subject(subject: str) -> str:
    """`Re: ` and the subject without reply markers and list tags: `Re: [PATCH v2 1/3]
    title`, never `Re: [Xen-devel] Re: [PATCH]` (the list adds its tag again)."""
    return f"Re: {reply_base(header_text(subject)) or '(no subject)'}"


class QuoteBlock(TypedDict):
    """Quoted lines (`> `) and the findings commented below them."""

    lines: list[str]
    hits: list[str]
    findings: list[FindingEntry]


class PatchSection(TypedDict):
    """The part of a reply about one patch mail."""

    subject: str
    author: str
    date: str
    blocks: list[QuoteBlock]
    general: list[FindingEntry]


def _references(mail: Mapping[str, Any], problems: list[str]) -> list[str]:
    """The parent's References (or its In-Reply-To when it has none) and its Message-ID;
    an id that cannot be written in a header is left out, and said."""
    chain = list(mail.get("references") or [])
    if not chain and mail.get("in_reply_to"):
        chain = [mail["in_reply_to"]]
    chain.append(mail.get("message_id") or "")
    out: list[str] = []
    for ref in chain:
        cleaned = clean_msgid(ref)
        if cleaned is None and ref:
            problems.append(f"References: {ref[:80]!r} cannot be written as a msg-id; left out")
        elif cleaned:
            if cleaned in out:  # each id once, the parent's last whatever its References say
                out.remove(cleaned)
            out.append(cleaned)
    return out


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def attribution_date(value: str | None) -> str:
    """An ISO date from the report as an RFC 2822 date, for `On <date>, <author> wrote:`."""
    date = _parse_date(value)
    return email.utils.format_datetime(date) if date else "an unknown date"


def _open_findings(series: Series, severity: str) -> list[FindingEntry]:
    return at_or_above(
        (f for f in series["findings"] if f.get("status", "open") == "open"), severity
    )


def _blocks(findings: list[FindingEntry]) -> tuple[list[QuoteBlock], list[FindingEntry]]:
    """Quote blocks in file and line order - each with the `> ` lines (a file's header the
    first time it is quoted, a hunk's header the first time that hunk is) and the findings
    commented below them - and the findings that quote nothing."""
    quoted: list[Any]  # findings with a quote
    quoted = sorted(
        (f for f in findings if f.get("quote")),
        key=lambda f: (f["quote"]["file"] or "", f.get("line") or 0, f["code"]),
    )
    general = [f for f in findings if not f.get("quote")]
    blocks: list[QuoteBlock] = []
    file = hunk = None
    for f in quoted:
        q = f["quote"]
        hits = [r["text"] for r in q["lines"] if r["hit"]]
        if blocks and blocks[-1]["hits"] == hits and (q["file"], q["hunk"]) == (file, hunk):
            blocks[-1]["findings"].append(f)
            continue
        lines: list[str] = []
        if q["file"] is not None and q["file"] != file:
            lines += [q["old_header"], q["new_header"]]
            hunk = None
        if q["hunk"] is not None and q["hunk"] != hunk:
            lines.append(q["hunk"])
        file, hunk = q["file"], q["hunk"]
        blocks.append({"lines": lines + hits, "hits": hits, "findings": [f]})
    return blocks, general


def _patch_section(patch: Mapping[str, Any], findings: list[FindingEntry]) -> PatchSection:
    blocks, general = _blocks(findings)
    return {
        "subject": header_text(patch["subject"]),
        "author": patch["author"],
        "date": attribution_date(patch.get("date")),
        "blocks": blocks,
        "general": general,
    }


def _belongs(finding: FindingEntry, mail: Mapping[str, Any], version: int) -> bool:
    if mail.get("message_id"):
        return bool(finding.get("message_id") == mail["message_id"])
    return bool(
        finding.get("message_id") is None
        and finding.get("revision") == version
        and finding.get("patch") == mail.get("index")
    )


def _message(
    report: Report,
    parent: Mapping[str, Any],
    to: list[str],
    cc: list[str],
    body: str,
    sender: str,
    date: datetime | None,
    findings: Iterable[FindingEntry],
    kind: str,
    diagnostics: list[Diagnostic] | None,
) -> EmailMessage:
    """A reply to `parent` (a patch or cover dict of the report) whose every header made
    from mail is checked by `mailheaders`: what cannot be written is left out and becomes a
    diagnostic about the parent. Its Message-ID is derived from where it sits and what it
    reports (the findings' fingerprints) and its `kind` (a patch's reply or a revision's), so
    the same review of the same mail always gets the same id."""
    problems: list[str] = []
    msg = EmailMessage(policy=POLICY)
    senders = set_mailboxes(msg, "From", [b for b in [_mailbox(sender)] if b], problems)
    if not senders:
        senders = set_mailboxes(msg, "From", [_DEFAULT_BOX], problems)
    sender_addr = senders[0][1]
    to_boxes, cc_boxes = _recipients(to, cc, [sender_addr], problems)
    set_mailboxes(msg, "To", to_boxes, problems)
    set_mailboxes(msg, "Cc", cc_boxes, problems)
    set_text(
        msg,
        "Subject",
        reply_subject(parent.get("subject") or ""),
        problems,
        "Re: (subject not representable)",
    )
    msg["Date"] = email.utils.format_datetime(date or datetime.now(UTC))
    refs = _references(parent, problems)
    identity = [kind, *refs, "", *sorted(f["fingerprint"] for f in findings)]
    digest = hashlib.sha256("\0".join(identity).encode("utf-8", "surrogateescape"))
    domain = sender_addr.rsplit("@", 1)[1]
    set_msgids(
        msg,
        "Message-ID",
        [
            clean_msgid(f"patchlint-{digest.hexdigest()[:24]}@{domain}")
            or f"<patchlint-{digest.hexdigest()[:24]}@patchlint.invalid>"
        ],
    )
    parent_id = clean_msgid(parent.get("message_id"))
    for name, ids in (
        ("In-Reply-To", refs[-1:] if parent_id and refs[-1:] == [parent_id] else []),
        ("References", refs),
    ):
        try:
            if ids:
                set_msgids(msg, name, ids)
        except HeaderProblem as exc:
            problems.append(f"{exc}; header left out")
    set_text(msg, "X-Mailer", f"patchlint {report['tool']['version']}", problems, "patchlint")
    # quoted diff lines keep tabs and are not re-wrapped; only a line past RFC 5322's 998
    # octets forces quoted-printable; a lone surrogate (no mail decodes to one, but a
    # report is any JSON) cannot be encoded at all
    body = body.encode("utf-8", "replace").decode("utf-8")
    long_line = any(len(line.encode()) > 998 for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_line else "8bit")
    if diagnostics is not None:
        about = parent.get("message_id")
        diagnostics.extend(Diagnostic(about, f"reply: {p}") for p in problems)
    return msg


def _series_dict(report: Report, series: Series | int) -> Series:
    return report["series"][series] if isinstance(series, int) else series


def _mails(rev: RevisionEntry) -> list[Mapping[str, Any]]:
    """The mails of a revision a reply can answer, in order: its cover letter (with the
    revision's author and date, which the report keeps on the revision), its own patches
    (not those carried over from an earlier posting), the patches proposed in replies."""
    cover = (
        [{**rev["cover"], "author": rev["author"], "date": rev.get("date"), "index": 0}]
        if rev["cover"]
        else []
    )
    own = [p for p in rev["patches"] if p.get("carried_from") is None]
    return [*cover, *own, *rev["proposed_patches"]]


def patch_replies(
    report: Report,
    *,
    sender: str = DEFAULT_SENDER,
    date: datetime | None = None,
    severity: str = "info",
    series: Iterable[Series | int] | None = None,
    superseded: bool = False,
    diagnostics: list[Diagnostic] | None = None,
    gate: MailGate | None = None,
) -> list[EmailMessage]:
    """One reply per mail (cover letter, posted patch, patch proposed in a reply) that has
    open findings at or above `severity`, in report order. A revision followed by another is
    skipped, as the bot skips it (nobody reviews a superseded posting), unless `superseded`.
    A finding about the revision as a whole goes to the cover letter's reply, or the first
    patch's without one. With a `gate` (`report.mailing`: what may be mailed), only the
    findings it admits, and none an earlier revision already had. `date` is the replies'
    Date (now by default); `series` limits them to some series of the report; what could
    not be put in a header is added to `diagnostics`."""
    chosen = [_series_dict(report, s) for s in series] if series is not None else report["series"]
    replies: list[EmailMessage] = []
    seen: set[str] = set()
    for s in chosen:
        findings = _open_findings(s, severity)
        positions = range(len(s["revisions"])) if superseded else range(len(s["revisions"]))[-1:]
        for position in positions:
            rev = s["revisions"][position]
            version = rev["version"]
            allowed = _gated(findings, s, position, gate)
            mails = _mails(rev)
            whole = [
                f
                for f in allowed
                if f.get("revision") == version
                and f.get("patch") is None
                and f.get("message_id") is None
            ]
            for n, mail in enumerate(mails):
                key = mail.get("message_id") or f"v{version}/{mail['index']}"
                if key in seen:
                    continue
                mine = [f for f in allowed if _belongs(f, mail, version)]
                mine += whole if n == 0 else []
                if not mine:
                    continue
                seen.add(key)
                body = render_email_body(
                    "email-patch.j2",
                    {
                        "tool": report["tool"],
                        "section": _patch_section(mail, mine),
                        "feedback": _feedback(gate),
                    },
                )
                replies.append(
                    _message(
                        report,
                        mail,
                        [mail["author"]],
                        [*mail.get("to", []), *mail.get("cc", [])],
                        body,
                        sender,
                        date,
                        mine,
                        "patch",
                        diagnostics,
                    )
                )
    return replies


def _gated(
    findings: list[FindingEntry], series: Series, position: int, gate: MailGate | None
) -> list[FindingEntry]:
    return findings if gate is None else gate.select(findings, series, position)


def _feedback(gate: MailGate | None) -> dict[str, Any]:
    """What the signature says about reporting a false positive."""
    return {"tag": FALSE_POSITIVE_TAG, "url": gate.url if gate is not None else None}


def _revision_dict(series: Series, revision: RevisionEntry | int | str) -> RevisionEntry | None:
    if not isinstance(revision, int | str):
        return revision
    revisions = series["revisions"]
    # a version names its newest posting (a RESEND re-posts a version)
    return next(
        (rev for rev in reversed(revisions) if revision in (rev["version"], rev["message_id"])),
        None,
    )


@dataclass(slots=True)
class _RevisionParts:
    """What a revision's reply holds: the sections per mail, the revision's own findings,
    the mail it answers."""

    series: Series
    revision: RevisionEntry
    sections: list[dict[str, Any]]
    general: list[FindingEntry]
    parent: Mapping[str, Any]

    @property
    def findings(self) -> list[FindingEntry]:
        return [
            *self.general,
            *(f for sec in self.sections for b in sec["blocks"] for f in b["findings"]),
            *(f for sec in self.sections for f in sec["general"]),
        ]


def _revision_parts(
    report: Report,
    series: Series | int,
    revision: RevisionEntry | int | str,
    severity: str,
    gate: MailGate | None,
) -> _RevisionParts | None:
    s = _series_dict(report, series)
    rev = _revision_dict(s, revision)
    if rev is None:
        return None
    version = rev["version"]
    position = next((i for i, r in enumerate(s["revisions"]) if r is rev), len(s["revisions"]))
    findings = [
        f
        for f in _gated(_open_findings(s, severity), s, position, gate)
        if f.get("revision") == version
    ]
    patches = [p for p in rev["patches"] if p.get("carried_from") is None]
    sections: list[dict[str, Any]] = []
    taken: set[int] = set()
    for patch in [*patches, *rev["proposed_patches"]]:
        mine = [f for f in findings if id(f) not in taken and _belongs(f, patch, version)]
        taken.update(id(f) for f in mine)
        if mine:
            sections.append(
                {**_patch_section(patch, mine), "proposed": patch in rev["proposed_patches"]}
            )
    general = [
        f
        for f in findings
        if id(f) not in taken
        and (
            f.get("patch") is None
            or (rev["cover"] and f.get("message_id") == rev["cover"]["message_id"])
        )
    ]
    if not sections and not general:
        return None
    parent: Mapping[str, Any] = rev["cover"] or (patches[0] if patches else {})
    if not parent:
        return None
    return _RevisionParts(s, rev, sections, general, parent)


def revision_findings(
    report: Report,
    series: Series | int,
    revision: RevisionEntry | int | str,
    *,
    severity: str = "info",
    gate: MailGate | None = None,
) -> list[FindingEntry]:
    """The findings `revision_reply` puts in the reply (none when it sends none): what the
    bot records as mailed."""
    parts = _revision_parts(report, series, revision, severity, gate)
    return parts.findings if parts is not None else []


def revision_reply(
    report: Report,
    series: Series | int,
    revision: RevisionEntry | int | str,
    *,
    sender: str = DEFAULT_SENDER,
    date: datetime | None = None,
    severity: str = "info",
    diagnostics: list[Diagnostic] | None = None,
    gate: MailGate | None = None,
) -> EmailMessage | None:
    """One reply for a whole revision (`revision`: its dict, its version - the newest posting
    of it - or its Message-ID), threaded under the cover letter or, without one, the first
    patch; a section per patch with open findings, the revision's own findings first. None
    when the revision has no open findings at or above `severity` (that `gate` admits, and
    that no earlier revision had, with one)."""
    parts = _revision_parts(report, series, revision, severity, gate)
    if parts is None:
        return None
    rev, parent = parts.revision, parts.parent
    body = render_email_body(
        "email-revision.j2",
        {
            "tool": report["tool"],
            "series": parts.series,
            "revision": rev,
            "sections": parts.sections,
            "general": parts.general,
            "parent_author": rev["author"],
            "parent_date": attribution_date(rev.get("date")),
            "feedback": _feedback(gate),
        },
    )
    return _message(
        report,
        parent,
        [rev["author"]],
        [*parent.get("to", []), *parent.get("cc", [])],
        body,
        sender,
        date,
        parts.findings,
        "revision",
        diagnostics,
    )


def eml_name(number: int, msg: EmailMessage) -> str:
    """A file name for the `number`th reply: `0001-Re-subject.eml`, safe on any filesystem;
    a long subject is cut at a word, and `...` says so."""
    return f"{number:04d}-{slug(str(msg['Subject'] or 'reply'))}.eml"


def slug(text: str, width: int = SLUG_WIDTH) -> str:
    """`text` as a file name part (letters, digits, `._-`), cut at a word with `...`."""
    flat = _SLUG.sub("-", text).strip("-.")
    short = shorten(flat, width).strip("-.")
    if short != flat:
        short = short.removesuffix("\u2026").rstrip("-._") + "..."
    return short or "reply"


def write_eml(messages: Iterable[EmailMessage], directory: Path) -> list[Path]:
    """Each reply as `directory/NNNN-<subject>.eml` (bytes as they would be sent)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for number, msg in enumerate(messages, 1):
        path = directory / eml_name(number, msg)
        path.write_bytes(bytes(msg))
        written.append(path)
    return written


def as_mbox(messages: Iterable[EmailMessage]) -> bytes:
    """The replies as one mbox (`From ` lines in bodies escaped), e.g. for `git send-email`
    or a mail client to pick up."""
    out = io.BytesIO()
    for msg in messages:
        BytesGenerator(out, mangle_from_=True).flatten(msg, unixfrom=True)
        out.write(b"\n")
    return out.getvalue()


def new_message(
    sender: str,
    to: Iterable[str],
    subject: str,
    body: str,
    *,
    kind: str,
    identity: Iterable[str],
    mailer: str,
    date: datetime | None = None,
    problems: list[str] | None = None,
) -> EmailMessage:
    """A mail that starts a thread (a digest), its headers made as a reply's are (each
    checked by `mailheaders`; what cannot be written is left out and told in `problems`),
    the body 8bit unless a line is too long, and a Message-ID hashed from `kind` and
    `identity` (the same digest, the same id)."""
    problems = problems if problems is not None else []
    msg = EmailMessage(policy=POLICY)
    senders = set_mailboxes(msg, "From", [b for b in [_mailbox(sender)] if b], problems)
    if not senders:
        senders = set_mailboxes(msg, "From", [_DEFAULT_BOX], problems)
    to_boxes, _ = _recipients(to, [], [], problems)
    set_mailboxes(msg, "To", to_boxes, problems)
    set_text(msg, "Subject", subject, problems, "patchlint digest")
    msg["Date"] = email.utils.format_datetime(date or datetime.now(UTC))
    digest = hashlib.sha256("\0".join([kind, *identity]).encode("utf-8", "surrogateescape"))
    local = f"patchlint-{kind}-{digest.hexdigest()[:24]}"
    set_msgids(
        msg,
        "Message-ID",
        [
            clean_msgid(f"{local}@{senders[0][1].rsplit('@', 1)[1]}")
            or f"<{local}@patchlint.invalid>"
        ],
    )
    set_text(msg, "X-Mailer", mailer, problems, "patchlint")
    body = body.encode("utf-8", "replace").decode("utf-8")
    long_line = any(len(line.encode()) > 998 for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_line else "8bit")
    return msg
