"""Turn one raw mail (bytes) into a `Message`: headers decoded, body text and patch parts found.

Parsing uses the stdlib's compat32 policy (the fastest one, and lenient with real-world mail);
everything that can fail is caught and recorded on the message as a problem.
"""

from __future__ import annotations

import binascii
import email.message
import email.parser
import email.utils
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from patchlint import lazyre
from patchlint.ingest.decode import bytes_to_text, decode_header, parse_msgid, parse_msgid_list
from patchlint.ingest.mbox import FORMAT_PATCH_LINE
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.address import parse_address
from patchlint.model.message import Address, Attachment, Message

# compat32 is the parser's default policy (`email.policy.compat32` is the same object); not
# naming it here keeps email.policy, with its header registry, out of a one-patch check
_PARSER = email.parser.BytesParser()
_PATCH_TYPES = {"text/x-patch", "text/x-diff", "text/x-patch-file", "text/diff", "text/patch"}
_PATCH_NAME = lazyre.compile(r"\.(patch|diff)$", re.I)
_DIFF_START = lazyre.compile(r"^(diff --git |diff -r |--- \S|Index: \S|# HG changeset patch)", re.M)
_TAG = lazyre.compile(r"<[^>]*>")
_WANTED = lazyre.compile(
    rb"^(subject|from|to|cc|date|message-id|in-reply-to|references|content-type|"
    rb"content-transfer-encoding|list-id|list-post|reply-to|x-original-from)"
    rb"[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)",
    re.I | re.M,
)
_CHARSET = lazyre.compile(r"charset\s*=\s*\"?([^\";\s]+)", re.I)
# a part that nests others: the stdlib parser recurses into each of them
_NESTING = lazyre.compile(rb"^content-type:[ \t]*(?:\n[ \t]+)?(?:multipart|message)/", re.I | re.M)


def parse_message(raw: bytes, source: str = "", limits: Limits = DEFAULT_LIMITS) -> Message:
    """Decode `raw`; never raises for bad mail, records what was wrong in `problems`.

    Single-part mail (nearly all list traffic) takes a direct path: headers split here, the
    body decoded by its transfer encoding. The stdlib's compat32 parser costs more than the
    whole of patchlint's grouping, so it is kept for multipart mail, where its MIME handling
    is worth it, and for anything the direct path does not understand.

    Over `limits` (see patchlint/limits.py), the message keeps its headers and loses what
    is too big: the body of a huge message, MIME parts past the limit, the end of a huge
    line; each cut is a problem on the message.

    A mail made by `git format-patch` (its first line `From <sha> Mon Sep 17 00:00:00 2001`)
    records that commit in `commit`.
    """
    raw = raw.replace(b"\r\n", b"\n")
    made_from = FORMAT_PATCH_LINE.match(raw, 0, max(raw.find(b"\n"), 0))
    msg = _parse(raw, source, limits)
    if made_from is not None:
        msg.commit = made_from.group(1).decode("ascii")
    return msg


def _parse(raw: bytes, source: str, limits: Limits) -> Message:
    if len(raw) > limits.message_bytes:
        return _headers_only(
            raw,
            source,
            limits,
            f"message larger than limits.message-bytes "
            f"({limits.message_bytes:,} bytes): headers read, body skipped",
        )
    fast = _parse_fast(raw, source, limits)
    if fast is not None:
        return fast
    nested = len(_NESTING.findall(raw))
    if nested > limits.mime_parts:
        return _headers_only(
            raw,
            source,
            limits,
            f"{nested:,} nested MIME containers, over "
            f"limits.mime-parts ({limits.mime_parts:,}): body skipped",
        )
    try:
        return parse_message_stdlib(raw, source, limits)
    except RecursionError:
        return _headers_only(
            raw, source, limits, "MIME structure nested too deeply for the parser: body skipped"
        )


