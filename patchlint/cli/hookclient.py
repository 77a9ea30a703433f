"""The installed sendemail-validate hook's client: hand the mail to the resident checker.

`git send-email` runs the hook once per mail, and a Python process of patchlint's size costs
0.2-0.3 s of CPU to start; 30 mails cannot be checked in 3 s that way. The hook therefore
runs this file (standard library only, `python -I -S`: about 10 ms) which passes the mail to
a resident checker (`cli.checker`) that has patchlint imported and warm. The first
mail of a run starts it; it exits after the series' last mail, after a refused mail (git
stops the run there), or after IDLE seconds without a mail.

The client sends its arguments, its working directory and git's per-mail counters, and
passes its own stdin, stdout and stderr (SCM_RIGHTS): the checker forks a child that runs
the very same `patchlint hook run ARGS` on those descriptors, so what is printed, where and
in which order, and the exit status are those of the in-process command. Anything unusual
(no git dir, a socket that is not ours, a checker that does not start or goes away
mid-mail) falls back to that in-process command; `PATCHLINT_RESIDENT=0` always does.

The checker is found by a key: the socket is `<git dir>/patchlint/checker/<key>.sock`
(directory 0700, socket 0600, owner checked before connecting) where the key digests
patchlint's version and install (package folder, interpreter, `__init__.py`'s mtime), the
working directory, the hook's options and the environment. An upgrade, another checkout or
another environment never reaches an old checker. The configuration (.patchlint.toml) is
read afresh for every mail by the child, as the command does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import sys
import time

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# git >= 2.42's per-mail counters: sent with each mail, never part of the key
PER_MAIL = ("GIT_SENDEMAIL_FILE_COUNTER", "GIT_SENDEMAIL_FILE_TOTAL")
NOT_KEYED = (*PER_MAIL, "_")  # `_`: the last command a shell ran
START_SECONDS = 60.0  # a loaded machine can take this long to start the checker
MAX_REPLY = 4096


# the command lines a checker runs: the hook's, and b4's per-patch check commands
COMMANDS = (("hook", "run"), ("check",))


def fallback(args: list[str]) -> None:
    """Run the command in this process's place (what the hook ran before a checker)."""
    os.execv(sys.executable, [sys.executable, "-m", "patchlint", *args])


def git_dir() -> str | None:
    """GIT_DIR as send-email sets it, else `.git` of the working directory."""
    path = os.environ.get("GIT_DIR") or ".git"
    path = os.path.join(os.getcwd(), path)
    return path if os.path.isdir(path) else None


def version_stamp() -> str:
    """patchlint's version line and when its `__init__.py` was written (a reinstall of
    the same version rewrites it)."""
    init = os.path.join(PACKAGE, "__init__.py")
    try:
        with open(init, encoding="utf-8") as f:
            text = f.read()
        mtime = os.stat(init).st_mtime_ns
    except OSError:
        return "unknown"
    line = next((ln for ln in text.splitlines() if ln.startswith("__version__")), "")
    return f"{line}\0{mtime}"


def checker_key() -> str:
    """What a checker must share with this mail's hook to check it (the command line is
    not part of it: the child reads it, and the configuration it names, for each mail)."""
    env = sorted((k, v) for k, v in os.environ.items() if k not in NOT_KEYED)
    parts = [version_stamp(), PACKAGE, sys.executable, os.getcwd(), json.dumps(env)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def private_folder(path: str) -> bool:
    """Make `path` (mode 0700) and tell whether it is ours and nobody else's."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077:
            os.chmod(path, 0o700)  # ours, made under a loose umask: tighten it
            st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def connect(folder: str, name: str) -> socket.socket | None:
    """A connection to the checker listening on `folder/name`, if it is there and ours
    (the socket is named relative to its folder: a git dir's path can be longer than a
    socket address may be)."""
    try:
        st = os.lstat(os.path.join(folder, name))
    except OSError:
        return None
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    here = os.open(".", os.O_RDONLY)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.chdir(folder)
        conn.connect(name)
    except OSError:
        conn.close()
        return None
    finally:
        os.fchdir(here)
        os.close(here)
    return conn


def ask(conn: socket.socket, args: list[str]) -> int | None:
    """Have the checker check this mail on our descriptors; its exit status, or None when
    it went away before answering."""
    request = json.dumps(
        {
            "args": args,
            "cwd": os.getcwd(),
            "env": {name: os.environ.get(name) for name in PER_MAIL},
        }
    ).encode()
    try:
        with conn:
            socket.send_fds(conn, [len(request).to_bytes(4, "big") + request], [0, 1, 2])
            reply = b""
            while len(reply) < MAX_REPLY:
                chunk = conn.recv(MAX_REPLY)
                if not chunk:
                    break
                reply += chunk
    except OSError:
        return None
    try:
        code = json.loads(reply)["code"]
    except (ValueError, KeyError, TypeError):
        return None
    return code if isinstance(code, int) else None


def start(folder: str, name: str) -> socket.socket | None:
    """Start the checker (one at a time: under a lock) and connect to it once it listens."""
    import fcntl
    import subprocess

    with open(os.path.join(folder, name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        conn = connect(folder, name)  # another hook started it meanwhile
        if conn is not None:
            return conn
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, name))  # a checker that died left it
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "patchlint.cli.checker", folder, name],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # not in git's process group; no terminal
            )
        except OSError:
            return None
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and child.poll() is None:
            conn = connect(folder, name)
            if conn is not None:
                return conn
            time.sleep(0.01)
        if child.poll() is None:
            child.kill()
            child.wait()
        return None


def main(args: list[str]) -> None:
    """`hookclient.py hook run [OPTIONS] -- PATCH [HEADER]` (the installed hook) or
    `hookclient.py check ...` (b4's per-patch check command): patchlint's command line."""
    if (
        os.environ.get("PATCHLINT_RESIDENT") == "0"
        or not sys.platform.startswith("linux")  # SO_PEERCRED, pidfds, /proc: Linux only
        or not any(tuple(args[: len(words)]) == words for words in COMMANDS)
    ):
        fallback(args)
    where = git_dir()
    if where is None:
        fallback(args)  # the command says why
        return
    folder = os.path.join(where, "patchlint", "checker")
    if not private_folder(folder):
        fallback(args)
    name = checker_key() + ".sock"
    conn = connect(folder, name) or start(folder, name)
    code = ask(conn, args) if conn is not None else None
    if code is None:
        fallback(args)
    sys.exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
