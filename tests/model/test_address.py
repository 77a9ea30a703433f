"""Address lists: the plain-mailbox fast path reads exactly what the stdlib reads."""

from __future__ import annotations

import email.utils
import random

import pytest

from patchlint.model.address import Address, _simple_pairs, parse_address_list

PLAIN = [
    "a@b",
    "Foo Bar <foo.bar@example.org>",
    "<a@b>, c.d@e.f,  Jürgen  Groß <jgross@suse.com> ",
    '"Jakub Kicinski" <kuba@kernel.org>, Paolo Abeni <pabeni@redhat.com>',
    'Foo"Bar" <a@b>',
    '"A".B <x@y>',
    '"" "" <a@b>',
    "A\r\n B <a@b>,\n\tc@d",
]
ODD = [  # each falls back to the stdlib
    "",
    "a@b,",
    "a@b, , c@d",
    '"Last, First" <a@b>',
    '"a\\"b" <a@b>',
    '"a\rb" <a@b>',
    "Foo (comment) <a@b>",
    "a@b (Foo)",
    "group: a@b, c@d;",
    "<@route:a@b>",
    "a@[10.0.0.1]",
    "< a@b >",
    "\x0b\x0b@a",
    "x\x0by <a@b>",
    "a@b@c",
    "a..b@c",
    "Name Only",
    "alice@example.com <bob@example.com>",
]


@pytest.mark.parametrize("value", PLAIN)
def test_plain_mailboxes_take_the_fast_path_and_read_as_the_stdlib_reads(value):
    fast = _simple_pairs((value,))
    assert fast is not None
    assert fast == email.utils.getaddresses([value])


@pytest.mark.parametrize("value", ODD)
def test_anything_else_is_left_to_the_stdlib(value):
    assert _simple_pairs((value,)) is None


def test_one_odd_value_sends_the_whole_list_to_the_stdlib():
    assert _simple_pairs(("a@b", "c@d,")) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # An empty item is dropped, whatever this Python's getaddresses does with it.
        (["a@b", "c@d,"], ("a@b", "c@d")),
        (["a@b, , c@d"], ("a@b", "c@d")),
        (["a@b,,"], ("a@b",)),
        # CVE-2023-27043: read as two mailboxes, written as one; only that value is dropped.
        (["alice@example.org)<bob@example.org>"], ()),
        (["x@y", "alice@example.org)<bob@example.org>"], ("x@y",)),
        (['"Last, First" <a@b>, c@d'], ("a@b", "c@d")),
        (["Foo (a, b) <a@b>"], ("a@b",)),
        (['"unclosed <a@b>'], ()),
        (["(unclosed <a@b>", "c@d"], ("c@d",)),
    ],
)
def test_odd_values_read_the_same_on_every_python(values, expected):
    """Some 3.11 builds have the strict getaddresses and some do not (CI's and Debian's
    differ): the addresses read must not depend on which."""
    assert tuple(a.email for a in parse_address_list(values)) == expected


def test_a_quoted_name_with_a_comma_keeps_its_name():
    assert parse_address_list(['"Last, First" <a@b>']) == (Address("Last, First", "a@b"),)


def test_random_values_never_read_differently():
    rnd = random.Random(18)
    alphabet = [
        '"x y"',
        '"',
        "a",
        "Z",
        ".",
        "@",
        "<",
        ">",
        ",",
        " ",
        "\t",
        "\n",
        "\r",
        "(",
        ")",
        "\\",
        "[",
        "]",
        ":",
        ";",
        "é",
        "\xa0",
        "\x0b",
        "x@y.z",
        " <",
        "> ",
    ]
    taken = 0
    for _ in range(30_000):
        value = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        fast = _simple_pairs((value,))
        if fast is not None:
            taken += 1
            assert fast == email.utils.getaddresses([value]), value
    assert taken > 100  # the fast path was exercised
