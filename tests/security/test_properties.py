"""Property tests (hypothesis; short, they run in CI) of the parsers that read mail:
never raise on anything, give back what they were given (round trips), and lose no
message (every one read is reviewed or reported)."""

from __future__ import annotations

import difflib
import io
import re
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from patchlint.analysis.revisions.linediff import matching_blocks
from patchlint.c.fragments import Hunk, Line, file_views, fragment_of
from patchlint.ingest import read_messages
from patchlint.ingest.mbox import split_mbox
from patchlint.ingest.parse import parse_message
from patchlint.limits import Limits
from patchlint.model.diff import summarize_diff
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from patchlint.model.subject import parse_subject
from patchlint.model.thread import build_threads
from patchlint.model.trailers import split_trailer_block
from patchlint.pipeline import review
from tests.conftest import CORPUS

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _corpus_mails() -> list[bytes]:
    files = [
        *sorted((CORPUS / "git-t5100" / "split").glob("0*"))[:12],
        *sorted((CORPUS / "patchwork" / "mail").glob("*.mbox"))[:14],
    ]
    out = []
    for path in files:
        raw = path.read_bytes()
        if raw.startswith(b"From "):  # an mbox separator line: each test adds its own
            raw = raw.partition(b"\n")[2]
        if len(raw) < 40_000:
            out.append(raw)
    return out


MAILS = _corpus_mails()
CHARSETS = [
    "utf-8",
    "latin-1",
    "koi8-r",
    "utf-7",
    "no-such-charset",
    "base64",
    "rot13",
    "x-unknown",
    "",
    '"',
    "utf-16",
]


@st.composite
def mutated_mail(draw: st.DrawFn) -> bytes:
    """A corpus mail, mangled the ways list traffic and attackers mangle mail."""
    raw = draw(st.sampled_from(MAILS))
    head, sep, body = raw.partition(b"\n\n")
    headers = head.split(b"\n")
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["drop", "dup", "charset", "mime", "cte", "junk"]))
        i = draw(st.integers(0, max(len(headers) - 1, 0)))
        if op == "drop" and headers:
            headers.pop(i)
        elif op == "dup" and headers:
            headers.insert(i, headers[i])
        elif op == "charset":
            cs = draw(st.sampled_from(CHARSETS))
            headers.append(f"Content-Type: text/plain; charset={cs}".encode())
        elif op == "mime":
            headers.append(
                b'Content-Type: multipart/mixed; boundary="'
                + draw(st.sampled_from([b"", b"x", b"--", b"\xff"]))
                + b'"'
            )
        elif op == "cte":
            headers.append(
                b"Content-Transfer-Encoding: "
                + draw(
                    st.sampled_from(
                        [b"base64", b"quoted-printable", b"8bit", b"x-uuencode", b"\xfe"]
                    )
                )
            )
        else:
            headers.insert(i, draw(st.binary(max_size=40)))
    out = b"\n".join(headers) + sep + body
    if draw(st.booleans()):
        out = out.replace(b"\n", draw(st.sampled_from([b"\r", b"\r\n", b"\n\r"])))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(out)))
        out = out[:at] + draw(st.sampled_from([b"\0", b"\0" * 10, b"\xff\xfe", b"=?"])) + out[at:]
    if draw(st.booleans()):
        out = out[: draw(st.integers(0, len(out)))]  # truncated anywhere
    return out


@FAST
@given(mutated_mail())
def test_parsing_a_mangled_mail_never_raises(raw: bytes):
    msg = parse_message(raw, "prop")
    assert isinstance(msg.body, str) and isinstance(msg.subject, str)
    assert all(isinstance(p, str) for p in msg.problems)
    msg.body.encode("utf-8")  # no lone surrogates: it can be written out


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(mutated_mail(), min_size=1, max_size=6))
def test_every_message_read_is_accounted_for(tmp_path_factory, raws: list[bytes]):
    """Messages in = messages grouped + duplicates skipped; every problem a diagnostic."""

    def quoted(raw: bytes) -> bytes:  # mboxrd: body lines starting "From " get a ">"
        raw = re.sub(rb"(?m)^(>*From )", rb">\1", raw.replace(b"\r", b"\n"))
        return raw.rstrip(b"\n") + b"\n"

    data = b"".join(b"From x@y Mon Jan  1 00:00:00 2024\n" + quoted(r) + b"\n" for r in raws)
    path = Path(tmp_path_factory.mktemp("prop")) / "m.mbox"
    path.write_bytes(data)
    read = sum(1 for _ in split_mbox(io.BytesIO(data)))
    assert read == len(raws)
    diagnostics: list[Diagnostic] = []
    messages = read_messages([str(path)], diagnostics)
    grouping = group_messages(messages, diagnostics)
    skipped = sum("skipped" in d.problem for d in diagnostics)
    assert len(messages) == read  # nothing unreadable: the parser never gives up
    assert grouping.messages + skipped == read


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(mutated_mail(), min_size=1, max_size=4))
def test_review_of_mangled_mail_never_raises(tmp_path_factory, validate_report, raws: list[bytes]):
    """The whole review (interdiffs, rules, report) over mangled mail: a valid report."""
    path = Path(tmp_path_factory.mktemp("prop")) / "m.mbox"
    path.write_bytes(
        b"".join(
            b"From x@y Mon Jan  1 00:00:00 2024\n"
            + re.sub(rb"(?m)^(>*From )", rb">\1", r.replace(b"\r", b"\n"))
            + b"\n\n"
            for r in raws
        )
    )
    validate_report(review([str(path)]))


