"""The anchor's inlined key computations are `line_key`: every line `flatten` walks carries
its text's key, and `make_items` files a quoted line under the key (and, for a line without
a marker, the context-line alternative) `line_key` gives."""

from __future__ import annotations

import random

from patchlint.analysis.discussion.anchor import (
    MAX_CANDIDATES,
    DiffIndex,
    DiffLine,
    Item,
    _candidates,
    chain,
    flatten,
    line_key,
    make_items,
)

DIFF = """\
diff --git a/drivers/x.c b/drivers/x.c
index 1111111..2222222 100644
--- a/drivers/x.c
+++ b/drivers/x.c
@@ -10,7 +10,8 @@ static int foo(void)
 \tint a;
-\tint b;
+\tint  b = 0;
+\tint c;

 \treturn a +  b;
\\ No newline at end of file
@@ -40 +41 @@
-x
+ y\t z
"""


def test_flattened_lines_carry_their_keys() -> None:
    rng = random.Random(4)
    lines = DIFF.split("\n")
    diffs = [DIFF] + [
        "\n".join(rng.choice(lines) + rng.choice(["", " ", "\t", "  x"]) for _ in range(40))
        for _ in range(300)
    ]
    for diff in diffs:
        for entry, key in flatten(0, diff):
            assert key == line_key(entry.text)


def test_quoted_lines_are_filed_under_their_keys() -> None:
    index = DiffIndex()
    for n, text in enumerate(["+\tint  b = 0;", " \treturn a + b;", "+x", "@@ -1 +1 @@"]):
        index.add(DiffLine(0, "x.c", text[0], n, text))
    index.finish()
    quoted = ["+ int b = 0;", "\treturn a+b;", "+x", "no such line", "", "-gone"]
    items = make_items([quoted], index)
    assert [i.keys for i in items] == [
        (line_key(quoted[0]),),
        (line_key(quoted[1]), " " + line_key(quoted[1])[1:]),
        (line_key(quoted[2]),),
    ]
    assert [i.weak_alt for i in items] == [False, True, False]


class _MaxTree:
    """The Fenwick tree `chain` used as a class before its loops were written out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tree: list[tuple[int, int, int]] = [(0, -1, -1)] * (size + 1)

    def query(self, pos: int) -> tuple[int, int, int]:
        best = (0, -1, -1)
        i = pos
        while i > 0:
            if self.tree[i] > best:
                best = self.tree[i]
            i -= i & -i
        return best

    def update(self, pos: int, value: tuple[int, int, int]) -> None:
        i = pos + 1
        while i <= self.size:
            if value > self.tree[i]:
                self.tree[i] = value
            i += i & -i


def _chain_with_class(items: list[Item], index: DiffIndex) -> dict[int, int]:
    cand_lists = []
    for item in items:
        cands = _candidates(item, index)
        cand_lists.append([] if len(cands) > MAX_CANDIDATES or item.blank else cands)
    coords = sorted({p for cands in cand_lists for p in cands})
    rank = {p: r for r, p in enumerate(coords)}
    tree = _MaxTree(len(coords))
    nodes: list[tuple[int, int, int]] = []
    best = (0, -1, -1)
    for n, item in enumerate(items):
        pending = []
        for pos in cand_lists[n]:
            score, _, prev = tree.query(rank[pos])
            pending.append((score + item.weight, pos, prev))
        for score, pos, prev in pending:
            nodes.append((n, pos, prev))
            value = (score, pos, len(nodes) - 1)
            tree.update(rank[pos], value)
            best = max(best, value)
    out: dict[int, int] = {}
    node = best[2]
    while node >= 0:
        n, pos, prev = nodes[node]
        out[n] = pos
        node = prev
    return out


def test_chain_is_the_class_based_chain() -> None:
    rng = random.Random(12)
    for _ in range(2000):
        index = DiffIndex()
        texts = [
            "+" + rng.choice("abcdefgh") * rng.choice([1, 7]) for _ in range(rng.randint(1, 60))
        ]
        for n, text in enumerate(texts):
            index.add(DiffLine(0, "x.c", "+", n, text))
        index.finish()
        quoted = [rng.choice(texts) for _ in range(rng.randint(0, 30))]
        items = make_items([quoted[: len(quoted) // 2], quoted[len(quoted) // 2 :]], index)
        assert chain(items, index) == _chain_with_class(items, index)
