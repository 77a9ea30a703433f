"""What the `sendemail-validate` hook does with each mail `git send-email` is about to send.

git runs the hook once per file, before anything is sent, with the working tree as cwd and
GIT_DIR set. git 2.39 passes one argument, the patch file. git 2.41 and later pass a second,
a file holding the headers send-email will send (Date, Message-ID, In-Reply-To, References),
and set GIT_SENDEMAIL_FILE_COUNTER/GIT_SENDEMAIL_FILE_TOTAL (1-based, cover letter included).

Each patch is checked on its own with the rules (as `patchlint check` would). The series as
a whole (trailer lineage, changelog) can only be judged once every mail of it has been seen,
so each validated mail is stashed under the repository's git dir and the series-level checks
run when the last one arrives: counter == total on 2.41; on 2.39, the mail whose subject says
n/n (or that has no n/m at all). A stash is started afresh at counter 1, or on 2.39 when the
subject's index does not follow the stash's (a new run after an aborted one).

With the previous revision's thread (`--thread`, `PATCHLINT_THREAD` or `hook.thread`) the
series-level review sees that thread too: a review trailer in the outgoing revision that its
giver never gave on the list blocks the send whatever the fail level, the mistake of seed 000.
The outgoing mails are dated now (2.39) or by the header file (2.41) for that review: their
format-patch Date is the commit's, which says nothing about when the trailers were checked.

The mails of one run share work: each mail's stashed copy is parsed once, when it is
stashed, and kept (pickled, keyed by its content) beside it, so the series check on the last
mail reads the earlier mails' parses instead of re-reading and re-parsing every file; it
runs only the series-context rules (the patch rules have judged each patch already). The
cache goes with the stash: emptied when a run starts afresh or its series is checked.

The work tree is at hand, so ops-prototype-mismatch reads each member's prototype from the
tree's own headers (`patchlint.c.kb.tree`): what it finds is kept under the git dir
(`patchlint/kb-tree/`, keyed by each header's content), so the mails of one run share it.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import pickle
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.utils import formatdate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from patchlint import __version__
from patchlint.config import Config
from patchlint.engine.registry import Selection
from patchlint.errors import InputError
from patchlint.ingest import parse_message, read_messages
from patchlint.model.finding import rank
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic, Message
from patchlint.model.subject import parse_subject
from patchlint.pipeline import review_grouping
from patchlint.report.check_text import checkpatch_text as render_checkpatch
from patchlint.report.types import FindingEntry, Report
from patchlint.report.verdict import at_or_above
from patchlint.report.words import count

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders

# Rules that judge a patch against the rest of its series or thread: run once, on the whole
# series, when its last mail is validated (a patch alone would give them half the evidence).
SERIES_CONTEXT = frozenset(
    {
        "unsubstantiated-trailer",
        "stale-trailer",
        "contradicted-trailer",
        "dropped-trailer",
        "missing-changelog",
        "undocumented-change",
    }
)
SEND_HEADERS = ("date", "message-id", "in-reply-to", "references")
STASH_TTL = 3600.0  # a stash older than this is from an abandoned run


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One hook invocation: the mail, and where it sits in the run."""

    patch: Path
    header: Path | None = None
    counter: int | None = None  # git >= 2.41
    total: int | None = None

    @classmethod
    def from_env(cls, patch: Path, header: Path | None, env: Mapping[str, str]) -> Outgoing:
        def number(name: str) -> int | None:
            value = env.get(name, "")
            return int(value) if value.isdecimal() else None

        return cls(
            patch, header, number("GIT_SENDEMAIL_FILE_COUNTER"), number("GIT_SENDEMAIL_FILE_TOTAL")
        )


@dataclass(slots=True)
class Verdict:
    """What the hook prints and whether it stops the send."""

    lines: list[str] = field(default_factory=list)
    blocking: list[FindingEntry] = field(default_factory=list)
    series_checked: bool = False

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _clean(value: str) -> str:
    """A header value on one line: folding and stray CR/LF removed."""
    return " ".join(value.split())


def send_headers(header_file: Path) -> dict[str, str]:
    """The headers git >= 2.41 will send with the mail, of those the review cares about."""
    parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(
        _read(header_file)
    )
    return {name: _clean(str(parsed[name])) for name in SEND_HEADERS if parsed[name]}


def with_headers(raw: bytes, headers: Mapping[str, str]) -> bytes:
    """`raw` with each header named in `headers` replaced (or added) by the given value;
    everything else, the mbox `From ` line included, kept byte for byte."""
    crlf = raw.find(b"\r\n\r\n")
    lf = raw.find(b"\n\n")
    end, sep = (crlf, b"\r\n\r\n") if crlf != -1 and (lf == -1 or crlf < lf) else (lf, b"\n\n")
    head, body = (raw[:end], raw[end + len(sep) :]) if end != -1 else (raw, b"")
    wanted = {name.lower() for name in headers}
    kept: list[bytes] = []
    dropping = False
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower().decode("ascii", "replace")
        dropping = ":" in line.decode("ascii", "replace") and name in wanted
        if not dropping:
            kept.append(line)
    for name, value in headers.items():
        kept.append(f"{name}: {_clean(value)}".encode())
    return b"\n".join(kept) + b"\n\n" + body


