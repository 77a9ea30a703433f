"""Coverage-guided fuzzing of checks.check_mail (see checks.py for what it asserts).

    python fuzz/run.py mail SECONDS        (or: python fuzz/fuzz_mail.py CORPUS_DIR SEED_DIR ...)
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["patchlint", "unidiff"]):
    from fuzz.checks import check_mail
    from patchlint.engine.registry import default_registry

# the rules' check.py modules are loaded from files, past the import hook: instrument them
default_registry()
for _mod in [m for n, m in sys.modules.items() if n.startswith("patchlint_rules.")]:
    for _fn in list(vars(_mod).values()):
        if inspect.isfunction(_fn) and _fn.__module__ == _mod.__name__:
            atheris.instrument_func(_fn)


if __name__ == "__main__":
    atheris.Setup(sys.argv, check_mail)
    atheris.Fuzz()
