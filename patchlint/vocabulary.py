"""The word lists the spelling rule judges by, compiled once into one sqlite file.

codespell's misspellings (about 40,000 lines), its British spellings, pyspellchecker's
English words with their frequencies (160,000) and the kernel word list shipped with
patchlint (`patchlint/data/spelling/kernel-words.txt`) used to be read in every process
that met a word to judge: 0.6 s and more, per hook run, per `check`. They are compiled the
first time they are needed into `$PATCHLINT_CACHE_DIR` (default `$XDG_CACHE_HOME/patchlint`,
else `~/.cache/patchlint`), under a name that changes with the content of codespell's and
pyspellchecker's data files and of the kernel list (hashing them takes ~3 ms; keyed by their
paths instead, two environments sharing a cache folder removed each other's compilation and
recompiled, 6 s, on every switch); later processes look words up in it (a few
milliseconds). Where no cache folder can be written, the lists are compiled in memory (slow,
but the same answers).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sqlite3
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import quote

from patchlint.cachedir import cache_dir as cache_dir

SCHEMA = "1"
COMMON = 1e-6  # an English word at least this frequent (pyspellchecker's scale) is common
KERNEL_WORDS = ("data", "spelling", "kernel-words.txt")
_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE word (word TEXT PRIMARY KEY, fixes TEXT, english INTEGER NOT NULL DEFAULT 0,
                   common INTEGER NOT NULL DEFAULT 0, british INTEGER NOT NULL DEFAULT 0,
                   kernel INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
"""


class Vocabulary:
    """Questions about words, answered from the compiled lists (lower-case words in)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._rows: dict[str, tuple[str | None, int, int, int, int] | None] = {}

    def _row(self, word: str) -> tuple[str | None, int, int, int, int] | None:
        if word not in self._rows:
            self._rows[word] = self._db.execute(
                "SELECT fixes, english, common, british, kernel FROM word WHERE word = ?", (word,)
            ).fetchone()
        return self._rows[word]

    def prefetch(self, words: Iterable[str]) -> None:
        """Look `words` up in a few queries (500 a query) rather than one query each: the
        spelling rule asks about every word of a text, and a query costs what a few hundred
        rows of an `IN` list do. The answers are those `_row` would give one by one."""
        wanted = [w for w in dict.fromkeys(words) if w not in self._rows]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found = {
                word: (fixes, english, common, british, kernel)
                for word, fixes, english, common, british, kernel in self._db.execute(
                    "SELECT word, fixes, english, common, british, kernel FROM word"
                    f" WHERE word IN ({marks})",
                    chunk,
                )
            }
            for word in chunk:
                self._rows[word] = found.get(word)

    def misspelling(self, word: str) -> tuple[str, ...] | None:
        """codespell's corrections when it lists `word` as a misspelling."""
        row = self._row(word)
        if row is None or row[0] is None:
            return None
        return tuple(f for f in row[0].split("\n") if f)

    def english(self, word: str) -> bool:
        row = self._row(word)
        return bool(row and row[1])

    def british(self, word: str) -> bool:
        row = self._row(word)
        return bool(row and row[3])

    def kernel(self, word: str) -> bool:
        """A word the kernel community writes (the shipped kernel word list)."""
        row = self._row(word)
        return bool(row and row[4])

    def common(self, words: Iterable[str]) -> set[str]:
        """Those of `words` that are common English words."""
        wanted = list(dict.fromkeys(words))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                w
                for (w,) in self._db.execute(
                    f"SELECT word FROM word WHERE common = 1 AND word IN ({marks})", chunk
                )
            )
        return found


def _kernel_words() -> bytes:
    from importlib import resources  # (and zipfile) only when the key or lists are computed

    return resources.files("patchlint").joinpath(*KERNEL_WORDS).read_bytes()


def _data_files() -> list[Path]:
    """The library files the lists are compiled from, found without importing the
    libraries (codespell's dictionaries, pyspellchecker's English list)."""
    out: list[Path] = []
    for module, names in (
        ("codespell_lib", ("data/dictionary.txt", "data/dictionary_en-GB_to_en-US.txt")),
        ("spellchecker", ("resources/en.json.gz",)),
    ):
        spec = importlib.util.find_spec(module)
        roots = list(spec.submodule_search_locations or []) if spec is not None else []
        out.extend(Path(roots[0]) / name for name in names if roots)
    return out


