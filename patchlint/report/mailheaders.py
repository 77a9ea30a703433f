"""Headers of a reply built from mail content, each checked by parsing it back.

Mail content is hostile and the stdlib's header folder is not total: it RFC 2047-encodes a
msg-id that does not fit on a line (`In-Reply-To: =?utf-8?q?=3C1772...`), which no mail
client threads on, and raises deep inside its parser on some addresses (`Cc: .@.` with a
name: `TypeError: 'ValueTerminal' object does not support item assignment`). So every header
made from mail is built here, rendered exactly as the generator will write it, parsed back
the way a mail client reads it and compared with what was meant. A value that does not
survive is dropped and described in a `problems` list (the caller reports it), never
raised.

msg-id headers (Message-ID, In-Reply-To, References) are never encoded: ids are printable
ASCII, folded between ids (RFC 5322 3.6.4) and stored pre-folded (`POLICY` never re-folds a
stored value), so an id longer than a line stays whole on its own line.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from collections.abc import Callable, Iterable
from email.header import Header as EmailHeader
from email.message import EmailMessage
from functools import partial
from typing import Any

from patchlint import lazyre

# headers stored pre-folded (the msg-id lists) are written as they are; header objects
# (addresses, Subject) are folded by the stdlib as usual
POLICY = email.policy.default.clone(refold_source="none")
LINE = 78  # RFC 5322's "SHOULD" line length; msg-ids are folded to it where an id allows
MAX_ID = 900  # an id must fit on one line of at most 998 octets with its header name
# the stdlib encodes a long non-ASCII phrase in time quadratic in its length (5.7 s for a
# 16,000-character display name): names and texts are cut at a word first
MAX_NAME = 100
MAX_TEXT = 400

_CONTROL = lazyre.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_MSGID_BAD = lazyre.compile(r"[\s<>\"\x00-\x1f\x7f(),;:\\\[\]]+")
_ID_IN_HEADER = lazyre.compile(r"<([^<>\s]+)>")
_ELLIPSIS = "\u2026"
_SURROGATE = lazyre.compile("[\ud800-\udfff]")


class HeaderProblem(ValueError):
    """A value that cannot be written as the header it was meant for."""


def header_text(value: str) -> str:
    """A header value on one line: CR, LF, tabs and other control characters become one
    space, so a hostile subject cannot end its header and start another; a lone surrogate
    (no decoded mail holds one, but a report is any JSON) becomes U+FFFD."""
    text = " ".join(_CONTROL.sub(" ", value).split())
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def clean_msgid(value: str | None) -> str | None:
    """A Message-ID as `<id>` with nothing a msg-id cannot hold, or None when nothing usable
    is left (an empty id, a non-ASCII one - it cannot be written without SMTPUTF8 and must
    never be encoded - one too long for a header line, or one holding `=?`, which readers
    that decode RFC 2047 everywhere, the stdlib's among them, would read as another id)."""
    if not value:
        return None
    ident = _MSGID_BAD.sub("", value)
    if not ident or not ident.isascii() or len(ident) > MAX_ID or "=?" in ident:
        return None
    return f"<{ident}>"


def shorten(text: str, width: int) -> str:
    """`text` cut to at most `width` characters at a word (space, hyphen or underscore),
    with an ellipsis when anything was cut."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    cut = max(head.rfind(" "), head.rfind("-"), head.rfind("_"))
    if cut > width // 2:
        head = head[:cut]
    return head.rstrip(" -_.,:;") + _ELLIPSIS


def _rendered(name: str, value: Any) -> bytes:
    """The header line(s) as the BytesGenerator writes them."""
    return POLICY.fold_binary(name, value)


def _read_back(name: str, line: bytes) -> Any:
    """The header as a mail client reads it (the stdlib's default policy)."""
    parsed = email.message_from_bytes(line + b"\n", policy=email.policy.default)
    header = parsed[name]
    if header is None:
        raise HeaderProblem("it does not parse as a header")
    return header


def _checked(name: str, value: Any, same: Callable[[Any], bool]) -> bytes:
    """Render `value`, read it back and raise HeaderProblem unless `same(read-back)`; the
    stdlib raising on the value (it does, on some addresses) is a HeaderProblem too."""
    try:
        line = _rendered(name, value)
        if b"\n" in line.rstrip(b"\n").replace(b"\n ", b"").replace(b"\n\t", b""):
            raise HeaderProblem("it would end its header and start another")
        if any(len(part) > 998 for part in line.split(b"\n")):
            raise HeaderProblem("a line would be longer than 998 octets")
        back = _read_back(name, line)
        ok = same(back)
    except HeaderProblem:
        raise
    except Exception as exc:  # the stdlib's parser and folder raise on hostile values
        raise HeaderProblem(f"the mail library fails on it ({type(exc).__name__})") from exc
    if not ok:
        raise HeaderProblem("it does not read back as written")
    return line


# --- msg-id lists ---------------------------------------------------------------------------


def fold_msgids(name: str, ids: list[str]) -> str:
    """`ids` (each `<id>`) as a header value folded between ids: lines of at most LINE
    characters where the ids allow, never an id split or encoded."""
    lines: list[list[str]] = [[]]
    width = len(name) + 1  # "Name:"; each id adds a space and itself
    for ident in ids:
        if lines[-1] and width + 1 + len(ident) > LINE:
            lines.append([])
            width = 0
        lines[-1].append(ident)
        width += 1 + len(ident)
    return "\n ".join(" ".join(line) for line in lines)


def set_msgids(msg: EmailMessage, name: str, ids: list[str]) -> None:
    """Set a msg-id header (Message-ID, In-Reply-To, References) to `ids` (each `<id>`, as
    `clean_msgid` makes them), checked by parsing it back; HeaderProblem when it cannot be."""
    bare = [i[1:-1] for i in ids]
    if not ids or any(clean_msgid(i) != i for i in ids):
        raise HeaderProblem(f"{name}: not msg-ids: {ids!r}"[:200])
    value = fold_msgids(name, ids)

    def same(back: Any) -> bool:
        return _ID_IN_HEADER.findall(str(back)) == bare

    line = _checked(name, value, same)
    if b"=?" in line:
        raise HeaderProblem(f"{name}: would be encoded")
    msg.set_raw(name, value)


# --- addresses ------------------------------------------------------------------------------


def _same_mailboxes(want: list[tuple[str, str]]) -> Callable[[Any], bool]:
    def same(back: Any) -> bool:
        got = [(a.display_name, f"{a.username}@{a.domain}") for a in back.addresses]
        return not back.defects and len(back.groups) == len(want) and got == want

    return same


def mailbox_text(name: str, addr: str, header: str = "To") -> str:
    """`Name <addr>` (the name cut after MAX_NAME characters, RFC 2047-encoded when it must
    be) for `header`, checked by parsing it back; a name that does not survive is left
    out. HeaderProblem when the address itself cannot be written: not `local@domain`, or
    not ASCII (that needs SMTPUTF8, which a reply cannot count on)."""
    addr = addr.strip()
    if not addr.isascii():
        raise HeaderProblem(f"{addr!r}: a non-ASCII address needs SMTPUTF8")
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain or _MSGID_BAD.search(addr):
        raise HeaderProblem(f"{addr!r}: not an address (local@domain)")
    for display in dict.fromkeys([shorten(header_text(name), MAX_NAME), ""]):
        try:
            text = email.utils.formataddr((display, addr), charset="utf-8")
            header_obj = POLICY.header_factory(header, text)
            _checked(header, header_obj, _same_mailboxes([(display, addr)]))
        except Exception:
            continue
        return text
    raise HeaderProblem(f"{addr!r}: not an address the mail library reads back")


def set_mailboxes(
    msg: EmailMessage, header: str, boxes: Iterable[tuple[str, str]], problems: list[str]
) -> list[tuple[str, str]]:
    """Set an address header (From, To, Cc) to the `(name, address)` pairs that can be
    written, each checked by parsing it back; each one dropped is described in `problems`.
    Returns the pairs written (no header when none is left)."""
    texts: list[str] = []
    kept: list[tuple[str, str]] = []
    for name, addr in boxes:
        try:
            text = mailbox_text(name, addr, header)
        except HeaderProblem as exc:
            problems.append(f"{header}: {exc}; address dropped")
            continue
        texts.append(text)
        kept.append((name, addr))
    if not texts:
        return []
    want = [(_read_name(t, header), a) for t, (_, a) in zip(texts, kept, strict=True)]
    bare = [a for _, a in kept]
    problem = ""
    # the stdlib's folding first; it splits a long encoded name so that it reads back with
    # a space in it, so then the mailboxes folded between them; then without names
    for value, meant in (
        (None, want),
        (fold_list(header, texts), want),
        (fold_list(header, bare), [("", a) for a in bare]),
    ):
        try:
            if value is None:
                obj = POLICY.header_factory(header, ", ".join(texts))
                _checked(header, obj, _same_mailboxes(meant))
                msg.set_raw(header, obj)
            else:
                _checked(header, value, _same_mailboxes(meant))
                msg.set_raw(header, value)
        except Exception as exc:
            problem = str(exc)
            continue
        if meant is not want:
            problems.append(f"{header}: names left out: {problem}")
        return kept
    problems.append(f"{header}: {problem}; header dropped")
    return []


def _read_name(text: str, header: str) -> str:
    """The display name of one checked mailbox text, as it reads back."""
    return str(POLICY.header_factory(header, text).addresses[0].display_name)


def fold_list(header: str, items: list[str], sep: str = ",") -> str:
    """`items` separated by `sep` and a space, folded between items at LINE where they
    allow."""
    lines: list[list[str]] = [[]]
    width = len(header) + 1
    for n, item in enumerate(items):
        text = item + (sep if n < len(items) - 1 else "")
        if lines[-1] and width + 1 + len(text) > LINE:
            lines.append([])
            width = 0
        lines[-1].append(text)
        width += 1 + len(text)
    return "\n ".join(" ".join(line) for line in lines)


# --- unstructured text ----------------------------------------------------------------------


def set_text(
    msg: EmailMessage, header: str, value: str, problems: list[str], fallback: str
) -> None:
    """Set an unstructured header (Subject, X-Mailer) to `value` flattened to one line, cut
    at a word after MAX_TEXT characters and checked by parsing it back; `fallback` (plain
    ASCII) when it does not survive. Plain
    ASCII is folded here, between words (the stdlib would fold a long one right after the
    colon); anything else is the stdlib's to encode."""
    for candidate in (
        shorten(header_text(value), MAX_TEXT),
        shorten(header_text(_printable(value)), MAX_TEXT),
        fallback,
    ):
        if not candidate:
            continue
        stored: Any = None
        if candidate.isascii():  # an encoded-word lookalike does not read back: next way
            stored = fold_list(header, candidate.split(" "), sep="")
            try:
                _checked(header, stored, partial(_same_text, candidate))
            except HeaderProblem:
                stored = None  # a word too long for a line: the stdlib encodes and splits it
        try:
            if stored is None:
                stored = _encoded(header, candidate)
                _checked(header, stored, partial(_same_text, candidate))
        except Exception as exc:
            problems.append(f"{header}: {exc}; {candidate[:60]!r} not used")
            continue
        msg.set_raw(header, stored)
        return
    raise HeaderProblem(f"{header}: no value survives, not even {fallback!r}")


def _encoded(header: str, text: str) -> str:
    """`text` as RFC 2047 encoded words, folded between them: white space between two
    encoded words is not text, so it reads back exactly (the stdlib's own folding keeps a
    space before the fold when it starts encoding mid-line, which reads back doubled)."""
    return EmailHeader(text, "utf-8", maxlinelen=LINE, header_name=header).encode(
        splitchars=" ", maxlinelen=LINE
    )


def _same_text(want: str, back: Any) -> bool:
    """Read back as written, but for the white space folding adds (the stdlib folds a long
    Subject right after the colon: `Subject:\n Re: ...` reads back with a leading space)."""
    return " ".join(str(back).split()) == want


def _printable(value: str) -> str:
    """`value` with what cannot be encoded (lone surrogates) and encoded-word lookalikes
    made harmless, for a second try."""
    text = value.encode("utf-8", "replace").decode("utf-8", "replace")
    return text.replace("=?", "= ?").replace("?=", "? =")
