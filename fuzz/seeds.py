"""Write libFuzzer seed directories from the shared corpus: one file per mail, per diff and
per C hunk, each cut to `MAX_SEED` bytes.

    python fuzz/seeds.py WORKDIR      # WORKDIR/{mail,diff,cfrag,email}/seeds
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from patchlint.ingest import iter_raw, parse_message  # noqa: E402
from patchlint.model.body import split_patch_body  # noqa: E402

SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
MAX_SEED = 64 * 1024
SKIP = {"linux-hyperv-epoch0.mboxrd.gz"}  # 26,431 messages: the 3,000 slice is enough
MAX_FROM_ARCHIVE = 400


def corpus_mails() -> Iterator[bytes]:
    """Every message of every corpus file (the 3,000-message slice sampled)."""
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        if path.name in SKIP or path.suffix in (".md", ".json", ".sh", ".rst"):
            continue
        step = 3000 // MAX_FROM_ARCHIVE if "lists" in path.parts else 1
        try:
            for n, (_, raw) in enumerate(iter_raw([str(path)])):
                if n % step == 0:
                    yield raw
        except Exception:  # a corpus file that is not mail at all
            continue


def hunks(diff: str) -> Iterator[str]:
    """Each hunk of a C file's diff: its `@@` line (with the section heading) and body."""
    current: list[str] = []
    c_file = False
    for line in diff.splitlines():
        if line.startswith("+++ "):
            c_file = line.rstrip().endswith((".c", ".h"))
        if line.startswith("@@"):
            if current:
                yield "\n".join(current)
            current = [line] if c_file else []
        elif current and line[:1] in (" ", "+", "-", ""):
            current.append(line)
        elif current:
            yield "\n".join(current)
            current = []
    if current:
        yield "\n".join(current)


def header_fields(raw: bytes) -> bytes:
    """The `email` target's input from a real mail: its Subject, From, Cc, Message-ID,
    References, In-Reply-To (as the cover's id), first body line and To, NUL-separated,
    undecoded (the composer gets them decoded; raw bytes are the harder case)."""
    head = raw.split(b"\n\n", 1)[0].replace(b"\r", b"")
    values: dict[bytes, bytes] = {}
    for line in head.replace(b"\n ", b" ").replace(b"\n\t", b" ").split(b"\n"):
        name, _, value = line.partition(b":")
        values.setdefault(name.strip().lower(), value.strip())
    body = raw.split(b"\n\n", 1)[1].split(b"\n", 1)[0] if b"\n\n" in raw else b""
    names = (b"subject", b"from", b"cc", b"message-id", b"references", b"in-reply-to")
    return b"\0".join([*(values.get(n, b"") for n in names), body, values.get(b"to", b"")])


def write(folder: Path, data: bytes) -> None:
    data = data[:MAX_SEED]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main(workdir: Path) -> None:
    counts = {"mail": 0, "diff": 0, "cfrag": 0, "email": 0}
    for raw in corpus_mails():
        write(workdir / "mail" / "seeds", raw)
        counts["mail"] += 1
        write(workdir / "email" / "seeds", header_fields(raw))
        counts["email"] += 1
        try:
            msg = parse_message(raw)
        except Exception:
            continue
        texts = [msg.body] + [a.text for a in msg.attachments]
        for text in texts:
            diff = split_patch_body(text).diff
            if diff.strip():
                write(workdir / "diff" / "seeds", diff.encode("utf-8", "surrogateescape"))
                counts["diff"] += 1
                for hunk in hunks(diff):
                    write(workdir / "cfrag" / "seeds", hunk.encode("utf-8", "surrogateescape"))
                    counts["cfrag"] += 1
    for name, n in counts.items():
        print(f"{name}: {n} seeds ({len(list((workdir / name / 'seeds').iterdir()))} distinct)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