def _headers_only(raw: bytes, source: str, limits: Limits, problem: str) -> Message:
    """The message's headers (at most limits.header_chars of each), with an empty body."""
    end = raw.find(b"\n\n", 0, limits.message_bytes)
    head = raw[: end + 1 if end >= 0 else min(len(raw), 1 << 20)]
    parsed = _PARSER.parsebytes(head, headersonly=True)

    def headers_get(name: str) -> list[Any]:
        return list(parsed.get_all(name) or [])

    return _build(
        headers_get=headers_get,
        body="",
        attachments=[],
        problems=[problem],
        source=source,
        limits=limits,
    )


def _header_block(raw: bytes) -> tuple[dict[str, list[str]], bytes, list[str]] | None:
    """The headers patchlint reads, by lower-cased name (values raw, folds kept), and the
    body bytes; None when the header block is not well formed (the stdlib path decides).

    Only the wanted headers are picked out, by one regular-expression pass, so the dozens of
    Received and DKIM lines of list mail cost nothing in Python."""
    start = 0
    if raw.startswith(b"From "):  # an mbox From_ line left in a single-message file
        start = raw.find(b"\n") + 1 or len(raw)
    if raw[start : start + 1] == b"\n":
        return {}, raw[start + 1 :], []
    end = raw.find(b"\n\n", start)
    block = raw[start:] if end < 0 else raw[start : end + 1]
    body = b"" if end < 0 else raw[end + 2 :]
    for line in block.split(b"\n"):
        if line and line[0] not in (32, 9) and b":" not in line:
            return None
    headers: dict[str, list[str]] = {}
    for m in _WANTED.finditer(block):
        value = m.group(2).decode("ascii", "surrogateescape")
        headers.setdefault(m.group(1).decode("ascii").lower(), []).append(value)
    return headers, body, []


