"""`python -m bench.precision`: the same as `python bench/precision/run.py`."""

from bench.precision.run import main

raise SystemExit(main())
