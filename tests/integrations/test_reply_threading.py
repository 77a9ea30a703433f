"""The replies `review -f email` writes thread under the mails they answer in a real
archive: the original threads and the replies are delivered to a public-inbox v2 archive
(Debian's public-inbox) and public-inbox's own threading (PublicInbox::SearchThread, what its
web view and mbox downloads use) must put each reply under its parent.

The threads: three real linux-hyperv threads whose Message-IDs are too long for one header
line (stgit's and a VM's host name: the composer used to RFC 2047-encode them, and nothing
threaded), and a synthetic v1/v2 series with a cover letter, long ids, a list tag in the
subjects and a hostile Cc (`.@.`, which crashed the composer)."""

from __future__ import annotations

import email
import email.policy
import mailbox
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

from patchlint.ingest import iter_raw, parse_message
from patchlint.model.subject import reply_base
from tests.conftest import CORPUS, ROOT, require, require_program
from tests.integrations.test_bot_public_inbox import PublicInbox
from tests.report.mail import PATCH_BODY, mail

SLICE = CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"
REAL_ROOTS = {  # real threads of the slice, each rooted at a Message-ID too long for a line
    "177869813422.18773.515308662914055136.stgit@skinsburskii-cloud-desktop.internal"
    ".cloudapp.net",  # a five-patch series and its review
    "177238674748.34040.4319844213401541666.stgit@skinsburskii-cloud-desktop.internal.cloudapp.net",
    "aaFShvKnwR5FY8dH@linuxonhyperv3.guj3yctzbm1etfxqx2vob5hsef.xx.internal.cloudapp.net",
    "aaFusIxdbVkUqIpd@linuxonhyperv3.guj3yctzbm1etfxqx2vob5hsef.xx.internal.cloudapp.net",
}
LONG = ".stgit@skinsburskii-cloud-desktop.internal.cloudapp.net.example.org"

THREADS_OF = r"""
use strict; use warnings;
use PublicInbox::Config; use PublicInbox::SearchThread;
my $ibx = PublicInbox::Config->new->lookup_name(shift @ARGV) or die "no inbox\n";
for my $mid (@ARGV) {
    my $msgs = $ibx->over->get_thread($mid);
    my $roots = PublicInbox::SearchThread::thread($msgs,
        sub { @{$_[0]} = sort { $a->{ds} <=> $b->{ds} } @{$_[0]} }, { ibx => $ibx });
    my @queue = map { [$_, ''] } @$roots;
    while (my $item = shift @queue) {
        my ($node, $up) = @$item;
        print "$node->{mid}\t$up\t", ($node->{blob} ? 1 : 0), "\n";
        push @queue, map { [$_, $node->{mid}] } @{$node->{children}};
    }
}
"""


def real_threads() -> list[bytes]:
    """The slice's mails of the REAL_ROOTS threads, in archive order."""
    out = []
    for _, raw in iter_raw([str(require(SLICE))]):
        msg = parse_message(raw)
        root = msg.references[0] if msg.references else msg.in_reply_to or msg.message_id
        if root in REAL_ROOTS:
            out.append(raw)
    return out


def synthetic_series() -> list[bytes]:
    """v1 and v2 of a two-patch series with a cover letter, long stgit-like ids, a
    `[Xen-devel]` tag and a hostile Cc on the patches; v2's cover has no changelog (a
    finding about the cover) and each patch adds a line with trailing whitespace (another
    in each version: a finding v1 had is not mailed again for v2)."""
    mails = []
    for version in (1, 2):
        cover = f"17720000000{version}.1{LONG}"
        tag = f"[Xen-devel] [PATCH v{version} 0/2] foo: add b and c"
        mails.append(
            mail(
                cover,
                tag,
                "Add b and c.\n\nThe cover.",
                date=f"Mon, {version} Jan 2024 10:00:00 +0000",
            )
        )
        for n in (1, 2):
            mails.append(
                mail(
                    f"17720000000{version}.{n + 1}{LONG}",
                    f"[Xen-devel] [PATCH v{version} {n}/2] foo: add b and c ({n})",
                    PATCH_BODY.format(intro="Add b and c.", code=f" /* v{version} */", space="   "),
                    cc="Bob Reviewer <bob@example.org>, .@., Name <.@.>",
                    in_reply_to=cover,
                    references=(cover,),
                    date=f"Mon, {version} Jan 2024 10:0{n}:00 +0000",
                )
            )
    return [m.split("\n", 1)[1].encode() for m in mails]  # without the mbox From line


def parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_each_reply_sits_under_its_parent_in_public_inbox(tmp_path: Path) -> None:
    require_program("perl")
    originals = real_threads() + synthetic_series()
    assert len(originals) > 14
    box = mailbox.mbox(tmp_path / "threads.mbox")
    for raw in originals:
        box.add(raw)
    box.close()
    out = tmp_path / "replies"
    # where replies sit, not what they say: this list has every rule's findings mailed, the
    # revision and trailer notes raised to warnings so that there are replies to place
    config = tmp_path / "every-rule.toml"
    every = ", ".join(f'{p} = "warning"' for p in ("linux", "xen-hypervisor", "xen-tools", "other"))
    config.write_text(
        '[bot]\nmail-rules = ["CS", "MA", "PR", "RV", "SP", "ST", "TR", "XS"]\n'
        f"[profiles.rules]\nRV = {{ {every} }}\nTR = {{ {every} }}\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(tmp_path / "threads.mbox"),
            "-f",
            "email",
            "-o",
            str(out),
            "--fail-on",
            "never",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    # the hostile Cc was dropped and said, once per reply to a v2 patch (`Name <.@.>` is the
    # same address again)
    assert (
        done.stderr.count("Cc: '.@.': not an address the mail library reads back; address dropped")
        == 2
    )
    replies = [p.read_bytes() for p in sorted(out.glob("*.eml"))]
    by_id = {parse_message(raw).message_id: parse(raw) for raw in originals}
    mine = {parse_message(raw).message_id: parse(raw) for raw in replies}
    assert len(mine) == len(replies) >= 5

    inbox = PublicInbox(tmp_path)
    inbox.deliver(originals + replies)
    listing = subprocess.run(
        ["perl", "-e", THREADS_OF, "xen-devel", *mine],
        env=inbox.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    parent = {}
    for line in listing.splitlines():
        mid, up, has_mail = line.split("\t")
        parent[mid] = (up, has_mail == "1")
    for mid, reply in mine.items():
        assert reply["In-Reply-To"] is not None and "=?" not in str(reply["References"])
        up, delivered = parent[mid]
        assert delivered, mid
        assert up in by_id, (reply["Subject"], up)  # under a real mail, not a ghost or root
        answered = by_id[up]
        assert str(reply["Subject"]) == f"Re: {reply_base(str(answered['Subject']))}"
        assert "[Xen-devel]" not in str(reply["Subject"])
    # v2 answered: its cover (the missing changelog) and both patches; v1 superseded
    v2 = {mid for mid in by_id if mid.startswith("177200000002.")}
    v1 = {mid for mid in by_id if mid.startswith("177200000001.")}
    answered = {parent[mid][0] for mid in mine}
    assert v2 <= answered and not v1 & answered
