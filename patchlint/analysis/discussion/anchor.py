"""Find where quoted diff lines sit in a patch: file and post-image line.

A reviewer quotes a patch with `> ` (or `>> `, `> > ` one reply deeper), cuts most of each hunk
and comments under what is left; mailers re-wrap long lines and some lose the leading space of
context lines. So the match is by content, not by text position:

- The patch's diff is flattened into one list of lines (file headers, hunk headers, context,
  added and removed lines), each with its file and post-image line number (new-file
  numbering; a removed line gets the post-image position where it was, i.e. the line that now
  stands in its place). The walk is tolerant: it follows hunk counts when they are right and
  the line markers when they are not, so a diff unidiff rejects still anchors.
- A line is compared by its diff marker and its text with all whitespace removed, so tabs
  that became spaces and re-indented quotes still match; a quoted line without a marker may
  be a context line that lost its leading space. A quoted line that matches nothing but
  starts a longer diff line is joined with the quoted lines after it (a re-wrapped line).
- All quoted lines of a reply are then placed at once: the heaviest chain of matches that
  keeps the quote order (a weighted longest increasing subsequence, O(n log n)), where a
  distinctive line weighs more than `}` or a blank one, and ties go to the nearest position.
  Lines that match too many places are left out of the chain and placed afterwards by their
  neighbours. A quote block that the chain leaves empty is matched on its own (a reviewer who
  went back up the patch).
- A block is anchored only when its matches weigh as much as one distinctive line.

Bounds (hostile input): of a quote block longer than MAX_BLOCK_LINES only the end is matched
(the comment is about what it stands under), a reply is matched for at most MAX_ITEMS lines,
a line is compared on its first MAX_LINE characters, and the chain's tree holds only the
candidate positions, so a few quoted lines of a huge patch cost what they quote.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from patchlint import lazyre
from patchlint.model.patch import Patch, diff_files

MAX_CANDIDATES = 12  # a line matching more places than this is placed by its neighbours
MAX_ITEMS = 50_000  # quoted lines matched per reply
MAX_BLOCK_LINES = 5_000  # of a longer quote block only the end is matched: the comment is there
MAX_JOIN = 6  # lines a re-wrapped diff line may have been broken into
NEIGHBOUR_WINDOW = 3  # how far a common line is looked for next to its placed neighbour
MAX_LINE = 4_000  # characters of a diff line that are compared
STRONG = 4
WEAK = 1
HEADER = 8
MIN_ANCHOR_WEIGHT = STRONG
STRONG_CHARS = 6  # whitespace-free characters that make a line distinctive

_HUNK = lazyre.compile(r"^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def squash(text: str) -> str:
    return "".join(text.split())


def line_key(text: str) -> str:
    """A diff line's identity: its marker and its text without whitespace."""
    if text[:1] in ("+", "-", " "):
        return text[0] + squash(text[1:])
    return "~" + squash(text)


@dataclass(slots=True, unsafe_hash=True)
class DiffLine:
    """One line of a flattened diff. Never changed once made, but not `frozen`: a frozen
    dataclass sets each field through `object.__setattr__`, 4x the cost of making one, and
    one is made for every line of every patch a reply is read against (hashed and compared
    by its fields all the same)."""

    patch: int | None  # the patch's index in its revision
    file: str | None
    kind: str  # + - ' ' (hunk lines), @ (hunk header), F (file header line)
    line: int | None  # post-image line; None for file headers and deleted files
    text: str


