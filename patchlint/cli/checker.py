"""The resident checker the sendemail-validate hook's client talks to (see `cli.hookclient`).

Started by the first mail of a `git send-email` run with patchlint imported, its rules loaded
and one small patch checked (regexes compiled, tree-sitter and the KB read), it listens on a
Unix socket (mode 0600, in a 0700 folder of the git dir) and, for each mail, forks a child
that runs `patchlint hook run ARGS` exactly as the command would, on the client's own stdin,
stdout and stderr, in its working directory, with its per-mail counters. The child starts
from the warm parent (tens of milliseconds, not a whole start-up) and nothing it does comes
back: each mail sees the same state, as each fresh process did.

A hostile mail cannot take the checker down with it: the child runs under a CPU and an
address-space limit and a wall-clock deadline; when it dies or overruns, the checker says so
on the client's stderr, answers exit status 2 (what the command gives for input it cannot
read) and goes on to the next mail. The checker exits after the series was checked (the
stash under the git dir is gone), after a refused mail (git stops the run at the first),
after IDLE_SECONDS without a mail, and after MAX_SECONDS in any case; it removes its socket.
b4's per-patch check commands (`check --format checkpatch|b4-review -`, the patch on stdin)
are served the same way; b4 gives no last-patch signal, so there the idle time ends it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import select
import signal
import socket
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from patchlint.integrations.sendemail import Stash

IDLE_SECONDS = 10.0  # git runs the hook for each mail back to back
MAX_SECONDS = 1800.0
MAIL_SECONDS = 120  # CPU seconds for one mail's check (wall clock: 10 more)
MAIL_MEMORY = 2 << 30  # bytes of address space one mail's check may add
MAX_REQUEST = 1 << 20
PER_MAIL = ("GIT_SENDEMAIL_FILE_COUNTER", "GIT_SENDEMAIL_FILE_TOTAL")

WARM_PATCH = """\
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Warm Up <warm@example.org>
Date: Mon, 10 Mar 2025 10:00:00 +0000
Subject: [PATCH] net: warm: add a step

Warm the checker up.

Signed-off-by: Warm Up <warm@example.org>
---
 drivers/net/warm.c | 5 +++++
 1 file changed, 5 insertions(+)

diff --git a/drivers/net/warm.c b/drivers/net/warm.c
--- a/drivers/net/warm.c
+++ b/drivers/net/warm.c
@@ -1,3 +1,8 @@
 #include <linux/netdevice.h>
+static int warm_step(struct net_device *dev)
+{
+\treturn 0;
+}
+
 static const struct net_device_ops warm_ops = {
 \t.ndo_open = warm_open,
 };
--
2.39.5
"""


def warm_up() -> None:
    """Import and load what every mail's check needs, by checking one small C patch with
    every rule (no stash, no output). The spelling database is closed again: an sqlite
    connection must not cross a fork."""
    import patchlint.c.kb.tree  # the work tree's headers, which every mail reads
    import patchlint.cli
    import patchlint.cli.check_run  # what b4's per-patch `check` requests run
    import patchlint.cli.hook  # the command's module and all it imports
    from patchlint.config import load_config
    from patchlint.pipeline import ReviewOptions, reviewing
    from patchlint.pipeline.setup import rules_for
    from patchlint.vocabulary import vocabulary

    patchlint.cli.build_app("hook")
    with tempfile.TemporaryDirectory() as tmp:
        patch = Path(tmp) / "0001-warm.patch"
        patch.write_text(WARM_PATCH, encoding="utf-8")
        config = load_config(None, Path(tmp))
        options = ReviewOptions(selection=rules_for(config), config=config)
        with reviewing([str(patch)], options) as run:
            run.report()
    vocabulary.cache_clear()
    _compile_lazy_patterns()


def _compile_lazy_patterns() -> None:
    """Every lazy pattern of the modules loaded so far, compiled here once rather than in
    each mail's child (those the warm patch did not reach: the stash's, the tree's)."""
    from patchlint.lazyre import LazyPattern

    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("patchlint.", "patchlint_rules.")):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, LazyPattern) and "_compiled" not in value.__dict__:
                value.compiled()


def _peer_uid(conn: socket.socket) -> int:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return int(struct.unpack("3i", creds)[1])


