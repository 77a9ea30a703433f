#!/usr/bin/env python3
"""Derive the kernel word list the spelling rule accepts (patchlint/data/spelling/kernel-words.txt).

A word is a kernel word when the kernel community keeps writing it: it recurs, written by
several people (quoted lines, the subjects of replies and the lines a patch removes do not
count), in the code, comments and commit messages of a list archive (default: the
linux-hyperv archive of the shared corpus, 26,431 messages), or it names something in the
ops-struct KB's headers (struct, member and parameter names of Linux 6.1/6.12 and Xen 4.20).
English words (pyspellchecker's list) are left out: they are accepted anyway.

A word codespell lists as a misspelling (`gud`, `bootup`, `filp`) is a kernel word only when
code uses it as a name or part of one (`gud_probe()`, `drivers/gpu/drm/gud/`) in several
messages by several people and not far less often than its correction, or the KB has it
in two names or more: a misspelling that merely recurs in prose (`occured`) or that spread
into a few names (`destory`) stays a misspelling.

Usage: tools/build-kernel-words.py [MBOX ...] [-o FILE]
       (with the interpreter of a patchlint checkout, which has codespell and pyspellchecker;
       the default MBOX is $PATCHLINT_SHARED/corpus/lists/linux-hyperv-epoch0.mboxrd.gz;
       about a minute)
"""

from __future__ import annotations

import argparse
import email
import email.policy
import gzip
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import codespell_lib
from spellchecker import SpellChecker

HERE = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED") or HERE.parent / "shared")
DEFAULT_MBOX = SHARED / "corpus" / "lists" / "linux-hyperv-epoch0.mboxrd.gz"
DEFAULT_OUT = HERE / "patchlint" / "data" / "spelling" / "kernel-words.txt"
KB_DIR = HERE / "patchlint" / "data" / "kb"

MIN_MESSAGES = 4  # a word in prose or code: written in this many messages...
MIN_AUTHORS = 3  # ...by this many people
MIN_CODE_MESSAGES = 5  # a word codespell lists: used in names in this many messages...
MIN_CODE_AUTHORS = 2  # ...by this many people (or in two KB names)...
NAME_RATIO = 0.1  # ...and at least a tenth as often in names as its correction
# (`destory` 37 times against `destroy` 883: a typo that spread)
MAX_AUTHORS_KEPT = 8  # counting stops here (memory)

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_PATH = re.compile(r"^(?:diff --git a/|\+\+\+ b/|--- a/)(\S+)")


def parts(token: str) -> Iterator[str]:
    """The words of an identifier: split at `_`, digits and camelCase humps."""
    for chunk in re.split(r"[_0-9]+", token):
        for piece in _CAMEL.findall(chunk):
            if len(piece) >= 3:
                yield piece.lower()


