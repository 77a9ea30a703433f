"""A two-revision series as b4 prep would post it, made from a scratch repository: v1 with a
cover letter carrying `base-commit:` and `change-id:`, a reviewer's Acked-by on its first
patch; v2 re-titled, in a thread of its own, with the same change-id, a changelog, the
reviewer's Acked-by (given on v1) and a Reviewed-by nobody gave (the series checks' TR001)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.integrations.gitrepo import BAD_FN, BAD_MEMBER, GOOD_FN, GOOD_MEMBER, Repo

CHANGE_ID = "20250310-dummy-ops-5a1b2c3d4e5f"
LIST = "xen-devel@lists.xensource.com"
ACK = "Acked-by: Rita Reviewer <rita@example.org>"
# Bob reviewed v1 without giving a tag; v2 carries one from him anyway (the list contradicts
# it: contradicted-trailer), and Rita's ack twice (duplicate-trailer, judged without v1)
UNGIVEN = "Reviewed-by: Bob Builder <bob@builders.dev>"
FIXED_FN = BAD_FN.replace(
    "static u32 dummy_fix_features(struct dummy_priv *priv, u32 features)",
    "static netdev_features_t dummy_fix_features(struct net_device *dev,\n"
    "\t\t\t\t\t    netdev_features_t features)",
)
DAYS = {1: "Sun, 09 Mar", 2: "Mon, 10 Mar"}  # v1 the day before v2 (b4 searches by date)
_SPLIT = re.compile(rb"^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\n", re.M)


@dataclass(frozen=True)
class Series:
    base: str  # the commit both revisions apply to
    v1: list[bytes]  # cover, patches, the reviewer's reply
    v2: list[bytes]  # cover, patches

    @property
    def v2_cover(self) -> str:
        return msgid(2, 0)

    @property
    def v1_cover(self) -> str:
        return msgid(1, 0)


def msgid(version: int, index: int) -> str:
    return f"{CHANGE_ID}-v{version}-{index}@example.org"


def _mails(
    repo: Repo,
    base: str,
    version: int,
    title: str,
    blurb: str,
    minute: int,
    trailers: tuple[str, ...] = (),
) -> list[bytes]:
    args = ["format-patch", "--stdout", "--cover-letter", f"--base={base}", "--no-thread"]
    if version > 1:
        args.append(f"-v{version}")
    out = repo.git(*args, f"{base}..HEAD").stdout.encode()
    chunks = [c for c in _SPLIT.split(out) if c.strip()]
    mails: list[bytes] = []
    for index, chunk in enumerate(chunks):
        head, _, body = chunk.partition(b"\n\n")
        lines = [
            ln
            for ln in head.split(b"\n")
            if not ln.lower().startswith((b"date:", b"message-id:", b"to:"))
        ]
        lines += [
            f"To: {LIST}".encode(),
            f"Date: {DAYS[version]} 2025 11:{minute + index:02d}:00 +0000".encode(),
            f"Message-ID: <{msgid(version, index)}>".encode(),
        ]
        if index:
            lines += [
                f"In-Reply-To: <{msgid(version, 0)}>".encode(),
                f"References: <{msgid(version, 0)}>".encode(),
            ]
        text = b"\n".join(lines).replace(b"*** SUBJECT HERE ***", title.encode())
        body = body.replace(b"*** BLURB HERE ***", blurb.encode())
        if index == 0:
            body = re.sub(
                rb"(?m)^(base-commit: [0-9a-f]+)$", rb"\1\nchange-id: " + CHANGE_ID.encode(), body
            )
        elif index == 1 and trailers:
            body = re.sub(
                rb"(?m)^(Signed-off-by: .*)$",
                lambda m: m.group(1) + b"\n" + "\n".join(trailers).encode(),
                body,
                count=1,
            )
        mails.append(text + b"\n\n" + body)
    return mails


def _reply(to_index: int, subject: str) -> bytes:
    return (
        f"From: Rita Reviewer <rita@example.org>\nTo: {LIST}\n"
        f"Subject: Re: [PATCH 1/2] {subject}\n"
        f"Date: {DAYS[1]} 2025 15:00:00 +0000\n"
        f"Message-ID: <{CHANGE_ID}-rita@example.org>\n"
        f"In-Reply-To: <{msgid(1, to_index)}>\n"
        f"References: <{msgid(1, 0)}> <{msgid(1, to_index)}>\n\n"
        "> implement ndo_change_mtu\n\nLooks right to me.\n\n"
        f"{ACK}\n"
    ).encode()


def make_series(repo: Repo) -> Series:
    """Both revisions, posted from branches of `repo` (left on v2's branch)."""
    base = repo.git("rev-parse", "HEAD").stdout.strip()
    repo.git("checkout", "-q", "-b", "v1")
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu")
    repo.add_op(BAD_FN, BAD_MEMBER)
    repo.commit("dummy: add ndo_fix_features")
    v1 = _mails(repo, base, 1, "dummy: two ndo callbacks", "Two callbacks for the driver.", 0)
    v1.append(_reply(1, "dummy: implement ndo_change_mtu"))
    v1.append(_bob_reply(1, "dummy: implement ndo_change_mtu"))
    repo.git("checkout", "-q", "-b", "v2", base)
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu")
    repo.add_op(FIXED_FN, BAD_MEMBER)
    repo.commit("dummy: add ndo_fix_features")
    v2 = _mails(
        repo,
        base,
        2,
        "dummy: ndo_change_mtu and ndo_fix_features",
        "Two callbacks for the driver.\n\nChanges in v2:\n- fix the dummy_fix_features() prototype",
        0,
        (ACK, UNGIVEN, ACK),
    )
    return Series(base, v1, v2)


def _bob_reply(to_index: int, subject: str) -> bytes:
    """Bob's review of a patch of v1: a question, no tag."""
    return (
        f"From: Bob Builder <bob@builders.dev>\nTo: {LIST}\n"
        f"Subject: Re: [PATCH {to_index}/2] {subject}\n"
        f"Date: {DAYS[1]} 2025 16:00:00 +0000\n"
        f"Message-ID: <{CHANGE_ID}-bob@example.org>\n"
        f"In-Reply-To: <{msgid(1, to_index)}>\n"
        f"References: <{msgid(1, 0)}> <{msgid(1, to_index)}>\n\n"
        "> implement ndo_change_mtu\n\nDoes this prototype match ndo_change_mtu?\n"
    ).encode()
