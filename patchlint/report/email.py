"""Review replies by email, written the way a careful human reviewer writes them.

`patch_replies(report)`: one RFC 2822 reply per patch mail with open findings, threaded under
that mail (In-Reply-To, References), To its author, Cc its original recipients, quoting only
the diff lines each finding refers to (file and hunk header kept) with the comment below.
`revision_reply(report, series, revision)`: one reply per revision, threaded under its cover
letter (or its single / first patch), with the same per-patch sections: what a bot sends once
per revision.

The bodies are rendered from `templates/email-*.j2`; this module only decides what to quote
and builds safe headers. Mail content is hostile: every header value is stripped of CR, LF and
other control characters before it is set, Message-IDs are reduced to what a msg-id may hold,
and an address that does not parse is dropped rather than passed through.
"""

from __future__ import annotations

import email.utils
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.generator import BytesGenerator
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypedDict

from patchlint.model.address import parse_address
from patchlint.report.render import render_email_body
from patchlint.report.types import FindingEntry, PatchEntry, Report, RevisionEntry
from patchlint.report.types import SeriesEntry as Series
from patchlint.report.verdict import at_or_above

DEFAULT_SENDER = "patchlint <patchlint@localhost>"

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_MSGID_BAD = re.compile(r"[\s<>\"\x00-\x1f\x7f(),;:\\\[\]]+")
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def header_text(value: str) -> str:
    """A header value on one line: CR, LF, tabs and other control characters become one
    space, so a hostile subject cannot end its header and start another."""
    return " ".join(_CONTROL.sub(" ", value).split())


def clean_msgid(value: str | None) -> str | None:
    """A Message-ID as `<id>` with nothing a msg-id cannot hold, or None when nothing is left."""
    if not value:
        return None
    ident = _MSGID_BAD.sub("", value)
    return f"<{ident}>" if ident else None


def _mailbox(value: str) -> tuple[str, str] | None:
    """(display name, address) of `Name <addr>`; None when there is no usable address."""
    parsed = parse_address(header_text(value))
    addr = parsed.email
    if not addr or "@" not in addr or _MSGID_BAD.search(addr) or not addr.isascii():
        return None  # a non-ASCII address cannot go in a header without SMTPUTF8
    return header_text(parsed.name), addr


def _format_mailboxes(values: Iterable[tuple[str, str]]) -> str:
    return ", ".join(email.utils.formataddr(v, charset="utf-8") for v in values)


def _recipients(to: Iterable[str], cc: Iterable[str], exclude: Iterable[str]) -> tuple[
        list[tuple[str, str]], list[tuple[str, str]]]:
    """To and Cc mailboxes, each address once (To wins), without the excluded addresses."""
    seen = {addr.lower() for addr in exclude}
    out: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
    for bucket, values in zip(out, (to, cc), strict=True):
        for value in values:
            box = _mailbox(value)
            if box is not None and box[1].lower() not in seen:
                seen.add(box[1].lower())
                bucket.append(box)
    return out


def reply_subject(subject: str) -> str:
    subject = header_text(subject)
    return subject if re.match(r"(?i)re:", subject) else f"Re: {subject}"


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


def _references(mail: Mapping[str, Any]) -> list[str]:
    """The parent's References (or its In-Reply-To when it has none) and its Message-ID."""
    chain = list(mail.get("references") or [])
    if not chain and mail.get("in_reply_to"):
        chain = [mail["in_reply_to"]]
    chain.append(mail.get("message_id") or "")
    out: list[str] = []
    for ref in chain:
        cleaned = clean_msgid(ref)
        if cleaned and cleaned not in out:
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
    return at_or_above((f for f in series["findings"] if f.get("status", "open") == "open"),
                       severity)


def _blocks(findings: list[FindingEntry]) -> tuple[list[QuoteBlock], list[FindingEntry]]:
    """Quote blocks in file and line order - each with the `> ` lines (a file's header the
    first time it is quoted, a hunk's header the first time that hunk is) and the findings
    commented below them - and the findings that quote nothing."""
    quoted: list[Any]  # findings with a quote
    quoted = sorted((f for f in findings if f.get("quote")),
                    key=lambda f: (f["quote"]["file"] or "", f.get("line") or 0, f["code"]))
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


