"""Decoding of header and body text that never raises: RFC 2047, raw 8-bit, bad charsets."""

from __future__ import annotations

import codecs
import email.errors
import email.header
import email.utils
import re

from patchlint import lazyre
from patchlint.model.address import parse_address, parse_address_list

__all__ = ["parse_address", "parse_address_list"]

_ENCODED_WORD = lazyre.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?]*\?=")
_FOLD = lazyre.compile(r"\r?\n[ \t]+")
_SPACES = lazyre.compile(r"[ \t]+")
_SURROGATE = lazyre.compile("[\udc80-\udcff]")
_LONE_SURROGATE = lazyre.compile("[\ud800-\udfff]")


def bytes_to_text(data: bytes, charset: str | None = None) -> str:
    """Decode body bytes with the declared charset, falling back to UTF-8 then Latin-1.

    A wrong or unknown charset name must not lose the text, so a failed lookup or a decode
    error drops to the fallbacks instead of raising.
    """
    candidates: list[str] = []
    if charset:
        name = charset.strip().strip('"').lower()
        if name in ("x-unknown", "unknown-8bit", "unknown"):
            name = "utf-8"
        candidates.append(name)
    candidates.append("utf-8")
    for name in candidates:
        try:
            if not codecs.lookup(name)._is_text_encoding:
                continue  # rot13, base64 and friends are not charsets
            return _scrub(data.decode(name))
        except (LookupError, UnicodeDecodeError, UnicodeError, ValueError):
            continue
    return data.decode("latin-1")


def _scrub(text: str) -> str:
    """Lone surrogates (utf-7 and unicode_escape can make them) cannot be written out."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def raw_header_text(value: str) -> str:
    """Recover raw 8-bit bytes that the compat32 parser smuggled in as surrogate escapes."""
    if _SURROGATE.search(value) is None:
        return value
    return bytes_to_text(value.encode("ascii", "surrogateescape"))


def decode_header(value: object) -> str:
    """A header as one line of text: unfolded, RFC 2047 words decoded, raw 8-bit recovered."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        # compat32 wraps raw 8-bit header bytes in a Header tagged unknown-8bit
        try:
            text = "".join(
                bytes_to_text(chunk, cs) if isinstance(chunk, bytes) else chunk
                for chunk, cs in email.header.decode_header(value)
            )
        except (ValueError, LookupError, email.errors.HeaderParseError):
            text = str(value)
    else:
        text = str(value)
    text = raw_header_text(_FOLD.sub(" ", text))
    if "=?" in text and _ENCODED_WORD.search(text):
        try:
            parts = email.header.decode_header(text)
            out: list[str] = []
            for chunk, cs in parts:
                if isinstance(chunk, bytes):
                    out.append(bytes_to_text(chunk, cs))
                else:
                    out.append(chunk)
            text = "".join(out)
        except (ValueError, LookupError, AssertionError, email.errors.HeaderParseError):
            pass
    return _scrub(_SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip())


_MSGID = lazyre.compile(r"<([^<>\s]+)>")


def parse_msgid(value: str) -> str | None:
    """The Message-ID inside angle brackets; a bare id without brackets is accepted as is."""
    if not value:
        return None
    found = _MSGID.search(value)
    if found:
        return found.group(1)
    bare = re.sub(r"\([^)]*\)", " ", value).strip().split()
    return bare[0].strip("<>") if bare else None


def parse_msgid_list(value: str) -> list[str]:
    """All ids in a References header, in order, without duplicates or comments."""
    found = _MSGID.findall(value)
    if not found:
        found = [v.strip("<>") for v in re.sub(r"\([^)]*\)", " ", value).split()]
    return [mid for mid in dict.fromkeys(found) if mid]
