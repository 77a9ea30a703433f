"""Rebuild the `unseen` group's list (docs/precision.md) from a public-inbox v2 epoch.

The virtualization list (2019-2023, 27,573 mails) is public-inbox's epoch 0 of
virtualization@lists.linux-foundation.org, mirrored on GitHub as
`linux-mailinglist-archives/virtualization.lists.linux-foundation.org.0`: each commit of the
epoch adds one message as the blob `m`. This writes them, oldest first, as one gzip'd mboxrd
(a `>` added before every `From ` line, quoted or not, as mboxrd does):

    url=https://github.com/linux-mailinglist-archives
    git clone --mirror $url/virtualization.lists.linux-foundation.org.0 v.git
    python bench/precision/unseen_from_epoch.py v.git virtualization-2019-2023.mboxrd.gz
    PATCHLINT_UNSEEN_LIST=$PWD/virtualization-2019-2023.mboxrd.gz python bench/precision/run.py
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import threading
from pathlib import Path

_FROM = re.compile(rb"^(>*From )", re.M)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    epoch, out = Path(argv[0]), Path(argv[1])
    commits = subprocess.run(
        ["git", "--git-dir", str(epoch), "rev-list", "--reverse", "HEAD"],
        check=True,
        capture_output=True,
    ).stdout.split()
    # one `git cat-file --batch` for every message: a process per message is minutes
    with (
        subprocess.Popen(
            ["git", "--git-dir", str(epoch), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        ) as cat,
        gzip.open(out, "wb") as mbox,
    ):
        assert cat.stdin is not None and cat.stdout is not None
        stdin = cat.stdin

        def ask() -> None:  # from another thread: the answers fill the pipe meanwhile
            stdin.write(b"".join(c + b":m\n" for c in commits))
            stdin.close()

        threading.Thread(target=ask, daemon=True).start()
        written = 0
        for _ in commits:
            head = cat.stdout.readline().split()
            if len(head) != 3:  # `<commit>:m missing`: a deletion commit
                continue
            body = cat.stdout.read(int(head[2]))
            cat.stdout.read(1)
            mbox.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n")
            mbox.write(_FROM.sub(rb">\1", body.replace(b"\r\n", b"\n")).rstrip(b"\n"))
            mbox.write(b"\n\n")
            written += 1
    print(f"{written} messages from {len(commits)} commits -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