def _patch_section(patch: PatchEntry, findings: list[FindingEntry]) -> PatchSection:
    blocks, general = _blocks(findings)
    return {"subject": header_text(patch["subject"]), "author": patch["author"],
            "date": attribution_date(patch.get("date")), "blocks": blocks, "general": general}


def _belongs(finding: FindingEntry, mail: PatchEntry, version: int) -> bool:
    if mail.get("message_id"):
        return bool(finding.get("message_id") == mail["message_id"])
    return bool(finding.get("message_id") is None and finding.get("revision") == version
                and finding.get("patch") == mail.get("index"))


def _message(report: Report, parent: Mapping[str, Any], to: list[str],
             cc: list[str], body: str, sender: str, date: datetime | None,
             findings: Iterable[FindingEntry], kind: str) -> EmailMessage:
    """A reply to `parent` (a patch or cover dict of the report) with safe headers. Its
    Message-ID is derived from where it sits and what it reports (the findings'
    fingerprints) and its `kind` (a patch's reply or a revision's), so the same review of
    the same mail always gets the same id."""
    sender_box = _mailbox(sender) or _mailbox(DEFAULT_SENDER)
    assert sender_box is not None
    to_boxes, cc_boxes = _recipients(to, cc, exclude=[sender_box[1]])
    refs = _references(parent)
    identity = [kind, *refs, "", *sorted(f["fingerprint"] for f in findings)]
    digest = hashlib.sha256("\0".join(identity).encode("utf-8", "surrogateescape"))
    domain = sender_box[1].rsplit("@", 1)[1] or "patchlint.invalid"
    msg = EmailMessage()
    msg["From"] = _format_mailboxes([sender_box])
    if to_boxes:
        msg["To"] = _format_mailboxes(to_boxes)
    if cc_boxes:
        msg["Cc"] = _format_mailboxes(cc_boxes)
    msg["Subject"] = reply_subject(parent.get("subject") or "")
    msg["Date"] = email.utils.format_datetime(date or datetime.now(UTC))
    msg["Message-ID"] = f"<patchlint-{digest.hexdigest()[:24]}@{domain}>"
    if refs and parent.get("message_id") and clean_msgid(parent["message_id"]) == refs[-1]:
        msg["In-Reply-To"] = refs[-1]
    if refs:
        msg["References"] = " ".join(refs)
    msg["X-Mailer"] = header_text(f"patchlint {report['tool']['version']}")
    # quoted diff lines keep tabs and are not re-wrapped; only a line past RFC 5322's 998
    # octets forces quoted-printable
    long_line = any(len(line.encode()) > 998 for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_line else "8bit")
    return msg


def _series_dict(report: Report, series: Series | int) -> Series:
    return report["series"][series] if isinstance(series, int) else series


def patch_replies(report: Report, *, sender: str = DEFAULT_SENDER,
                  date: datetime | None = None, severity: str = "info",
                  series: Iterable[Series | int] | None = None) -> list[EmailMessage]:
    """One reply per patch mail (posted patches and patches proposed in replies, every
    revision) that has open findings at or above `severity`, in report order. `date` is the
    replies' Date (now by default); `series` limits them to some series of the report."""
    chosen = [_series_dict(report, s) for s in series] if series is not None else report["series"]
    replies: list[EmailMessage] = []
    seen: set[str] = set()
    for s in chosen:
        findings = _open_findings(s, severity)
        for rev in s["revisions"]:
            for patch in [*rev["patches"], *rev["proposed_patches"]]:
                key = patch.get("message_id") or f"v{rev['version']}/{patch['index']}"
                if patch.get("carried_from") is not None or key in seen:
                    continue
                mine = [f for f in findings if _belongs(f, patch, rev["version"])]
                if not mine:
                    continue
                seen.add(key)
                body = render_email_body("email-patch.j2", {
                    "tool": report["tool"], "section": _patch_section(patch, mine)})
                replies.append(_message(report, patch, [patch["author"]],
                                        [*patch.get("to", []), *patch.get("cc", [])],
                                        body, sender, date, mine, "patch"))
    return replies


