#!/bin/sh
# Rebuild the shipped ops-struct KBs (patchlint/data/kb/*.json and their member index,
# index.sqlite) from Debian's packages:
#   linux-source-6.1  (bookworm)   -> linux-6.1.json
#   linux-source-6.12 (trixie)     -> linux-6.12.json
#   xen source        (trixie)     -> xen-4.20.json   (orig tarball via apt-get source)
#
# Usage: tools/build-kb.sh [OUTDIR]     (default: patchlint/data/kb of this checkout)
# Env:   KB_WORK=DIR   keep downloads and unpacked headers there (default: a temp dir,
#                      removed at exit)
#        PYTHON=...    interpreter that can import this checkout's patchlint (default python3)
#
# Uses a private apt configuration (its own sources, lists and cache under the work dir):
# the machine's apt setup is not touched. Only the headers the KB is built from are unpacked.
#
# Each KB records the day its series was first released upstream (not the Debian point
# release it is built from): ops-prototype-mismatch weighs a patch's date against it. A
# source tree does not say, so the dates are here; add one with each new series.
set -eu

released() {
    case $1 in
        linux-6.1) echo 2022-12-11 ;;
        linux-6.12) echo 2024-11-17 ;;
        xen-4.20) echo 2025-03-05 ;;
        *) echo "no release date known for $1: add it to released() in $0" >&2; exit 1 ;;
    esac
}

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/patchlint/data/kb}
python=${PYTHON:-python3}
if [ -n "${KB_WORK:-}" ]; then
    work=$KB_WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$out" "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/dl"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=http://deb.debian.org/debian
cat > "$work/apt/sources.list" <<EOF
deb [signed-by=$keyring] $mirror bookworm main
deb [signed-by=$keyring] $mirror trixie main
deb-src [signed-by=$keyring] $mirror trixie main
EOF
apt_opts="-o Dir::Etc::SourceList=$work/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
 -o Dir::State::Lists=$work/apt/lists -o Dir::Cache=$work/apt/cache
 -o Dir::State::status=/var/lib/dpkg/status -o APT::Sandbox::User=root -q"

echo "== apt metadata (private lists in $work/apt)"
# shellcheck disable=SC2086
apt-get $apt_opts update >/dev/null

cd "$work/dl"
# the Linux headers each KB is built from (globs relative to the tree), from patchlint itself
globs=$(cd "$here" && "$python" -c \
    'from patchlint.c.kb.build import LINUX_HEADERS; print(" ".join(LINUX_HEADERS))')

for series in 6.1 6.12; do
    pkg=linux-source-$series
    echo "== $pkg"
    # shellcheck disable=SC2086
    apt-get $apt_opts download "$pkg" >/dev/null
    deb=$(ls -t "$pkg"_*_all.deb | head -n 1)
    debver=$(dpkg-deb -f "$deb" Version)
    rm -rf "$work/$pkg"
    set -f
    wildcards=""
    for g in $globs; do wildcards="$wildcards $pkg/$g"; done
    # shellcheck disable=SC2086
    dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" \
        | tar -xJ -C "$work" --wildcards --no-wildcards-match-slash "$pkg/Makefile" $wildcards
    set +f
    (cd "$here" && "$python" -m patchlint kb build --tree "$work/$pkg" \
        --origin "Debian $pkg $debver" --released "$(released "linux-$series")" \
        -o "$out/linux-$series.json")
done

echo "== xen (source package, trixie)"
mkdir -p "$work/dl/xen"
cd "$work/dl/xen"
# apt-get source fetches the .dsc, orig and debian tarballs; only the orig tarball is needed
# (some mirrors refuse the .dsc: that is not fatal as long as the orig tarball arrived)
# shellcheck disable=SC2086
apt-get $apt_opts source --download-only xen/trixie >/dev/null 2>&1 || true
orig=$(ls -t xen_*.orig.tar.* 2>/dev/null | head -n 1 || true)
if [ -z "$orig" ]; then
    echo "no xen orig tarball could be fetched: xen KB not rebuilt" >&2
    exit 1
fi
xenver=$(echo "$orig" | sed 's/^xen_\(.*\)\.orig\.tar\..*$/\1/')
top=$(tar -tf "$orig" | head -n 1 | cut -d/ -f1)
case $top in xen-*) ;; *) echo "unexpected layout of $orig ($top)" >&2; exit 1 ;; esac
rm -rf "${work:?}/$top"
tar -xf "$orig" -C "$work" --wildcards "$top/xen/Makefile" "$top/xen/*.h"
tree=$work/$top
series=$(echo "$xenver" | cut -d. -f1-2)
(cd "$here" && "$python" -m patchlint kb build --tree "$tree" \
    --origin "Debian source package xen $xenver (orig tarball)" \
    --released "$(released "xen-$series")" -o "$out/xen-$series.json")
# the member index rules read one member from (patchlint/c/kb/index.py)
(cd "$here" && "$python" -m patchlint kb index "$out")
ls -l "$out"