@dataclass(slots=True)
class DiffIndex:
    """The lines of one or more patches' diffs, and where each key occurs."""

    lines: list[DiffLine] = field(default_factory=list)
    where: dict[str, list[int]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # sorted, for prefix look-ups
    patches: dict[int, Patch] = field(default_factory=dict)

    def add(self, entry: DiffLine) -> None:
        self.where.setdefault(line_key(entry.text), []).append(len(self.lines))
        self.lines.append(entry)

    def finish(self) -> DiffIndex:
        self.keys = sorted(self.where)
        return self

    def has_prefix(self, key: str) -> bool:
        i = bisect.bisect_left(self.keys, key)
        return i < len(self.keys) and self.keys[i].startswith(key) and self.keys[i] != key


Flat = list[tuple[DiffLine, str]]  # a patch's diff lines with their keys


def build_index(patches: list[Patch], flat: dict[int, Flat] | None = None) -> DiffIndex:
    """The index of `patches`' diffs; `flat` (by id of the patch) keeps each patch's walked
    lines for the next index that holds it (a revision's, and a patch's own)."""
    index = DiffIndex()
    where, out = index.where, index.lines
    for patch in patches:
        index.patches[patch.index] = patch
        lines = flat.get(id(patch)) if flat is not None else None
        if lines is None:
            lines = flatten(patch.index, patch.diff)
            if flat is not None:
                flat[id(patch)] = lines
        for pos, (_, key) in enumerate(lines, len(out)):
            found = where.get(key)
            if found is None:
                where[key] = [pos]
            else:
                found.append(pos)
        out.extend(entry for entry, _ in lines)
    return index.finish()


def flatten(patch: int, diff: str) -> Flat:
    """Walk a diff, tolerating wrong hunk counts: a hunk ends when its counts run out or at a
    line that cannot be part of it. Each line comes with its key (`line_key`)."""
    out: Flat = []
    keep = out.append

    def add(entry: DiffLine) -> None:
        text = entry.text  # `line_key`, inlined: this runs for every line of every patch
        if text[:1] in ("+", "-", " "):
            keep((entry, text[0] + "".join(text[1:].split())))
        else:
            keep((entry, "~" + "".join(text.split())))

    file: str | None = None
    deleted = False
    header: list[str] = []
    old_left = new_left = 0
    in_hunk = False
    counter = 0
    hunk = _HUNK.match
    for whole in diff.split("\n"):
        raw = whole[:MAX_LINE]
        m = hunk(raw) if raw[:2] == "@@" else None  # the pattern starts `^@@`
        if m:
            if header:
                names = diff_files("\n".join(header))
                file = names[0] if names else file
                deleted = any(h.startswith("+++ /dev/null") for h in header)
                header = []
            old_left = int(m.group(2)) if m.group(2) is not None else 1
            new_left = int(m.group(4)) if m.group(4) is not None else 1
            start = int(m.group(3))
            counter = start + 1 if new_left == 0 else start
            in_hunk = True
            add(DiffLine(patch, file, "@", None if deleted else counter, raw))
            continue
        if in_hunk and (old_left > 0 or new_left > 0):
            marker = raw[:1]
            if raw == "":
                marker, raw = " ", " "  # a blank context line whose space a mailer ate
            if marker == "\\":
                continue
            if marker in ("+", "-", " "):
                if marker == "-" and raw.startswith("--- ") and old_left == 0:
                    in_hunk = False
                else:
                    # a hunk line: `add` inlined (`line_key`), this runs for every line of
                    # every patch a reply is read against
                    keep(
                        (
                            DiffLine(patch, file, marker, None if deleted else counter, raw),
                            marker + "".join(raw[1:].split()),
                        )
                    )
                    if marker != "-":
                        counter += 1
                        new_left -= 1
                    if marker != "+":
                        old_left -= 1
                    continue
            in_hunk = False
        elif in_hunk and raw.startswith("\\"):
            continue
        else:
            in_hunk = False
        if raw.startswith(("diff ", "Index: ")):
            header = [raw]
            file = None
        elif raw.startswith(
            (
                "--- ",
                "+++ ",
                "rename ",
                "new file",
                "deleted file",
                "index ",
                "similarity",
                "old mode",
                "new mode",
                "Binary files",
            )
        ):
            header.append(raw)
            if raw.startswith("+++ ") or raw.startswith("Binary files"):
                names = diff_files("\n".join(header))
                file = names[0] if names else file
        else:
            continue
        add(DiffLine(patch, file, "F", None, raw))
    return out


# -- matching quoted lines ----------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """A quoted line (or several, when a mailer re-wrapped one diff line) to place."""

    block: int
    first: int  # index of its first line in the block
    last: int  # index of its last line in the block (a re-wrapped line spans several)
    keys: tuple[str, ...]
    weight: int
    weak_alt: bool = False

    @property
    def blank(self) -> bool:
        """A blank line (or a bare marker): placed only right next to its neighbours, and
        never the line a comment is anchored to."""
        return len(self.keys[0]) <= 1


@dataclass(slots=True)
class Placement:
    """Where one quote block sits in the diff."""

    block: int
    positions: list[int]  # diff-line positions of the block's matched items, in order
    items: list[Item]
    weight: int
    # a quoted blank added or removed line right under the last matched one, at the end of
    # the block: what a comment on an empty line points at
    trailing_blank: int | None = None


def _weight(key: str) -> int:
    if key.startswith(("~diff", "~@@", "---", "+++", "~index")):
        return HEADER
    return STRONG if len(key) - 1 >= STRONG_CHARS else WEAK


def make_items(blocks: list[list[str]], index: DiffIndex) -> list[Item]:
    """The diff-like lines of each block as items, re-wrapped lines joined."""
    items: list[Item] = []
    where = index.where
    for b, lines in enumerate(blocks):
        j = max(0, len(lines) - MAX_BLOCK_LINES)
        while j < len(lines) and len(items) < MAX_ITEMS:
            text = lines[j]
            # `line_key`, inlined: this runs for every quoted line of every reply
            if text[:1] in ("+", "-", " "):
                key = text[0] + "".join(text[1:].split())
                alt = None
            else:
                key = "~" + "".join(text.split())
                alt = " " + key[1:]  # a context line without its space
            first = j
            hit = key in where
            if hit or (alt is not None and alt in where):
                keys = (key,) if alt is None else (key, alt)
                w = _weight(key if hit else alt or key)
                items.append(
                    Item(b, first, first, keys, w if hit else max(WEAK, w // 2), weak_alt=not hit)
                )
                j += 1
                continue
            joined, k = key, j
            found = False
            while (
                len(joined) >= 8
                and index.has_prefix(joined)
                and k + 1 < len(lines)
                and k - j < MAX_JOIN
            ):
                k += 1
                joined += squash(lines[k])
                if joined in index.where:
                    items.append(Item(b, first, k, (joined,), _weight(joined)))
                    found = True
                    break
            j = k + 1 if found else j + 1
    return items


def chain(items: list[Item], index: DiffIndex) -> dict[int, int]:
    """Item number -> diff position for the heaviest order-keeping chain of matches. The
    tree is built over the candidate positions only, so a reply quoting a few lines of a
    huge patch costs what it quotes, not what the patch holds."""
    cand_lists: list[list[int]] = []
    for item in items:
        cands = _candidates(item, index)
        cand_lists.append([] if len(cands) > MAX_CANDIDATES or item.blank else cands)
    coords = sorted({p for cands in cand_lists for p in cands})
    rank = {p: r for r, p in enumerate(coords)}
    # a Fenwick tree over the ranked candidate positions, in a list: the best (score,
    # position, node) of a chain ending below each rank; its query and update are written
    # out below (a method call each per candidate was most of this function's time)
    size = len(coords)
    tree: list[tuple[int, int, int]] = [(0, -1, -1)] * (size + 1)
    nodes: list[tuple[int, int, int]] = []  # (item number, position, previous node)
    best = (0, -1, -1)
    for n, item in enumerate(items):
        cands = cand_lists[n]
        if not cands:
            continue
        pending = []
        weight = item.weight
        for pos in cands:
            found = (0, -1, -1)  # the best chain over ranks below this position's
            i = rank[pos]
            while i > 0:
                if tree[i] > found:
                    found = tree[i]
                i -= i & -i
            pending.append((found[0] + weight, pos, found[2]))
        for score, pos, prev in pending:
            nodes.append((n, pos, prev))
            value = (score, pos, len(nodes) - 1)
            i = rank[pos] + 1
            while i <= size:
                if value > tree[i]:
                    tree[i] = value
                i += i & -i
            if value > best:
                best = value
    out: dict[int, int] = {}
    node = best[2]
    while node >= 0:
        n, pos, prev = nodes[node]
        out[n] = pos
        node = prev
    return out


def _candidates(item: Item, index: DiffIndex) -> list[int]:
    if len(item.keys) == 1:  # one key: its positions, ascending as they were indexed
        return list(index.where.get(item.keys[0], ()))
    out: list[int] = []
    for key in item.keys:
        out.extend(index.where.get(key, ()))
    return sorted(out)


def _tighten(items: list[Item], placed: dict[int, int], index: DiffIndex) -> None:
    """Pull chained lines together: the chain's weight does not care whether a `return 0;`
    sits right under the line quoted above it or forty lines further down, a reader does.
    Each line moves to its candidate nearest the line placed before it in the same block
    (the first line of a block: nearest the line after it), keeping the order."""
    order = sorted(placed)
    for k, n in enumerate(order):
        prev = order[k - 1] if k > 0 else None
        nxt = order[k + 1] if k + 1 < len(order) else None
        lo = placed[prev] if prev is not None else -1
        hi = placed[nxt] if nxt is not None else len(index.lines)
        cands = [c for c in _candidates(items[n], index) if lo < c < hi]
        if not cands:
            continue
        if prev is not None and items[prev].block == items[n].block:
            placed[n] = cands[0]
        elif nxt is not None and items[nxt].block == items[n].block:
            placed[n] = cands[-1]


def _fill_neighbours(items: list[Item], placed: dict[int, int], index: DiffIndex) -> None:
    """Place unplaced lines of a block next to their placed neighbours (common lines such as
    `}` or blank ones that match too many places to be chained)."""
    for n in range(1, len(items)):
        if n in placed or (n - 1) not in placed or items[n].block != items[n - 1].block:
            continue
        start = placed[n - 1] + 1
        window = 1 if items[n].blank else NEIGHBOUR_WINDOW
        for pos in range(start, min(start + window, len(index.lines))):
            if line_key(index.lines[pos].text) in items[n].keys:
                placed[n] = pos
                break
    for n in range(len(items) - 2, -1, -1):
        if n in placed or (n + 1) not in placed or items[n].block != items[n + 1].block:
            continue
        end = placed[n + 1] - 1
        window = 1 if items[n].blank else NEIGHBOUR_WINDOW
        for pos in range(end, max(end - window, -1), -1):
            if line_key(index.lines[pos].text) in items[n].keys:
                placed[n] = pos
                break


def place_blocks(blocks: list[list[str]], index: DiffIndex) -> dict[int, Placement]:
    """Where each quote block (its de-quoted lines) sits in the diff; blocks that do not
    anchor are left out."""
    if not index.lines:
        return {}
    items = make_items(blocks, index)
    placed = chain(items, index)
    by_block: dict[int, list[int]] = {}
    for n, item in enumerate(items):
        by_block.setdefault(item.block, []).append(n)
    # a block the global chain skipped: match it alone
    for _block, numbers in by_block.items():
        if any(n in placed for n in numbers):
            continue
        if sum(items[n].weight for n in numbers) < MIN_ANCHOR_WEIGHT:
            continue
        alone = chain([items[n] for n in numbers], index)
        for local, pos in alone.items():
            placed[numbers[local]] = pos
    _tighten(items, placed, index)
    _fill_neighbours(items, placed, index)
    out: dict[int, Placement] = {}
    for block, numbers in by_block.items():
        hits = sorted((n for n in numbers if n in placed), key=lambda n: items[n].first)
        blank: int | None = None
        if hits and items[hits[-1]].blank and hits[-1] == numbers[-1]:
            blank = placed[hits[-1]]
        while hits and items[hits[-1]].blank:
            hits.pop()
        weight = sum(items[n].weight for n in hits)
        if not hits or weight < MIN_ANCHOR_WEIGHT:
            continue
        if blank is not None and (
            blank != placed[hits[-1]] + 1 or index.lines[blank].kind not in "+-"
        ):
            blank = None
        out[block] = Placement(
            block, [placed[n] for n in hits], [items[n] for n in hits], weight, blank
        )
    return out
