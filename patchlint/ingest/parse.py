"""Turn one raw mail (bytes) into a `Message`: headers decoded, body text and patch parts found.

Parsing uses the stdlib's compat32 policy (the fastest one, and lenient with real-world mail);
everything that can fail is caught and recorded on the message as a problem.
"""

from __future__ import annotations

import email.message
import email.parser
import email.policy
import email.utils
import re
from datetime import UTC, datetime

from patchlint.ingest.decode import (
    bytes_to_text,
    decode_header,
    parse_address,
    parse_address_list,
    parse_msgid,
    parse_msgid_list,
)
from patchlint.model.message import Address, Attachment, Message

_PARSER = email.parser.BytesParser(policy=email.policy.compat32)
_PATCH_TYPES = {"text/x-patch", "text/x-diff", "text/x-patch-file", "text/diff", "text/patch"}
_PATCH_NAME = re.compile(r"\.(patch|diff)$", re.I)
_DIFF_START = re.compile(r"^(diff --git |diff -r |--- \S|Index: \S|# HG changeset patch)", re.M)
_TAG = re.compile(r"<[^>]*>")
MAX_PARTS = 200


def parse_message(raw: bytes, source: str = "") -> Message:
    """Decode `raw`; never raises for bad mail, records what was wrong in `problems`."""
    problems: list[str] = []
    raw = raw.replace(b"\r\n", b"\n")
    msg = _PARSER.parsebytes(raw)
    for defect in msg.defects:
        problems.append(f"header defect: {type(defect).__name__}")

    subject = decode_header(msg.get("Subject", ""))
    if "Subject" not in msg:
        problems.append("no Subject header")
    author = _author(msg)
    mid = parse_msgid(decode_header(msg.get("Message-ID", "")))
    in_reply_to = parse_msgid(decode_header(msg.get("In-Reply-To", "")))
    references: list[str] = []
    for ref in msg.get_all("References", []) or []:
        for mid_ref in parse_msgid_list(decode_header(ref)):
            if mid_ref not in references:
                references.append(mid_ref)
    date = _date(msg, problems)
    body, attachments = _body(msg, problems)
    list_id = decode_header(msg.get("List-Id", "")) or None
    to = parse_address_list([decode_header(v) for v in msg.get_all("To", []) or []])
    cc = parse_address_list([decode_header(v) for v in msg.get_all("Cc", []) or []])
    return Message(
        key=mid or "",
        message_id=mid,
        subject=subject,
        author=author,
        date=date,
        in_reply_to=in_reply_to if in_reply_to != mid else None,
        references=tuple(r for r in references if r != mid),
        body=body,
        to=to,
        cc=cc,
        attachments=tuple(attachments),
        list_id=list_id,
        source=source,
        problems=problems,
    )


def _author(msg: email.message.Message) -> Address:
    value = decode_header(msg.get("From", ""))
    if not value:
        return Address(name="", email="")
    return parse_address(value)


def _date(msg: email.message.Message, problems: list[str]) -> datetime | None:
    value = decode_header(msg.get("Date", ""))
    if not value:
        problems.append("no Date header")
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError, OverflowError):
        problems.append(f"unparseable Date header: {value[:80]!r}")
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        problems.append(f"Date out of range: {value[:80]!r}")
        return None


def _part_text(part: email.message.Message, problems: list[str]) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:  # the stdlib raises assorted errors on broken encodings
        problems.append(f"undecodable body part: {type(exc).__name__}")
        payload = None
    if payload is None:
        raw = part.get_payload()
        if isinstance(raw, str):
            return raw
        return ""
    if not isinstance(payload, bytes):
        return str(payload)
    charset = None
    try:
        charset = part.get_content_charset()
    except Exception:  # malformed parameters
        problems.append("malformed Content-Type parameters")
    text = bytes_to_text(payload, charset)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _is_patch_part(part: email.message.Message, ctype: str, text: str) -> bool:
    if ctype in _PATCH_TYPES:
        return True
    filename = part.get_filename() or ""
    if _PATCH_NAME.search(filename):
        return True
    return ctype == "application/octet-stream" and _DIFF_START.search(text) is not None


def _body(
    msg: email.message.Message, problems: list[str]
) -> tuple[str, list[Attachment]]:
    """The first inline text/plain part as body, plus every part that carries a patch."""
    if not msg.is_multipart():
        ctype = msg.get_content_type()
        text = _part_text(msg, problems)
        if ctype == "text/html":
            problems.append("HTML-only mail: tags stripped")
            text = _TAG.sub("", text)
        elif ctype.startswith(("multipart/", "message/")):
            problems.append(f"{ctype} without parts")
        return text, []

    body: str | None = None
    html: str | None = None
    attachments: list[Attachment] = []
    count = 0
    for part in msg.walk():
        count += 1
        if count > MAX_PARTS:
            problems.append(f"more than {MAX_PARTS} MIME parts: the rest ignored")
            break
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        if not ctype.startswith(("text/", "application/octet-stream")):
            continue
        text = _part_text(part, problems)
        if _is_patch_part(part, ctype, text) and (body is not None or disposition):
            attachments.append(
                Attachment(filename=decode_header(part.get_filename() or "") or None,
                           content_type=ctype, text=text)
            )
        elif ctype == "text/plain" and disposition != "attachment" and body is None:
            body = text
        elif ctype == "text/html" and html is None:
            html = text
        elif ctype == "application/octet-stream" and body is None and disposition != "attachment":
            body = text
    if body is None and html is not None:
        problems.append("no text/plain part: HTML tags stripped")
        body = _TAG.sub("", html)
    return body or "", attachments
