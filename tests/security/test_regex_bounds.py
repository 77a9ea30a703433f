"""No regular expression in patchlint/ or rules/ backtracks catastrophically on hostile
mail: every pattern meets adversarial subjects built from its own structure (see
redos.py), each match under a watchdog in a child process that kills it when one match
runs over a quarter of a second of CPU (a linear match of these sizes takes milliseconds; a
quadratic one takes seconds, a cubic or exponential one forever).

Subjects of 20,000 characters under a 0.25 s watchdog, not 40,000 under 1 s: a quadratic
match takes a quarter of the time on half the subject, so it is caught exactly when it was
before (a linear one's share only halves: the check is, if anything, stricter), and every
attack costs half."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections import Counter

import pytest

from tests.conftest import ROOT
from tests.security import redos

SIZE = 20_000  # characters per subject: a mild quadratic takes a good part of a second
PER_MATCH_SECONDS = 0.25
SHARDS = 2  # processes sharing the patterns

# Calls whose pattern is assembled at run time, per file, each checked here by hand:
DYNAMIC = {
    # LazyPattern compiling what a `lazyre.compile(...)` call was given: audited there
    # (its flags; the pattern itself is compiled by regexcode, kept equal to re.compile's)
    "patchlint/lazyre.py": 1,
    "patchlint/regexcode.py": 2,
    # alternations of escaped literal words, then `\b` or `\s*\(` (module-level: attacked)
    "patchlint/c/annotations.py": 2,
    # a fixed Makefile variable name, read from the --tree's Makefile, not from mail
    "patchlint/c/kb/build.py": 1,
    # phrase alternations joined with _OBJECT (module-level: attacked below)
    "patchlint/analysis/discussion/outcome.py": 2,
    # f"(?:^|_){re.escape(old)}(?:_|$)": an escaped identifier between `_` or ends
    "rules/gratuitous-rename/check.py": 1,
    # N: and K: regexes of the MAINTAINERS file: trusted patterns (the project's own file),
    # searched over diff paths (<= PATH_MAX) and patch text (see docs/security.md)
    "patchlint/maintainers/file.py": 2,
    # F:/X: globs turned into `.*`/`.`/classes; matched only on paths <= PATH_MAX
    "patchlint/maintainers/patterns.py": 1,
    # changelog labels, headings and prose built from fixed pieces (_VER, _STEP, _LEAD,
    # _CHANGE_WORD, _VERBS) at module level: attacked below
    "patchlint/model/changelog.py": 8,
    # r"\b" + re.escape(name part) + r"\b": an escaped literal word between word boundaries
    "patchlint/analysis/discussion/credit.py": 1,
    # a trailer's escaped name parts joined by `[\s-]*`, then an escaped address
    "patchlint/analysis/trailers/giver_says.py": 2,
    # an escaped identifier in a definition's shape, on lines of <= MAX_DECLARATION
    "patchlint/analysis/trailers/renames.py": 1,
    # `.member =` / `->member =` with fixed gap pieces (unrolled comments: one way to read
    # a gap), and `.name` / `->name` after a gap of the same kind (a `//` comment atomic and
    # up to its line's end), built at module level: attacked below
    "patchlint/c/optables.py": 2,
    # a giver's name parts, each re.escape'd, as one alternation between word boundaries:
    # literals only, nothing to backtrack over
    "patchlint/analysis/trailers/author_says.py": 1,
    # a plain mailbox (atoms, blanks, `<addr>`) built from fixed pieces at module level,
    # `\A`-anchored, no blank starting the words (one way to read each): attacked below
    "patchlint/model/address.py": 2,
}


@pytest.fixture(scope="module")
def patterns() -> tuple[redos.Found, ...]:
    """Every pattern the audit finds, found once for the module (it imports and parses the
    whole package: seconds); a tuple, so no test can change what the next one reads."""
    return tuple(redos.all_patterns())


def test_every_pattern_is_found(patterns):
    """The audit sees the literal patterns, the module-level compiled ones, and names
    every pattern built at run time (a new one fails here until it is audited)."""
    found = patterns
    assert len(found) > 140
    wheres = {f.where for f in found}
    assert "patchlint/model/subject.py:_REPLY" in wheres  # a literal one, made lazy
    assert "patchlint.analysis.discussion.outcome._RETRACT_OWN" in wheres  # built from pieces
    assert Counter(call.split(":")[0] for call in redos.dynamic_calls()) == DYNAMIC


def test_every_bounded_entry_names_a_pattern(patterns):
    """BOUNDED is keyed by a pattern's name, not its line: each key names a pattern the
    audit finds (a renamed or removed pattern fails here instead of losing its bound)."""
    wheres = {f.where for f in patterns}
    assert sorted(set(redos.BOUNDED) - wheres) == []


def test_attacks_reach_the_vulnerable_repeat():
    """The generator finds the classic attacks (so the bounded run below can fail)."""
    quadratic = redos.Found("x", r"\s+via\s+\S.*$", re.I)
    assert any(s.startswith(" " * 100) and s.endswith("!") for s in redos.attacks(quadratic, 200))
    nested = redos.Found("x", r"^From \S*\s+.*\b\d{1,2}:\d\d(?::\d\d)?\b.*\b\d{4}\b", 0)
    assert any("0:00 0:00" in s for s in redos.attacks(nested, 200))  # pumped .*X.* pair


def test_the_watchdog_catches_a_catastrophic_pattern(tmp_path):
    """The child really dies on a backtracking pattern (the check below is not vacuous)."""
    script = tmp_path / "slow.py"
    script.write_text(
        "import re, signal\n"
        "signal.setitimer(signal.ITIMER_PROF, 1.0)\n"
        "re.match(r'^(a+)+$', 'a' * 40 + '!')\n"
    )
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert res.returncode == -signal.SIGPROF


def test_no_pattern_backtracks_catastrophically(patterns):
    # the patterns shared by SHARDS processes at once (the watchdog counts each one's CPU)
    args = [sys.executable, "-m", "tests.security.redos", str(SIZE), str(PER_MATCH_SECONDS), ""]
    children = [
        subprocess.Popen(
            [*args, f"{k}/{SHARDS}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(SHARDS)
    ]
    started: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=600)
        mine = [line for line in out.splitlines() if line.startswith("PATTERN ")]
        culprit = mine[-1] if mine else "(none started)"
        assert child.returncode == 0 and "DONE" in out, (
            f"a match ran over {PER_MATCH_SECONDS} s of CPU: {culprit}\n{err[-2000:]}"
        )
        started += mine
    assert len(started) == len(set(started)) == len(patterns)
