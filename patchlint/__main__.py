"""`python -m patchlint` runs the command line."""

from patchlint.cli import main

main()