def messages(path: Path) -> Iterator[email.message.Message]:
    """Each message of an mbox (mboxrd or mboxo, plain or gzip), without loading it all."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        lines: list[bytes] = []
        for line in fh:
            if line.startswith(b"From ") and lines and lines[-1] in (b"\n", b"\r\n"):
                yield email.message_from_bytes(b"".join(lines), policy=email.policy.compat32)
                lines = []
                continue
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]
            if lines or not line.startswith(b"From "):
                lines.append(line)
        if lines:
            yield email.message_from_bytes(b"".join(lines), policy=email.policy.compat32)


def body_text(msg: email.message.Message) -> str:
    out = []
    for part in msg.walk():
        if part.get_content_maintype() != "text" or part.get_content_subtype() not in (
            "plain",
            "x-patch",
            "x-diff",
        ):
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            try:
                out.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
            except LookupError:  # a charset Python does not know
                out.append(payload.decode("utf-8", "replace"))
    return "\n".join(out)


def words_of(text: str) -> tuple[set[str], set[str]]:
    """(every word, the words used as names or parts of names) of one message."""
    every: set[str] = set()
    names: set[str] = set()
    in_diff = False
    for line in text.splitlines():
        if line.lstrip().startswith(">"):
            continue  # quoted: someone else's words
        if line.startswith("diff --git "):
            in_diff = True
        path = _PATH.match(line)
        if path:
            for piece in re.split(r"[/._-]+", path.group(1)):
                names.update(parts(piece))
            continue
        if in_diff and line.startswith("-") and not line.startswith("---"):
            continue  # removed: often removed for being wrong (a misspelling fixed)
        code = in_diff and line[:1] in ("+", " ")
        for m in _TOKEN.finditer(line):
            token = m.group(0)
            found = list(parts(token))
            every.update(found)
            after = line[m.end() : m.end() + 2]
            before = line[max(0, m.start() - 2) : m.start()]
            named = (
                "_" in token
                or any(c.isdigit() for c in token)
                or token[1:] != token[1:].lower()
                or after[:1] == "("
                or before.endswith(("->", "."))
                or after.startswith("->")
            )
            if named and (code or "_" in token or after[:1] == "("):
                names.update(found)
    return every, names


def kb_names() -> dict[str, int]:
    """Word -> how many distinct KB names (structs, members, parameters) it is part of."""
    count: dict[str, set[str]] = defaultdict(set)
    for path in sorted(KB_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for st in data["structs"]:
            names = {st["name"]}
            for m in st["members"]:
                names.add(m["name"])
                names.update(n for _, n in m["params"] if n)
                names.update(_TOKEN.findall(m["ret"]))
                names.update(t for p, _ in m["params"] for t in _TOKEN.findall(p))
            for name in names:
                for word in parts(name):
                    count[word].add(name)
    return {w: len(v) for w, v in count.items()}


def codespell_words() -> dict[str, list[str]]:
    """codespell's misspellings and their corrections, lower-cased."""
    path = Path(codespell_lib.__file__).parent / "data" / "dictionary.txt"
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, fixes = line.partition("->")
        if sep:
            table[key.strip().lower()] = [f.strip().lower() for f in fixes.split(",") if f.strip()]
    return table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mboxes", nargs="*", type=Path, default=[DEFAULT_MBOX])
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    seen: dict[str, int] = defaultdict(int)
    named: dict[str, int] = defaultdict(int)
    authors: dict[str, set[str]] = defaultdict(set)
    name_authors: dict[str, set[str]] = defaultdict(set)
    total = 0
    for path in args.mboxes:
        for msg in messages(path):
            total += 1
            who = email.utils.parseaddr(str(msg.get("From", "")))[1].lower()
            subject = str(msg.get("Subject", ""))
            if re.match(r"\s*(?:re|aw|sv|antw)\s*:", subject, re.I):
                subject = ""  # a reply repeats the patch's subject: not its author's words
            every, names = words_of(body_text(msg) + "\n" + subject)
            for word in every:
                seen[word] += 1
                if len(authors[word]) < MAX_AUTHORS_KEPT:
                    authors[word].add(who)
            for word in names:
                named[word] += 1
                if len(name_authors[word]) < MAX_AUTHORS_KEPT:
                    name_authors[word].add(who)
    english = SpellChecker(language="en", distance=1)
    listed = codespell_words()
    in_kb = kb_names()
    chosen = set()
    for word in set(seen) | set(in_kb):
        if not word.isalpha() or not word.isascii() or len(word) < 3 or word in english:
            continue
        if word in listed:
            fixes = listed[word]
            if any(f.replace("'", "") == word for f in fixes):
                continue  # doesnt, isnt: the apostrophe left out, never a name
            rival = max((named.get(f, 0) for f in fixes), default=0)
            by_code = (
                named.get(word, 0) >= MIN_CODE_MESSAGES
                and len(name_authors.get(word, ())) >= MIN_CODE_AUTHORS
                and named.get(word, 0) >= NAME_RATIO * rival
            )
            if by_code or in_kb.get(word, 0) >= 2:
                chosen.add(word)
        elif in_kb.get(word) or (
            seen.get(word, 0) >= MIN_MESSAGES and len(authors.get(word, ())) >= MIN_AUTHORS
        ):
            chosen.add(word)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    sources = ", ".join(p.name for p in args.mboxes)
    header = [
        "# Kernel words the spelling rule (SP001) accepts: built by tools/build-kernel-words.py",
        f"# from {sources} ({total} messages) and the ops KB names in patchlint/data/kb;",
        f"# {len(chosen)} words. Regenerate with that script; do not edit by hand.",
    ]
    args.output.write_text("\n".join(header + sorted(chosen)) + "\n", encoding="utf-8")
    print(f"{len(chosen)} words from {total} messages -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
