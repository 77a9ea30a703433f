"""Small synthetic threads for report tests: a cover letter and two patches whose diffs
give known findings, with room for hostile headers and bodies."""

from __future__ import annotations

from pathlib import Path

PATCH_BODY = """{intro}

Signed-off-by: Alice Author <alice@example.org>
---
 foo.c | 2 ++
 1 file changed, 2 insertions(+)

diff --git a/foo.c b/foo.c
index 1111111..2222222 100644
--- a/foo.c
+++ b/foo.c
@@ -1,3 +1,5 @@ int main(void)
 int a;
+int b;{code}{space}
+int c;
 int d;
 int e;
"""


def mail(
    msgid: str,
    subject: str,
    body: str,
    *,
    sender: str = "Alice Author <alice@example.org>",
    to: str = "xen-devel@lists.example.org",
    cc: str = "Bob Reviewer <bob@example.org>",
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    date: str = "Mon, 1 Jan 2024 10:00:00 +0000",
) -> str:
    headers = [
        f"From: {sender}",
        f"To: {to}",
        f"Cc: {cc}",
        f"Subject: {subject}",
        f"Date: {date}",
        f"Message-ID: <{msgid}>",
    ]
    if in_reply_to:
        headers.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        headers.append("References: " + " ".join(f"<{r}>" for r in references))
    headers += [
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    return (
        "From alice@example.org Mon Jan  1 10:00:00 2024\n"
        + "\n".join(headers)
        + ("\n\n" + body.rstrip("\n") + "\n\n")
    )


def series_mbox(
    path: Path,
    *,
    title: str = "foo: add b and c",
    cover: bool = True,
    intro: str = "Add b and c.",
    sender: str = "Alice Author <alice@example.org>",
    code: str = "",
    replies: tuple[str, ...] = (),
) -> Path:
    """A v1 series: an optional cover letter and two patches, each adding a line with
    trailing whitespace (ST004, `code` inserted before it) to foo.c, and `replies` (bodies)
    from Bob to patch 1; written as an mbox at `path`."""
    parts = []
    refs: tuple[str, ...] = ()
    if cover:
        parts.append(
            mail(
                "cover@example.org", f"[PATCH 0/2] {title}", f"{intro}\n\nThe cover.", sender=sender
            )
        )
        refs = ("cover@example.org",)
    for n in (1, 2):
        parts.append(
            mail(
                f"patch{n}@example.org",
                f"[PATCH {n}/2] {title} ({n})",
                PATCH_BODY.format(intro=intro, code=code, space="   "),
                sender=sender,
                in_reply_to=refs[0] if refs else None,
                references=refs,
                date=f"Mon, 1 Jan 2024 10:0{n}:00 +0000",
            )
        )
    for n, text in enumerate(replies, 1):
        parts.append(
            mail(
                f"reply{n}@example.org",
                f"Re: [PATCH 1/2] {title} (1)",
                text,
                sender="Bob Reviewer <bob@example.org>",
                to="Alice Author <alice@example.org>",
                cc="xen-devel@lists.example.org",
                in_reply_to="patch1@example.org",
                references=(*refs, "patch1@example.org"),
                date=f"Mon, 1 Jan 2024 11:{n:02d}:00 +0000",
            )
        )
    path.write_text("".join(parts), encoding="utf-8")
    return path


SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'


def hostile_mbox(path: Path) -> Path:
    """A thread whose subject, commit message, added code and review reply carry markup that
    would run script if a report did not escape it."""
    return series_mbox(
        path,
        title=f"net: {SCRIPT} {IMG}",
        intro=f"Fix {SCRIPT} and {IMG}.",
        code=f" /* {SCRIPT} {IMG} */",
        replies=(
            f"""On Mon, 1 Jan 2024, Alice Author wrote:
> diff --git a/foo.c b/foo.c
> --- a/foo.c
> +++ b/foo.c
> @@ -1,3 +1,5 @@ int main(void)
>  int a;
> +int b; /* {SCRIPT} {IMG} */

This line is wrong: {IMG} {SCRIPT}

Bob
""",
        ),
    )