@cache
def cache_key() -> str:
    """What the compiled file depends on: the content of the library files it is compiled
    from (a new version of either library changes it), the kernel list, this schema and the
    common-word threshold; the same in every environment with the same libraries.

    Hashing the 2 MB of word lists took longer than a hook's check of a patch spends in its
    rules, so the key is remembered in the cache folder with the files' stamps (path, size,
    modification time, inode: an upgrade replaces the files) and hashed again only when a
    stamp differs."""
    stamp = _stamp()
    memo = cache_dir() / "spelling-keys" / hashlib.sha256(stamp.encode()).hexdigest()[:20]
    try:
        saved, _, key = memo.read_text(encoding="utf-8").rpartition("\n")
        if saved == stamp and len(key) == 20 and key.isalnum():
            return key
    except (OSError, UnicodeDecodeError):
        pass
    key = _content_key()
    with contextlib.suppress(OSError):
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_name(f".{memo.name}.{os.getpid()}.tmp")
        tmp.write_text(f"{stamp}\n{key}", encoding="utf-8")
        os.replace(tmp, memo)
    return key


def _stamp() -> str:
    """The schema, the threshold and each hashed file's path, size, modification time and
    inode (a file that cannot be read stamps as missing: hashed again each time)."""
    parts = [SCHEMA, repr(COMMON)]
    for path in [*_data_files(), Path(__file__).parent.joinpath(*KERNEL_WORDS)]:
        try:
            st = path.stat()
        except OSError:
            parts.append(f"{path}:missing:{os.getpid()}")
            continue
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_dev}")
    return "\n".join(parts)


def _content_key() -> str:
    """`cache_key` computed from the files' content."""
    digest = hashlib.sha256()
    for part in (SCHEMA, repr(COMMON)):
        digest.update(part.encode() + b"\0")
    for path in _data_files():
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(f"{path.name}:missing".encode() + b"\0")
    digest.update(_kernel_words())
    return digest.hexdigest()[:20]


def _rows() -> dict[str, list[object]]:
    """word -> [fixes, english, common, british, kernel], from the sources."""
    import codespell_lib
    from spellchecker import SpellChecker

    data = Path(codespell_lib.__file__).parent / "data"
    table: dict[str, list[object]] = {}

    def row(word: str) -> list[object]:
        return table.setdefault(word, [None, 0, 0, 0, 0])

    for line in (data / "dictionary.txt").read_text(encoding="utf-8").splitlines():
        key, sep, fixes = line.partition("->")
        if sep:
            row(key.strip().lower())[0] = "\n".join(
                f.strip() for f in fixes.split(",") if f.strip()
            )
    for line in (data / "dictionary_en-GB_to_en-US.txt").read_text(encoding="utf-8").splitlines():
        if "->" in line:
            row(line.partition("->")[0].strip().lower())[3] = 1
    english = SpellChecker(language="en", distance=1)
    counts = english.word_frequency.dictionary
    total = english.word_frequency.total_words
    for word, count in counts.items():
        entry = row(word)
        entry[1] = 1
        entry[2] = int(count / total > COMMON)
    for line in _kernel_words().decode("utf-8").splitlines():
        word = line.strip().lower()
        if word and not word.startswith("#"):
            row(word)[4] = 1
    return table


def compile_into(db: sqlite3.Connection, key: str) -> None:
    db.executescript(_DDL)
    db.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
    db.executemany(
        "INSERT INTO word VALUES (?, ?, ?, ?, ?, ?)", ((w, *r) for w, r in sorted(_rows().items()))
    )
    db.commit()


def _open(path: Path, key: str) -> sqlite3.Connection | None:
    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False)
        row = db.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[0] != key:
        db.close()
        return None
    return db


def compiled(folder: Path | None = None) -> Path | None:
    """The compiled file in `folder` (default: `cache_dir()`), compiled now if it is not
    there; None when the folder cannot be written. Older compilations are removed."""
    folder = folder or cache_dir()
    key = cache_key()
    path = folder / f"spelling-{key}.sqlite"
    if path.is_file() and (db := _open(path, key)) is not None:
        db.close()
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".spelling-{key}.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        try:
            compile_into(db, key)
        finally:
            db.close()
        os.replace(tmp, path)
        for old in folder.glob("spelling-*.sqlite"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, sqlite3.Error):
        return None
    return path


@cache
def vocabulary() -> Vocabulary:
    """The compiled word lists, once per process."""
    path = compiled()
    db = _open(path, cache_key()) if path is not None else None
    if db is None:  # no writable cache: compile in memory
        db = sqlite3.connect(":memory:", check_same_thread=False)
        compile_into(db, cache_key())
    return Vocabulary(db)
