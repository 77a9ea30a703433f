#!/usr/bin/env python3
"""Rewrite old-format rule.toml files (`severity` + `projects`) with a `[profiles]` table,
so a rule folder written before project profiles (a branch, an out-of-tree rule) loads
again. Every other line stays as written (comments, `default = false`, the docs).

  python tools/migrate-rule-profiles.py rules/*/rule.toml

`projects = ["any"]` puts the severity on every profile; a list puts it on the profiles it
names and `off` on the rest (`other`, which the old vocabulary did not have, included: a
Linux rule does not judge QEMU's code). The levels are today's, not measured ones: set each
from bench/precision afterwards (rules/README.md) and re-run tools/gen-rules-doc.py.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PROFILES = ("linux", "xen-hypervisor", "xen-tools", "other")
OLD_KEY = re.compile(r"^(?:severity|projects)\s*=")


def migrated(text: str) -> str | None:
    """The file with `[profiles]` in place of `severity`/`projects`; None when it has none."""
    data = tomllib.loads(text)
    if "severity" not in data and "projects" not in data:
        return None
    severity, projects = str(data["severity"]), [str(p) for p in data["projects"]]
    on = set(PROFILES) if "any" in projects else set(projects)
    lines = [ln for ln in text.splitlines(keepends=True) if not OLD_KEY.match(ln)]
    table = [
        "[profiles]\n",
        *(f'{p} = "{severity if p in on else "off"}"\n' for p in PROFILES),
        "\n",
    ]
    first_table = next((i for i, ln in enumerate(lines) if ln.startswith("[")), len(lines))
    lines[first_table:first_table] = table
    return "".join(lines)


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        text = migrated(path.read_text(encoding="utf-8"))
        if text is None:
            continue
        path.write_text(text, encoding="utf-8")
        print(f"migrated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
