"""Parse a patch mail's subject: reply markers, list tags, `[PATCH vN n/m]` prefixes, the title.

Handles what real lists send: `[PATCH v2 3/5]`, `[PATCHv4]`, `[PATCH 1/2 v5]`, `V3`,
`[RFC PATCH 2/5]`, `[XEN PATCH v3 02/10]`, `[PATCH for-4.14 v2 1/3]`, `[PATCH RESEND]`,
`[net,v2,1/2]`, `[PATCH 0 of 2]` (hg patchbomb), `PATCH1/8`, `v2PATCH1/4`, `[Xen-devel]` tags,
`Re:`/`RE:`/`Aw:`, a `(v2)` in the title, `[[PATCH v3]]`. b4's LoreSubject was the reference.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from patchlint import lazyre

_REPLY = lazyre.compile(r"^\s*(?:re|aw|sv|antw|odp|vs|ref)\s*(?:\[\d+\]\s*)?:\s*", re.I)
_FWD = lazyre.compile(r"^\s*(?:fwd?|tr|wg)\s*:\s*", re.I)
_BRACKET = lazyre.compile(r"^\s*\[([^\[\]]*)\]\s*")
# `[[PATCH v3 for-next]]`: a prefix some tools (and hand-edited subjects) bracket twice
_DOUBLED = lazyre.compile(r"^\s*\[\s*\[([^\[\]]*)\]\s*\]?\s*")
_SMALL_NUMBER = lazyre.compile(r"[0-9]{1,4}")
_COUNTER = lazyre.compile(r"^0*([0-9]{1,4})/0*([0-9]{1,4})$")
_VERSION = lazyre.compile(r"^v([0-9]{1,3})(?:\.[0-9]+)?$", re.I)
_GLUED = lazyre.compile(
    r"^(?:v([0-9]{1,3})(?:\.[0-9]+)?)?(patch|rfc)(?:v([0-9]{1,3}))?([0-9]{1,4}/[0-9]{1,4})?$", re.I
)
_TITLE_VERSION = lazyre.compile(r"\((v[0-9]{1,3})\)", re.I)
_BARE_PREFIX = lazyre.compile(
    r"^(?:(?:v\d{1,3}\s+)?PATCH(?:v\d{1,3})?\s*(?:\d+/\d+\s*)?|RFC\s*):\s*"
)
_KEYWORDS = {"patch", "rfc", "resend", "pull", "git", "repost"}


@dataclass(frozen=True, slots=True)
class Subject:
    """What a subject line says about the mail."""

    raw: str
    title: str
    is_reply: bool = False
    is_forward: bool = False
    version: int | None = None
    index: int | None = None
    total: int | None = None
    rfc: bool = False
    resend: bool = False
    pull: bool = False
    has_patch_tag: bool = False
    prefixes: tuple[str, ...] = ()
    list_tags: tuple[str, ...] = ()

    @property
    def is_cover(self) -> bool:
        return self.index == 0 and self.total is not None and self.total > 0

    @property
    def normalized_title(self) -> str:
        """Title used to match revisions: case-folded, whitespace collapsed, no final dot."""
        return " ".join(self.title.lower().split()).rstrip(".").strip()


def _bracket(text: str) -> re.Match[str] | None:
    """The bracketed group at the start of `text`; a doubled one (`[[PATCH v3]]`) only when
    it holds a patch prefix (`[[a-z]] in a title` stays the title's)."""
    m = _BRACKET.match(text)
    if m is not None:
        return m
    m = _DOUBLED.match(text)
    if m is not None and _classify_tokens([t for t in re.split(r"[\s,]+", m.group(1)) if t], {}):
        return m
    return None


def _classify_tokens(tokens: list[str], state: dict[str, object]) -> bool:
    """Record what the tokens of one bracket group mean; True if it is a patch prefix."""
    meaningful = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = tok.lower()
        # "0 of 2" (Mercurial patchbomb)
        if (
            _SMALL_NUMBER.fullmatch(low)
            and i + 2 < len(tokens)
            and tokens[i + 1].lower() == "of"
            and _SMALL_NUMBER.fullmatch(tokens[i + 2])
        ):
            state["index"], state["total"] = int(tok), int(tokens[i + 2])
            meaningful = True
            i += 3
            continue
        counter = _COUNTER.match(tok)
        version = _VERSION.match(tok)
        glued = _GLUED.match(tok)
        if counter:
            state["index"], state["total"] = int(counter.group(1)), int(counter.group(2))
            meaningful = True
        elif version:
            state["version"] = int(version.group(1))
            meaningful = True
        elif glued:
            ver = glued.group(1) or glued.group(3)
            if ver:
                state["version"] = int(ver)
            if glued.group(2).lower() == "rfc":
                state["rfc"] = True
            else:
                state["patch"] = True
            if glued.group(4):
                idx, tot = glued.group(4).split("/")
                state["index"], state["total"] = int(idx), int(tot)
            meaningful = True
        elif low in _KEYWORDS:
            meaningful = True
            if low == "rfc":
                state["rfc"] = True
            elif low in ("resend", "repost"):
                state["resend"] = True
            elif low == "pull":
                state["pull"] = True
            elif low == "patch":
                state["patch"] = True
        i += 1
    return meaningful


# Remembered by the line: every mail's subject is read for its cross-thread keys, again when
# it is classified, and once more for each grouping round its unit is in (a Subject is
# immutable). The bound holds the subjects of a few thousand mails (~1 MB).
@functools.lru_cache(maxsize=4096)
def parse_subject(raw: str) -> Subject:
    """Parse a decoded, unfolded subject line; never raises."""
    text = " ".join(raw.split())
    is_reply = False
    is_forward = False
    state: dict[str, object] = {}
    prefixes: list[str] = []
    list_tags: list[str] = []
    for _ in range(64):
        m = _REPLY.match(text)
        if m:
            is_reply = True
            text = text[m.end() :]
            continue
        m = _FWD.match(text)
        if m:
            is_forward = True
            text = text[m.end() :]
            continue
        m = _bracket(text)
        if not m:
            break
        inner = m.group(1).strip()
        tokens = [t for t in re.split(r"[\s,]+", inner) if t]
        if _classify_tokens(tokens, state):
            prefixes.extend(
                t
                for t in tokens
                if not _COUNTER.match(t)
                and not _VERSION.match(t)
                and t.lower() not in _KEYWORDS
                and t.lower() != "of"
                and not t.isdecimal()
                and not _GLUED.match(t)
            )
        elif inner:
            list_tags.append(inner)
        text = text[m.end() :]
    bare = _BARE_PREFIX.match(text)
    if bare and not state:
        _classify_tokens(bare.group(0).rstrip(": ").split(), state)
        text = text[bare.end() :]
    text = text.lstrip(": ").strip()
    if "version" not in state:
        m = _TITLE_VERSION.search(text)
        if m:
            state["version"] = int(m.group(1)[1:])
    index = state.get("index")
    total = state.get("total")
    if isinstance(index, int) and isinstance(total, int) and (total == 0 or index > total * 10):
        index = total = None
    return Subject(
        raw=raw,
        title=text,
        is_reply=is_reply,
        is_forward=is_forward,
        version=state.get("version") if isinstance(state.get("version"), int) else None,  # type: ignore[arg-type]
        index=index if isinstance(index, int) else None,
        total=total if isinstance(total, int) else None,
        rfc=bool(state.get("rfc")),
        resend=bool(state.get("resend")),
        pull=bool(state.get("pull")),
        has_patch_tag=bool(state.get("patch")),
        prefixes=tuple(prefixes),
        list_tags=tuple(list_tags),
    )


def reply_base(raw: str) -> str:
    """What a reply's `Re: ` goes in front of: reply and forward markers and list tags
    (`[Xen-devel]`) dropped from the prefixes before the patch prefix, the patch prefixes
    (`[PATCH v2 3/5]`) and the title kept as written. A list adds its own tag again."""
    text = " ".join(raw.split())
    kept: list[str] = []
    for _ in range(64):
        m = _REPLY.match(text) or _FWD.match(text)
        if m:
            text = text[m.end() :]
            continue
        m = _bracket(text)
        if not m:
            break
        inner = m.group(1).strip()
        if _classify_tokens([t for t in re.split(r"[\s,]+", inner) if t], {}):
            kept.append(f"[{inner}]")
        elif kept:
            break  # after the patch prefix a bracket is the title's
        text = text[m.end() :]
    return " ".join([*kept, text]).strip()
