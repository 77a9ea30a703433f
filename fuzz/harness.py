"""Coverage-guided fuzzing (atheris) of one of the checks in checks.py.

python fuzz/run.py mail|diff|cfrag|email SECONDS      (the usual way; see README.md)
python fuzz/harness.py TARGET CORPUS_DIR SEED_DIR [libFuzzer flags...]
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# the stdlib's email package too: its header parser and folder are what the `email` target
# drives with hostile values
with atheris.instrument_imports(include=["patchlint", "unidiff", "email"]):
    import email.headerregistry  # noqa: F401

    from fuzz.checks import CHECKS
    from fuzz.email_check import base_report
    from patchlint.engine.registry import default_registry

# the rules' check.py modules are loaded from files, past the import hook: instrument them
default_registry()
for _mod in [m for n, m in sys.modules.items() if n.startswith("patchlint_rules.")]:
    for _fn in list(vars(_mod).values()):
        if inspect.isfunction(_fn) and _fn.__module__ == _mod.__name__:
            atheris.instrument_func(_fn)

if len(sys.argv) > 1 and sys.argv[1] == "email":
    base_report()  # review the seed thread once, before fuzzing starts


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(CHECKS)} [libFuzzer arguments]")
    atheris.Setup([sys.argv[0], *sys.argv[2:]], CHECKS[sys.argv[1]])
    atheris.Fuzz()
