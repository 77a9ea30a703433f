"""Patch series as a list delivers them, for the bot tests: a cover letter and n/m patches
threaded under it; a patch with a wrong ndo prototype (a finding the bot must mail) or a
clean one."""

from __future__ import annotations

import os
import time
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

BAD_DIFF = """\
diff --git a/drivers/net/{drv}/{drv}_main.c b/drivers/net/{drv}/{drv}_main.c
index 1111111..2222222 100644
--- a/drivers/net/{drv}/{drv}_main.c
+++ b/drivers/net/{drv}/{drv}_main.c
@@ -10,6 +10,12 @@ static int {drv}_open(struct net_device *dev)
 \treturn 0;
 }}
\x20
+static u32 {drv}_fix_features(struct {drv}_priv *priv, u32 features)
+{{
+\treturn features;
+}}
+
 static const struct net_device_ops {drv}_netdev_ops = {{
 \t.ndo_open\t= {drv}_open,
+\t.ndo_fix_features = {drv}_fix_features,
 }};
"""

CLEAN_DIFF = """\
diff --git a/drivers/net/{drv}/Makefile b/drivers/net/{drv}/Makefile
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/drivers/net/{drv}/Makefile
@@ -0,0 +1 @@
+obj-$(CONFIG_{upper}) += {drv}_main.o
"""

LIST = "netdev@example.org"
LIST_ID = "<netdev.example.org>"
DATE = 1741600800.0  # 2025-03-10 10:00 UTC: inside the shipped ops-struct KB's era


def mail(
    mid: str,
    subject: str,
    author: str,
    body: str,
    *,
    date: float = DATE,
    in_reply_to: str | None = None,
    extra: dict[str, str] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = author
    msg["To"] = LIST
    msg["Subject"] = subject
    msg["Date"] = formatdate(date)
    msg["Message-ID"] = f"<{mid}>"
    msg["List-Id"] = LIST_ID
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = f"<{in_reply_to}>"
    for name, value in (extra or {}).items():
        msg[name] = value
    msg.set_content(body)
    return bytes(msg)


def series(
    drv: str,
    author: str,
    *,
    bad: bool,
    version: int = 1,
    total: int = 2,
    cover: bool = True,
    extra: dict[str, str] | None = None,
    in_reply_to: str | None = None,
    bad_at: int | None = None,
) -> list[bytes]:
    """`total` patches under a cover; patch `bad_at` (default: the last one, when `bad`)
    assigns a function with the wrong prototype to ndo_fix_features."""
    bad_at = bad_at or (total if bad else None)
    tag = "PATCH" if version == 1 else f"PATCH v{version}"
    base = f"{drv}.v{version}"
    out = []
    parent = None
    if cover:
        parent = f"{base}.0@example.org"
        out.append(
            mail(
                parent,
                f"[{tag} 0/{total}] {drv}: feature work",
                author,
                f"This series reworks {drv}.\n",
                extra=extra,
                in_reply_to=in_reply_to,
            )
        )
    for i in range(1, total + 1):
        diff = (BAD_DIFF if i == bad_at else CLEAN_DIFF).format(drv=drv, upper=drv.upper())
        if i != bad_at and i > 1:
            diff = diff.replace("Makefile", f"Kconfig{i}")
        body = f"Step {i} of the {drv} rework.\n\nSigned-off-by: {author}\n---\n{diff}"
        out.append(
            mail(
                f"{base}.{i}@example.org",
                f"[{tag} {i}/{total}] {drv}: step {i}",
                author,
                body,
                in_reply_to=parent,
                extra=extra,
            )
        )
    return out


def deliver(maildir: Path, raws: list[bytes]) -> None:
    """Into maildir/new the way an MDA does (tmp/, then a rename)."""
    for sub in ("tmp", "new", "cur"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for raw in raws:
        name = f"{time.time():.6f}.{os.getpid()}_{time.perf_counter_ns()}.test"
        (maildir / "tmp" / name).write_bytes(raw)
        os.replace(maildir / "tmp" / name, maildir / "new" / name)