@FAST
@given(st.binary(max_size=3000), st.integers(1, 200), st.integers(1, 6))
def test_any_bytes_under_any_limits(raw: bytes, line_chars: int, depth: int):
    limits = Limits(
        line_chars=line_chars, header_chars=line_chars, mime_depth=depth, message_bytes=2000
    )
    msg = parse_message(raw, "prop", limits)
    assert all(len(line) <= line_chars for line in msg.body.split("\n"))
    assert len(msg.subject) <= line_chars


# -- subjects ------------------------------------------------------------------------

TITLE = (
    st.text(st.characters(codec="utf-8", exclude_characters="[]\r\n"), min_size=1, max_size=60)
    .map(str.strip)
    .filter(
        lambda t: (
            bool(t)
            and not t.startswith(":")  # `[PATCH]: title` drops the colon
            and not re.match(r"(?i)(re|aw|sv|fwd?|antw|odp|vs|ref|tr|wg)\s*[:\[]", t)
            and not re.match(r"(?i)(v\d|patch|rfc)", t)
        )
    )
)


@FAST
@given(st.text(max_size=300))
def test_any_subject_parses(raw: str):
    s = parse_subject(raw)
    assert isinstance(s.title, str)
    assert s.index is None or s.total is None or s.index <= 9999


@FAST
@given(TITLE, st.integers(1, 99), st.integers(1, 300), st.data())
def test_subject_round_trip(title: str, version: int, total: int, data: st.DataObject):
    """The parts written into a `[PATCH vN i/n]` prefix are the parts read back; parsing
    the bare title again gives the same title (idempotence)."""
    index = data.draw(st.integers(0, total))
    tag = data.draw(st.sampled_from(["PATCH", "RFC PATCH", "PATCH RESEND", "XEN PATCH"]))
    subject = parse_subject(f"[{tag} v{version} {index}/{total}] {title}")
    assert (subject.version, subject.index, subject.total) == (version, index, total)
    assert subject.title == " ".join(title.split()) or subject.title == title
    assert parse_subject(subject.title).title == subject.title
    reply = parse_subject(f"Re: [{tag} v{version} {index}/{total}] {title}")
    assert reply.is_reply and reply.title == subject.title


# -- trailers ------------------------------------------------------------------------

NAME = st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,2}", fullmatch=True)
EMAIL = st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,5})?@[a-z]{2,8}\.(org|com|net)", fullmatch=True)
KIND = st.sampled_from(
    ["Signed-off-by", "Acked-by", "Reviewed-by", "Tested-by", "Reported-by", "Suggested-by", "Cc"]
)


@FAST
@given(
    st.lists(st.tuples(KIND, NAME, EMAIL), min_size=1, max_size=6),
    st.text(st.characters(codec="ascii", exclude_characters=":\r"), max_size=200),
)
def test_trailer_round_trip(given_trailers: list[tuple[str, str, str]], prose: str):
    prose = "\n".join(line for line in prose.split("\n") if line.strip()) or "A change."
    block = "\n".join(f"{k}: {n} <{e}>" for k, n, e in given_trailers)
    text, trailers = split_trailer_block(f"subsystem: a title\n\n{prose}\n\n{block}\n")
    assert [
        (t.name, t.person.name if t.person else None, t.person.email if t.person else None)
        for t in trailers
    ] == [(k, n, e) for k, n, e in given_trailers]
    assert block not in text


@FAST
@given(st.text(max_size=2000))
def test_any_text_splits_into_message_and_trailers(text: str):
    body, trailers = split_trailer_block(text)
    assert isinstance(body, str) and all(t.name for t in trailers)


# -- diffs ---------------------------------------------------------------------------

LINES = st.lists(st.sampled_from(["a", "b", "c", "}", "", "\tint x;", "x = 1;", "{"]), max_size=40)


def _unified(a: list[str], b: list[str]) -> str:
    body = "".join(
        difflib.unified_diff([x + "\n" for x in a], [x + "\n" for x in b], "a/f.c", "b/f.c", n=3)
    )
    return "diff --git a/f.c b/f.c\n" + body if body else ""


@FAST
@given(LINES, LINES)
def test_diff_round_trip(a: list[str], b: list[str]):
    """A diff made by difflib parses to its own counts, and every post-image line it shows
    is the new file's line at that number."""
    diff = _unified(a, b)
    summary = summarize_diff(diff)
    assert summary.error is None
    ops = difflib.SequenceMatcher(None, a, b).get_opcodes()
    assert summary.added == sum(j2 - j1 for tag, _, _, j1, j2 in ops if tag != "equal")
    assert summary.removed == sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag != "equal")
    for view in file_views(diff):
        for hunk in view.hunks:
            for line in hunk.lines:
                assert b[line.number - 1] == line.text


