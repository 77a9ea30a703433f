"""Is this input mail at all? The line between "not mail" (refused: exit 2, one line saying
what was expected) and "damaged mail" (read, with a diagnostic).

A file or stream given as a single message is mail when its start (after an optional `#`
comment preamble and blank lines) is

- a header field: a name (letters, digits, `-`, `_`, `.`), then `:` (`Subject: x`;
  obsolete white space before the colon is allowed, as the stdlib and git mailinfo allow
  it), or an mbox `From ` line, whatever follows (patchwork's fuzz mails have NUL bytes
  and junk header lines: damaged mail); or
- text (no NUL byte and few control characters in the first SNIFF bytes) holding a patch:
  a line starting a diff (`diff --git`, `--- a/x` then `+++ b/x`, `Index: x`, `diff -r`,
  `# HG changeset patch`), read as a mail without headers, as before.

Everything in the corpora that is mail passes (patchwork's fuzz mails, git's t5100
samples, patchew's, b4's, public-inbox's: `tests/ingest/test_sniff.py`); an executable, a
PDF, random bytes, a single 50 MB line, a commit message alone do not. Damage further on (a
line without a colon, a broken MIME part, a NUL in the body) is damaged mail: the message is
read and the damage is a diagnostic.
"""

from __future__ import annotations

import re

from patchlint import lazyre

SNIFF = 4096

# a header name as mail has them (letters, digits, `-`, `_`, `.`; `@` in patchwork's fuzzed
# ones), not any printable run before a colon: `{"key": 1}` is JSON, not a header
_FIELD = lazyre.compile(rb"[A-Za-z0-9][A-Za-z0-9_.@-]*[ \t]*:")
_PATCH = lazyre.compile(
    rb"^(?:diff --git |diff -r |--- \S[^\n]*\n\+\+\+ |Index: \S"
    rb"|# HG changeset patch)",
    re.M,
)


def not_mail(head: bytes) -> str | None:
    """None when `head` (the first bytes of one input) starts like mail, else what it
    looks like instead, for the error message."""
    if not head.strip():
        return None  # empty: no message at all, nothing to refuse
    sample = head[:SNIFF]
    start = 0
    while start < len(sample):
        end = sample.find(b"\n", start)
        end = len(sample) if end < 0 else end
        line = sample[start:end].rstrip(b"\r")
        if line.strip() and not (line.startswith(b"#") and not line.startswith(b"# HG")):
            if _FIELD.match(line) or line.startswith(b"From "):
                return None  # headers (however damaged further on) or an mbox
            break
        start = end + 1
    binary = b"\0" in sample or not _is_text(sample)
    if not binary and _PATCH.search(sample):
        return None  # a bare patch: a mail without headers
    return "binary data" if binary else "text with no mail headers"


def _is_text(sample: bytes) -> bool:
    """Text in any 8-bit charset (patches come in Latin-1 too): few control characters."""
    controls = sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f\x1b")
    return controls * 20 < len(sample)


EXPECTED = (
    "expected mail: an mbox, a .eml or git format-patch file, a maildir or a directory of patches"
)
