"""The spelling word lists are compiled once into a cache file, then looked up: a process
that judges a word no longer loads codespell's and pyspellchecker's lists."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import codespell_lib
from spellchecker import SpellChecker

from patchlint.vocabulary import COMMON, Vocabulary, cache_dir, cache_key, compile_into, compiled
from tests.conftest import ROOT

PROBE = """
import sys
from patchlint.vocabulary import vocabulary
words = vocabulary()
print(words.misspelling("vecotr"), words.kernel("gud"), words.english("programe"),
      "spellchecker" in sys.modules, "codespell_lib" in sys.modules)
"""


def probe(cache: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env={**os.environ, "PATCHLINT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return done.stdout.strip()


def test_compiled_once_then_only_looked_up(tmp_path):
    cache = tmp_path / "cache"
    first = probe(cache)
    assert first == "('vector',) True False True True"  # compiled: the lists were read
    [path] = cache.glob("spelling-*.sqlite")
    stamp = path.stat().st_mtime_ns
    assert probe(cache) == "('vector',) True False False False"  # looked up only
    assert path.stat().st_mtime_ns == stamp


def test_an_outdated_compilation_is_replaced(tmp_path):
    stale = tmp_path / "spelling-0000.sqlite"
    stale.write_bytes(b"old")
    path = compiled(tmp_path)
    assert path is not None and path.name == f"spelling-{cache_key()}.sqlite"
    assert not stale.exists()
    assert compiled(tmp_path) == path


def test_an_unwritable_cache_gives_none(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert compiled(blocker / "cache") is None


def test_the_cache_folder_follows_the_environment():
    assert cache_dir({"PATCHLINT_CACHE_DIR": "/x"}) == Path("/x")
    assert cache_dir({"XDG_CACHE_HOME": "/c", "HOME": "/h"}) == Path("/c/patchlint")
    assert cache_dir({"HOME": "/h"}) == Path("/h/.cache/patchlint")


def test_the_compiled_lists_answer_as_the_libraries_do():
    db = sqlite3.connect(":memory:")
    compile_into(db, "test")
    words = Vocabulary(db)
    english = SpellChecker(language="en", distance=1)
    table = {}
    for line in (
        (Path(codespell_lib.__file__).parent / "data" / "dictionary.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    ):
        key, _, fixes = line.partition("->")
        table[key.strip().lower()] = tuple(f.strip() for f in fixes.split(",") if f.strip())
    for word in ("vecotr", "recieve", "teh", "gud", "bootup", "acomodate"):
        assert words.misspelling(word) == table[word]
    for word in ("program", "programme", "receive", "xyzzyq", "programe", "refactor"):
        assert words.english(word) == (word in english)
    sample = ["program", "implement", "tuesday", "zymurgy", "hsared", "colour"]
    assert words.common(sample) == {
        w for w in sample if w in english and english.word_usage_frequency(w) > COMMON
    }
    assert words.british("colour") and not words.british("color")
    kernel = (ROOT / "patchlint" / "data" / "spelling" / "kernel-words.txt").read_text()
    listed = [w for w in kernel.splitlines() if w and not w.startswith("#")]
    assert len(listed) > 5000 and all(words.kernel(w) for w in listed[:200])
    assert not words.kernel("occured") and not words.kernel("vecotr")


def test_the_key_is_remembered_until_a_file_changes(tmp_path, monkeypatch):
    """The content key (2 MB hashed) is kept with the files' stamps: the same key without
    hashing while they stand, hashed again when one is replaced."""
    from patchlint import vocabulary

    monkeypatch.setenv("PATCHLINT_CACHE_DIR", str(tmp_path / "cache"))
    cache_key.cache_clear()
    key = cache_key()
    assert key == vocabulary._content_key()

    def unread() -> str:
        raise AssertionError("hashed again")

    with monkeypatch.context() as m:
        m.setattr(vocabulary, "_content_key", unread)
        cache_key.cache_clear()
        assert cache_key() == key

    copies = []
    for n, path in enumerate(vocabulary._data_files()):
        copy = tmp_path / str(n) / path.name
        copy.parent.mkdir()
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(vocabulary, "_data_files", lambda: copies)
    cache_key.cache_clear()
    assert cache_key() == key  # other files, the same content: the same key
    copies[0].write_bytes(copies[0].read_bytes() + b"newword->new word\n")
    cache_key.cache_clear()
    assert cache_key() not in (key, None)
    cache_key.cache_clear()