def _parse_fast(raw: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Message | None:
    split = _header_block(raw)
    if split is None:
        return None
    headers, body_bytes, problems = split
    ctype_value = decode_header(_first(headers, "content-type"))
    ctype = ctype_value.split(";")[0].strip().lower() or "text/plain"
    if ctype.startswith(("multipart/", "message/")) or "/" not in ctype:
        return None
    cte = _first(headers, "content-transfer-encoding").strip().lower()
    try:
        if cte == "base64":
            payload = binascii.a2b_base64(body_bytes)
        elif cte == "quoted-printable":
            payload = binascii.a2b_qp(body_bytes)
        else:
            payload = body_bytes
    except (binascii.Error, ValueError):
        return None  # let the lenient stdlib decoder try
    charset_match = _CHARSET.search(ctype_value)
    body = bytes_to_text(payload, charset_match.group(1) if charset_match else None)
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if ctype == "text/html":
        problems.append("HTML-only mail: tags stripped")
        body = _TAG.sub("", body)
    return _build(
        headers_get=lambda name: headers.get(name, []),
        body=body,
        attachments=[],
        problems=problems,
        source=source,
        limits=limits,
    )


def _first(headers: dict[str, list[str]], name: str) -> str:
    values = headers.get(name)
    return values[0] if values else ""


def parse_message_stdlib(raw: bytes, source: str = "", limits: Limits = DEFAULT_LIMITS) -> Message:
    """The same decoding through the stdlib's compat32 parser (multipart mail)."""
    problems: list[str] = []
    msg = _PARSER.parsebytes(raw)
    for defect in msg.defects:
        problems.append(f"header defect: {type(defect).__name__}")
    body, attachments = _body(msg, problems, limits)

    def headers_get(name: str) -> list[Any]:
        return list(msg.get_all(name) or [])

    return _build(
        headers_get=headers_get,
        body=body,
        attachments=attachments,
        problems=problems,
        source=source,
        limits=limits,
    )


def _cut_header(value: str, name: str, limit: int, problems: list[str]) -> str:
    if len(value) <= limit:
        return value
    problems.append(
        f"{name} header of {len(value):,} characters cut to limits.header-chars ({limit:,})"
    )
    return value[:limit]


def cut_long_lines(text: str, limit: int, what: str, problems: list[str]) -> str:
    """`text` with every line longer than `limit` cut to it (one problem names how many)."""
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    long = sum(1 for line in lines if len(line) > limit)
    if not long:
        return text
    problems.append(f"{what}: {long:,} line(s) longer than limits.line-chars ({limit:,}) cut")
    return "\n".join(line[:limit] for line in lines)


def _build(
    headers_get: Callable[[str], list[Any]],
    body: str,
    attachments: list[Attachment],
    problems: list[str],
    source: str,
    limits: Limits = DEFAULT_LIMITS,
) -> Message:
    cap = limits.header_chars

    def first(name: str) -> str:
        values = headers_get(name)
        return _cut_header(decode_header(values[0]), name, cap, problems) if values else ""

    def joined(name: str) -> str:
        return _cut_header(
            ", ".join(decode_header(v) for v in headers_get(name)), name, cap, problems
        )

    body = cut_long_lines(body, limits.line_chars, "body", problems)
    attachments = [
        att
        if len(att.text) <= limits.line_chars
        else Attachment(
            att.filename,
            att.content_type,
            cut_long_lines(att.text, limits.line_chars, "attachment", problems),
        )
        for att in attachments
    ]
    subject = first("subject")
    if not headers_get("subject"):
        problems.append("no Subject header")
    from_value = first("from")
    author = parse_address(from_value) if from_value else Address(name="", email="")
    mid = parse_msgid(first("message-id"))
    in_reply_to = parse_msgid(first("in-reply-to"))
    references: dict[str, None] = {}
    for ref in headers_get("references"):
        references.update(dict.fromkeys(parse_msgid_list(decode_header(ref))))
    date = _date(first("date"), problems)
    return Message(
        key=mid or "",
        message_id=mid,
        subject=subject,
        author=author,
        date=date,
        in_reply_to=in_reply_to if in_reply_to != mid else None,
        references=tuple(r for r in references if r != mid),
        body=body,
        to_header=joined("to"),
        cc_header=joined("cc"),
        attachments=tuple(attachments),
        list_id=first("list-id") or None,
        list_post=first("list-post") or None,
        reply_to_header=joined("reply-to"),
        original_from_header=first("x-original-from"),
        source=source,
        problems=problems,
    )


def _date(value: str, problems: list[str]) -> datetime | None:
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


def _parts(
    msg: email.message.Message, problems: list[str], limits: Limits
) -> list[email.message.Message]:
    """The leaf parts, depth first (iteratively: `Message.walk` recurses), at most
    limits.mime_parts of them and limits.mime_depth deep."""
    out: list[email.message.Message] = []
    stack: list[tuple[email.message.Message, int]] = [(msg, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > limits.mime_parts:
            problems.append(
                f"more than limits.mime-parts ({limits.mime_parts:,}) MIME parts: the rest ignored"
            )
            break
        if not part.is_multipart():
            out.append(part)
            continue
        if depth >= limits.mime_depth:
            problems.append(
                f"MIME parts nested deeper than limits.mime-depth "
                f"({limits.mime_depth:,}): the deeper ones ignored"
            )
            continue
        children = part.get_payload()
        if isinstance(children, list):
            stack.extend(
                (child, depth + 1)
                for child in reversed(children)
                if isinstance(child, email.message.Message)
            )
    return out


def _body(
    msg: email.message.Message, problems: list[str], limits: Limits = DEFAULT_LIMITS
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
    for part in _parts(msg, problems, limits):
        ctype = part.get_content_type()
        # raw 8-bit bytes make compat32 hand back a Header object, not a str
        disposition = decode_header(part.get("Content-Disposition")).split(";")[0].strip().lower()
        if not ctype.startswith(("text/", "application/octet-stream")):
            continue
        text = _part_text(part, problems)
        if _is_patch_part(part, ctype, text) and (
            body is not None or disposition or ctype in _PATCH_TYPES
        ):
            attachments.append(
                Attachment(
                    filename=decode_header(part.get_filename() or "") or None,
                    content_type=ctype,
                    text=text,
                )
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
