#!/usr/bin/env bash
# Refactorings must not change what patchlint says: write the JSON reports of the seed threads
# (with and without Xen's MAINTAINERS), the linux-hyperv slice and (with --archive) the whole
# archive, into OUT; with BASE, compare each with the same file there and name those that differ.
#   bench/report_identity.sh OUT [BASE] [--archive]
set -uo pipefail
# The reports name their inputs, so inputs are given by the same relative paths from a scratch
# directory (fixtures/ and shared/ linked into it): reports made from different checkouts
# (worktrees) compare equal.
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd); base=${2:+$(cd "$2" && pwd)}; archive=${3:-}
shared=${PATCHLINT_SHARED:-$(cd "$repo/.." && pwd)/shared}
py=${PYTHON:-$repo/.venv/bin/python}
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
ln -s "$repo/fixtures" "$scratch/fixtures"; ln -s "$shared" "$scratch/shared"
cd "$scratch" || exit 2
s=shared
run() { PYTHONPATH="$repo" "$py" -m patchlint review "$@"; }
for f in fixtures/threads/*.mbox; do
    n=$(basename "$f" .mbox)
    run "$f" -f json -o "$out/$n.json"
    run "$f" -f json --maintainers "$s/corpus/xen-docs/MAINTAINERS" -o "$out/$n.maint.json"
done
run "$s/corpus/lists/linux-hyperv-last3000.mboxrd.gz" -f json -o "$out/slice.json"
if [ "$archive" = --archive ]; then
    run "$s/corpus/lists/linux-hyperv-epoch0.mboxrd.gz" -f json --jobs 2 -o "$out/archive.json"
fi
[ -n "$base" ] || exit 0
status=0
for f in "$out"/*.json; do
    if cmp -s "$f" "$base/$(basename "$f")"; then echo "same    $(basename "$f")"
    else echo "DIFFERS $(basename "$f")"; status=1; fi
done
exit $status