def _request(conn: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    """The client's request and its three descriptors; None when it is not one."""
    conn.settimeout(5.0)
    data, fds, _flags, _addr = socket.recv_fds(conn, 65536, 3)
    if len(fds) != 3 or len(data) < 4:
        for fd in fds:
            os.close(fd)
        return None
    size = int.from_bytes(data[:4], "big")
    body = data[4:]
    while len(body) < size <= MAX_REQUEST:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    try:
        request = json.loads(body[:size])
    except ValueError:
        request = None
    if (
        not isinstance(request, dict)
        or not isinstance(request.get("args"), list)
        or not all(isinstance(a, str) for a in request["args"])
        or not (request["args"][:2] == ["hook", "run"] or request["args"][:1] == ["check"])
        or not isinstance(request.get("cwd"), str)
        or not isinstance(request.get("env"), dict)
    ):
        for fd in fds:
            os.close(fd)
        return None
    return request, fds


def _child(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become `patchlint hook run ARGS` on the client's descriptors."""
    code = 2
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        for name in PER_MAIL:
            value = request["env"].get(name)
            if isinstance(value, str):
                os.environ[name] = value
            else:
                os.environ.pop(name, None)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as a process git starts has it
        _limit()
        _fresh_streams()
        sys.argv = ["patchlint", *request["args"]]
        from patchlint.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # main maps every error; this is the last resort
        code = 2
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def mail_seconds() -> int:
    """MAIL_SECONDS, or PATCHLINT_RESIDENT_MAIL_SECONDS (tests: a limit that is hit)."""
    value = os.environ.get("PATCHLINT_RESIDENT_MAIL_SECONDS", "")
    return int(value) if value.isdecimal() else MAIL_SECONDS


def _limit() -> None:
    """One mail's CPU time and memory (over what the warm parent already holds)."""
    seconds = mail_seconds()
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[0])
        held = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = held + MAIL_MEMORY
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _fresh_streams() -> None:
    """sys.stdin/stdout/stderr made anew on descriptors 0-2, as a starting interpreter makes
    them (line-buffered on a terminal: stdout and stderr interleave as the command's do)."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        old = getattr(sys, name)
        tty = os.isatty(fd)
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffered: Any = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(
            buffered,
            encoding=old.encoding,
            errors=old.errors,
            line_buffering=tty or fd == 2,
            write_through=fd == 2,
        )
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _wait(pid: int) -> tuple[int | None, str]:
    """The child's exit status, or None and why it stopped (killed at the deadline)."""
    deadline = time.monotonic() + mail_seconds() + 10
    status = _reaped(pid, deadline)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return None, f"the check ran over {mail_seconds() + 10} s and was stopped"
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status), ""
    sig = os.WTERMSIG(status)
    name = signal.Signals(sig).name if sig in signal.Signals.__members__.values() else str(sig)
    return None, f"the check stopped on signal {name} (a CPU or memory limit)"


def _reaped(pid: int, deadline: float) -> int | None:
    """The child's wait status once it exits, or None at the deadline (a pidfd where the
    kernel has them, else polling)."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        while time.monotonic() < deadline:
            if pidfd is not None:
                select.select([pidfd], [], [], deadline - time.monotonic())
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            if pidfd is None:
                time.sleep(0.002)
        return None
    finally:
        if pidfd is not None:
            os.close(pidfd)


def serve_one(conn: socket.socket, git_dir: Path | None) -> tuple[int, bool]:
    """Check one mail; (exit status, whether the run is over)."""
    got = _request(conn)
    if got is None:  # not a client of ours: answered, and the next mail is served
        conn.sendall(json.dumps({"code": 2}).encode())
        return 2, False
    request, fds = got
    pid = os.fork()
    if pid == 0:
        conn.close()
        _child(request, fds)
    try:
        code, why = _wait(pid)
        if code is None:
            mail = next((a for a in reversed(request["args"]) if a != "--"), "the mail")
            line = f"patchlint: error: {Path(mail).name}: {why}\n"
            os.write(fds[2], line.encode("utf-8", "replace"))
            code = 2
    finally:
        for fd in fds:
            os.close(fd)
    conn.sendall(json.dumps({"code": code}).encode())
    if request["args"][:2] != ["hook", "run"]:  # b4's checks: until idle
        return code, False
    over = code != 0 or (git_dir is not None and not Stash(git_dir).state_file.exists())
    return code, over


def report_usage(mails: int) -> None:
    """Append the checker's CPU seconds (its own and its reaped children's: every mail) to
    the file PATCHLINT_RESIDENT_STATS names, if any (bench/hook.py reads it)."""
    target = os.environ.get("PATCHLINT_RESIDENT_STATS")
    if not target:
        return
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    with contextlib.suppress(OSError), open(target, "a", encoding="utf-8") as f:
        f.write(json.dumps({"mails": mails, "cpu": round(cpu, 4)}) + "\n")


def serve(folder: Path, name: str) -> None:
    """Listen on `folder/name` until the run is over, idle or too old."""
    os.chdir(folder)  # the socket's address is relative: a git dir's path may be too long
    git_dir = folder.parent.parent if folder.parent.name == "patchlint" else None
    old = os.umask(0o177)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(name)
    except OSError:  # another checker of the same key got there first: the client finds it
        listener.close()
        return
    finally:
        os.umask(old)
    bound = os.stat(name).st_ino
    listener.listen(8)
    started = time.monotonic()
    mails = 0
    try:
        while time.monotonic() - started < MAX_SECONDS:
            listener.settimeout(IDLE_SECONDS)
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                return
            with conn:
                if _peer_uid(conn) != os.getuid():
                    continue
                try:
                    _code, over = serve_one(conn, git_dir)
                    mails += 1
                except OSError:
                    continue  # the client went away: the next mail is another connection
            if over:
                return
    finally:
        listener.close()
        report_usage(mails)
        with contextlib.suppress(OSError):
            if os.stat(name).st_ino == bound:
                with contextlib.suppress(OSError):  # the clients' start-up lock, first:
                    os.unlink(name + ".lock")  # once the socket is gone, nothing is left
                os.unlink(name)


def main(argv: list[str]) -> None:
    """`python -m patchlint.cli.checker FOLDER NAME` (what the client starts)."""
    folder, name = Path(argv[0]).resolve(), argv[1]
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # each mail's child reports its own errors
        warm_up()
    serve(folder, name)


if __name__ == "__main__":
    main(sys.argv[1:])