@FAST
@given(st.text(max_size=3000))
def test_any_text_summarizes_as_a_diff(text: str):
    summary = summarize_diff(text)
    assert summary.added >= 0 and summary.removed >= 0
    file_views(text)


@FAST
@given(
    st.lists(st.sampled_from("abcde"), max_size=80), st.lists(st.sampled_from("abcde"), max_size=80)
)
def test_bounded_alignment_is_exact_on_small_input(a: list[str], b: list[str]):
    expected = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    assert matching_blocks(a, b) == [tuple(m) for m in expected]


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from("abc"), min_size=200, max_size=900),
    st.lists(st.sampled_from("abc"), min_size=200, max_size=900),
)
def test_bounded_alignment_is_valid_on_large_input(a: list[str], b: list[str]):
    last_i = last_j = 0
    for i, j, n in matching_blocks(a, b):
        assert i >= last_i and j >= last_j and a[i : i + n] == b[j : j + n]
        last_i, last_j = i + n, j + n


# -- threads -------------------------------------------------------------------------


@st.composite
def message_web(draw: st.DrawFn) -> list[Message]:
    """Messages whose In-Reply-To/References point anywhere among a small pool of ids:
    at themselves, in cycles, at ids nobody sent."""
    n = draw(st.integers(1, 25))
    ids = [f"m{i}@x" for i in range(n + 5)]
    out = []
    for i in range(n):
        refs = tuple(draw(st.lists(st.sampled_from(ids), max_size=6)))
        irt = draw(st.one_of(st.none(), st.sampled_from(ids)))
        out.append(
            Message(
                key=ids[i],
                message_id=ids[i],
                subject=f"Re: s{i}",
                author=Address("A", "a@x"),
                in_reply_to=irt,
                references=refs,
                date=datetime(2024, 1, 1, 0, draw(st.integers(0, 59)), tzinfo=UTC),
                body="",
            )
        )
    return out


@FAST
@given(message_web())
def test_threads_account_for_every_message_without_cycles(messages: list[Message]):
    index = build_threads(messages, [])
    seen = [node.key for root in index.roots for node in root.walk() if not node.is_ghost]
    assert sorted(seen) == sorted(m.key for m in messages)  # each exactly once
    for node in index.nodes.values():
        assert node not in list(node.ancestors())


@FAST
@given(message_web())
def test_grouping_accounts_for_every_message(messages: list[Message]):
    diagnostics: list[Diagnostic] = []
    grouping = group_messages(messages, diagnostics)
    skipped = sum("skipped" in d.problem for d in diagnostics)
    assert grouping.messages + skipped == len(messages)


# -- C fragments ---------------------------------------------------------------------

C_LINE = st.sampled_from(
    [
        "{",
        "}",
        "int x;",
        "if (a) {",
        "} else {",
        '"}{"',
        "/* { */",
        "'{'",
        "return 0;",
        "",
        "x = f(a,",
        "b);",
        "// }",
        "#define X {",
    ]
)


@FAST
@given(
    st.lists(C_LINE, min_size=1, max_size=40),
    st.sampled_from(
        [
            "",
            "static int f(struct s *p)",
            "static const struct ops o = {",
            "int g(int a,",
            "struct x {",
            "}",
        ]
    ),
    st.integers(1, 500),
)
def test_fragment_maps_rows_to_lines_and_closes_braces(lines: list[str], section: str, start: int):
    hunk = Hunk(
        section, [Line(start + i, t, i % 2 == 0) for i, t in enumerate(lines)], [], start, start
    )
    frag = fragment_of(hunk)
    assert len(frag.rows) == frag.source.count(b"\n")
    numbers = [r for r in frag.rows if r is not None]
    assert numbers == [ln.number for ln in hunk.lines]  # every line, in order, once
    assert frag.tree.root_node is not None
    assert fragment_of(hunk).source == frag.source  # deterministic


MBOX_LINE = st.sampled_from(
    [
        b"From x@y Mon Jan  1 00:00:00 2024",
        b"From x",
        b"From the start",
        b">From y",
        b"Subject: s",
        b"From: A <a@b>",
        b"body",
        b"",
        b"\r",
        b"X-Y: z",
        b"From  x 1:11 2024",
    ]
)


@FAST
@given(st.lists(MBOX_LINE, max_size=40), st.integers(1, 64))
@example([b"", b"From x", b"Subject: s"], 1)  # a blank first line was not "after a blank"
def test_mbox_split_does_not_depend_on_chunk_size(lines: list[bytes], chunk: int):
    import patchlint.ingest.mbox as mbox

    data = b"\n".join(lines) + b"\n"
    whole = list(split_mbox(io.BytesIO(data)))
    default = mbox._CHUNK
    mbox._CHUNK = chunk
    try:
        assert list(split_mbox(io.BytesIO(data))) == whole
    finally:
        mbox._CHUNK = default