def _revision_dict(series: Series, revision: RevisionEntry | int | str
                   ) -> RevisionEntry | None:
    if not isinstance(revision, int | str):
        return revision
    revisions = series["revisions"]
    # a version names its newest posting (a RESEND re-posts a version)
    return next((rev for rev in reversed(revisions)
                 if revision in (rev["version"], rev["message_id"])), None)


def revision_reply(report: Report, series: Series | int,
                   revision: RevisionEntry | int | str, *, sender: str = DEFAULT_SENDER,
                   date: datetime | None = None, severity: str = "info") -> EmailMessage | None:
    """One reply for a whole revision (`revision`: its dict, its version - the newest posting
    of it - or its Message-ID), threaded under the cover letter or, without one, the first
    patch; a section per patch with open findings, the revision's own findings first. None
    when the revision has no open findings at or above `severity`."""
    s = _series_dict(report, series)
    rev = _revision_dict(s, revision)
    if rev is None:
        return None
    version = rev["version"]
    findings = [f for f in _open_findings(s, severity) if f.get("revision") == version]
    patches = [p for p in rev["patches"] if p.get("carried_from") is None]
    sections: list[dict[str, Any]] = []
    taken: set[int] = set()
    for patch in [*patches, *rev["proposed_patches"]]:
        mine = [f for f in findings if id(f) not in taken and _belongs(f, patch, version)]
        taken.update(id(f) for f in mine)
        if mine:
            sections.append({**_patch_section(patch, mine),
                             "proposed": patch in rev["proposed_patches"]})
    general = [f for f in findings if id(f) not in taken and (
        f.get("patch") is None or (rev["cover"] and f.get("message_id") == rev["cover"][
            "message_id"]))]
    if not sections and not general:
        return None
    parent: Mapping[str, Any] = rev["cover"] or (patches[0] if patches else {})
    if not parent:
        return None
    body = render_email_body("email-revision.j2", {
        "tool": report["tool"], "series": s, "revision": rev, "sections": sections,
        "general": general, "parent_author": rev["author"],
        "parent_date": attribution_date(rev.get("date"))})
    included = [*general, *(f for sec in sections for b in sec["blocks"] for f in b["findings"]),
                *(f for sec in sections for f in sec["general"])]
    return _message(report, parent, [rev["author"]],
                    [*parent.get("to", []), *parent.get("cc", [])], body, sender, date,
                    included, "revision")


def eml_name(number: int, msg: EmailMessage) -> str:
    """A file name for the `number`th reply: `0001-Re-subject.eml`, safe on any filesystem."""
    slug = _SLUG.sub("-", str(msg["Subject"] or "reply")).strip("-.")[:60] or "reply"
    return f"{number:04d}-{slug}.eml"


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


def new_message(sender: str, to: Iterable[str], subject: str, body: str, *, kind: str,
                identity: Iterable[str], mailer: str,
                date: datetime | None = None) -> EmailMessage:
    """A mail that starts a thread (a digest), with the headers a reply gets: every value
    on one line, unusable addresses dropped, the body 8bit unless a line is too long, and
    a Message-ID hashed from `kind` and `identity` (the same digest, the same id)."""
    sender_box = _mailbox(sender) or _mailbox(DEFAULT_SENDER)
    assert sender_box is not None
    to_boxes, _ = _recipients(to, [], exclude=[])
    digest = hashlib.sha256("\0".join([kind, *identity]).encode("utf-8", "surrogateescape"))
    domain = sender_box[1].rsplit("@", 1)[1] or "patchlint.invalid"
    msg = EmailMessage()
    msg["From"] = _format_mailboxes([sender_box])
    if to_boxes:
        msg["To"] = _format_mailboxes(to_boxes)
    msg["Subject"] = header_text(subject)
    msg["Date"] = email.utils.format_datetime(date or datetime.now(UTC))
    msg["Message-ID"] = f"<patchlint-{kind}-{digest.hexdigest()[:24]}@{domain}>"
    msg["X-Mailer"] = header_text(mailer)
    long_line = any(len(line.encode()) > 998 for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_line else "8bit")
    return msg
