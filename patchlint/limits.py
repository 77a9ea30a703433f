"""Resource limits on hostile input, in one frozen value with documented defaults.

Every byte patchlint reads comes from strangers on a mailing list. Each limit bounds the
time or memory one input can cost; going over one is never an error and never loses a
message: the excess is cut or skipped and a diagnostic names the limit as
`limits.KEY`, KEY being its key in `.patchlint.toml`'s `[limits]` (docs/security.md).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force for one run (`DEFAULT_LIMITS` unless configured)."""

    # a message larger than this keeps its headers (so threading still works); the body is
    # not read. List servers refuse far smaller mail (vger: 100 KB), so this only meets
    # archives with attachments nobody reviews.
    message_bytes: int = 16 * MIB
    # body lines (and patch attachment lines) longer than this are cut
    line_chars: int = 16_384
    # a header value (Subject, From, References ...) longer than this is cut
    header_chars: int = 16_384
    # MIME parts looked at per message, and how deep multiparts may nest
    mime_parts: int = 200
    mime_depth: int = 16
    # ids of a References header followed (the nearest ones)
    references: int = 64
    # hunks of one patch's diff that are analysed (interdiff, rules); a larger diff is
    # reported and counted but not analysed
    diff_hunks: int = 10_000
    # files of a --tree larger than this are not read
    tree_file_bytes: int = 16 * MIB

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"limits.{key(f.name)} must be a positive integer, not {value!r}")


DEFAULT_LIMITS = Limits()


def key(name: str) -> str:
    """A limit's key in `.patchlint.toml` `[limits]` (and in diagnostics): kebab-case."""
    return name.replace("_", "-")