class Stash:
    """The mails of the series being validated, under `<git dir>/patchlint/sendemail/`."""

    def __init__(self, git_dir: Path) -> None:
        self.root = git_dir / "patchlint" / "sendemail"
        self.state_file = self.root / "series.json"

    def state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def reset(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def files(self) -> list[Path]:
        names = self.state().get("files", [])
        return [self.root / n for n in names if isinstance(n, str) and (self.root / n).is_file()]

    def add(self, raw: bytes, state: dict[str, Any], config: Config) -> Path:
        """Stash `raw` as the run's next mail, with its parse (`parsed`)."""
        self.root.mkdir(parents=True, exist_ok=True)
        files = [n for n in state.get("files", []) if isinstance(n, str)]
        path = self.root / f"{len(files) + 1:04d}.eml"
        path.write_bytes(raw)
        self._keep_parse(raw, path, config)
        state["files"] = [*files, path.name]
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(self.state_file)
        return path

    def parse_file(self, raw: bytes, path: Path, config: Config) -> Path:
        """Where the parse of the stashed mail `path` holding `raw` is kept: named by the
        content, the file's name, the limits it was parsed under and patchlint's version."""
        digest = hashlib.sha256(raw)
        for part in (path.name, repr(config.limits), __version__):
            digest.update(b"\0" + part.encode())
        return self.root / "parsed" / f"{digest.hexdigest()[:32]}.pickle"

    def _keep_parse(self, raw: bytes, path: Path, config: Config) -> None:
        messages = read_messages([str(path)], [], limits=config.limits)
        target = self.parse_file(raw, path, config)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(messages, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(target)
        except (OSError, pickle.PicklingError):
            pass  # the series check parses the file again

    def messages(
        self, paths: list[Path], config: Config, diagnostics: list[Diagnostic]
    ) -> list[Message]:
        """The stashed mails, from their kept parses where they are intact (a parse that
        is missing or unreadable is redone from the file)."""
        out: list[Message] = []
        for path in paths:
            raw = _read(path)
            try:
                kept = pickle.loads(self.parse_file(raw, path, config).read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                kept = None
            if isinstance(kept, list) and all(isinstance(m, Message) for m in kept):
                out.extend(kept)
            else:
                out.extend(read_messages([str(path)], diagnostics, limits=config.limits))
        return out


def _fresh_run(
    out: Outgoing,
    state: Mapping[str, Any],
    version: int | None,
    index: int | None,
    total: int | None,
    now: float,
) -> bool:
    """Whether this mail starts a new run (the stash holds another series, or nothing)."""
    if not state or now - float(state.get("started", 0)) > STASH_TTL:
        return True
    if out.counter is not None:
        return out.counter == 1 or state.get("protocol") != "counter"
    if state.get("protocol") != "subject":
        return True
    last = state.get("last_index")
    return (
        index is None
        or not isinstance(last, int)
        or index <= last
        or state.get("version") != version
        or state.get("total") != total
    )


def _is_last(out: Outgoing, index: int | None, total: int | None) -> bool:
    if out.counter is not None and out.total is not None:
        return out.counter >= out.total
    return index is None or total is None or index >= total


def _synthetic_id(raw: bytes, position: int) -> str:
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return f"<patchlint-hook.{digest}.{position}@localhost>"


def _findings_lines(findings: list[FindingEntry], source: str) -> list[str]:
    return render_checkpatch(findings, source).splitlines()


def validate(
    out: Outgoing,
    git_dir: Path,
    selection: Selection,
    config: Config,
    now: float | None = None,
    tree: Path | None = None,
) -> Verdict:
    """Check one outgoing mail; when it is the last of its series, the series too. The
    fail level and the previous revision's thread (`hook.thread`) come from `config`;
    `tree` is the work tree git runs the hook in: ops-struct prototypes are read from its
    headers (cached under `git_dir`, so the mails of one run share the work)."""
    now = time.time() if now is None else now
    fail_on, thread = config.fail_on, existing_thread(config.hook.thread)
    raw = _read(out.patch)
    subject = parse_subject(parse_message(raw, str(out.patch)).subject)
    stash = Stash(git_dir)
    state = stash.state()
    if _fresh_run(out, state, subject.version, subject.index, subject.total, now):
        stash.reset()
        state = {
            "started": now,
            "files": [],
            "protocol": "counter" if out.counter is not None else "subject",
        }
    state.update(last_index=subject.index, version=subject.version, total=subject.total)
    position = len(state.get("files", [])) + 1
    if out.header is not None:
        headers = send_headers(out.header)
    else:
        headers = {"date": formatdate(now + position, localtime=True)}
    if "message-id" not in headers:
        headers["message-id"] = _synthetic_id(raw, position)
    stashed = stash.add(with_headers(raw, headers), state, config)

    verdict = Verdict()
    source = out.patch.name
    own = _review(
        [str(out.patch)], _without_series_context(selection), config, _tree_headers(tree, git_dir)
    )
    mine = [
        f
        for s in own["series"]
        for f in s["findings"]
        if f["rule"] not in SERIES_CONTEXT and f.get("status", "open") == "open"
    ]
    verdict.lines += _findings_lines(mine, source)
    verdict.blocking += at_or_above(mine, fail_on)
    if _is_last(out, subject.index, subject.total):
        series = _series_findings(stash, stash.files() or [stashed], selection, config, thread)
        verdict.series_checked = True
        verdict.lines += _findings_lines(series, source)
        verdict.blocking += [
            f
            for f in series
            if rank(f["severity"]) >= rank(fail_on)
            or (thread is not None and f["rule"] == "unsubstantiated-trailer")
        ]
        stash.reset()
    return verdict


def _review(
    paths: list[str], selection: Selection, config: Config, headers: TreeHeaders | None = None
) -> Report:
    diagnostics: list[Diagnostic] = []
    messages = read_messages(paths, diagnostics, limits=config.limits)
    return review_grouping(
        group_messages(messages, diagnostics, config.limits),
        diagnostics,
        None,
        selection,
        config=config,
        headers=headers,
    )


def _tree_headers(tree: Path | None, git_dir: Path) -> TreeHeaders | None:
    """The work tree's headers, for ops-prototype-mismatch; none outside a work tree."""
    if tree is None or not tree.is_dir():
        return None
    from patchlint.c.kb.tree import TreeHeaders

    return TreeHeaders.at(tree, git_dir)


def _without_series_context(selection: Selection) -> Selection:
    """Each mail's own check: the series-context rules wait for the last mail."""
    return replace(
        selection, rules=tuple(r for r in selection.rules if r.name not in SERIES_CONTEXT)
    )


def _series_findings(
    stash: Stash, files: list[Path], selection: Selection, config: Config, thread: Path | None
) -> list[FindingEntry]:
    """The series-context findings on the outgoing revision, reviewed with the thread (the
    series-context rules only: each patch has had the others on its own mail)."""
    diagnostics: list[Diagnostic] = []
    selection = replace(
        selection, rules=tuple(r for r in selection.rules if r.name in SERIES_CONTEXT)
    )
    outgoing = stash.messages(files, config, diagnostics)
    ids = {m.message_id for m in outgoing if m.message_id}
    earlier = (
        read_messages([str(thread)], diagnostics, limits=config.limits)
        if thread is not None
        else []
    )
    report = review_grouping(
        group_messages(earlier + outgoing, diagnostics, config.limits),
        diagnostics,
        None,
        selection,
        config=config,
    )
    found: list[FindingEntry] = []
    for series in report["series"]:
        for rev in series["revisions"]:
            rev_ids = {p["message_id"] for p in rev["patches"]}
            if rev["cover"]:
                rev_ids.add(rev["cover"]["message_id"])
            if not rev_ids & ids:
                continue
            found += [
                f
                for f in series["findings"]
                if f["revision"] == rev["version"]
                and f["rule"] in SERIES_CONTEXT
                and f.get("status", "open") == "open"
            ]
    return found


def git_dir_from_env(cwd: Path, env: Mapping[str, str]) -> Path:
    """The repository's git dir: GIT_DIR as send-email sets it, else `<cwd>/.git`."""
    value = env.get("GIT_DIR")
    path = Path(value) if value else cwd / ".git"
    path = path if path.is_absolute() else cwd / path
    if not path.is_dir():
        raise InputError(f"no git directory at {path}: run the hook from git send-email")
    return path


def thread_from(option: Path | None, env: Mapping[str, str]) -> Path | None:
    """The thread the command line names: --thread, else PATCHLINT_THREAD (both win over
    the config's hook.thread)."""
    return option or (Path(env["PATCHLINT_THREAD"]) if env.get("PATCHLINT_THREAD") else None)


def existing_thread(thread: Path | None) -> Path | None:
    """The previous revision's thread, which must exist when one is named."""
    if thread is not None and not thread.exists():
        raise InputError(f"the previous revision's thread {thread} does not exist")
    return thread


def block_message(verdict: Verdict, patch: Path, config: Config) -> str:
    """Why the send stops, and how to go on anyway."""
    fail_on, thread = config.fail_on, config.hook.thread
    trailers = [
        f for f in verdict.blocking if thread is not None and f["rule"] == "unsubstantiated-trailer"
    ]
    others = len(verdict.blocking) - len(trailers)
    parts = []
    if others:
        parts.append(f"{count(others, 'finding')} at or above '{fail_on}'")
    if trailers and thread is not None:
        parts.append(
            f"{count(len(trailers), 'trailer')} nobody gave on the list "
            f"(checked against {thread.name})"
        )
    return (
        f"patchlint: {' and '.join(parts)} in {patch.name}: nothing was sent.\n"
        "patchlint: fix the series, or send it anyway with "
        "`git send-email --no-validate ...`."
    )
