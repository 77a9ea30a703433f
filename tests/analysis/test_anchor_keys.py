"""The anchor's inlined key computations are `line_key`: every line `flatten` walks carries
its text's key, and `make_items` files a quoted line under the key (and, for a line without
a marker, the context-line alternative) `line_key` gives."""

from __future__ import annotations

import random

from patchlint.analysis.discussion.anchor import DiffIndex, DiffLine, flatten, line_key, make_items

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
