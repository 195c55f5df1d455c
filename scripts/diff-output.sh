#!/usr/bin/env bash
# Build the same sites with two versus binaries and compare the outputs byte
# for byte (for refactors that must not change what a build writes).
# Usage: scripts/diff-output.sh OLD_BIN NEW_BIN [SITE_DIR...]
#   Without SITE_DIRs: the demo site (the repo root) and every fixture site
#   under tests/fixtures/. A site OLD_BIN fails to build must fail with
#   NEW_BIN too (same messages); a site that builds must give the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN [SITE_DIR...]" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
sites=("$@")
[ ${#sites[@]} -gt 0 ] || sites=("$PWD" tests/fixtures/*/)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for site in "${sites[@]}"; do
    site=$(realpath "$site")
    for which in old new; do
        bin=$old; [ "$which" = new ] && bin=$new
        # The summary line holds the build time: everything else must match.
        if "$bin" build --root "$site" --output "$work/$which" >"$work/$which.log" 2>&1; then
            echo ok >"$work/$which.status"
        else
            echo failed >"$work/$which.status"
        fi
        grep -v '^Built \|in [0-9.]*m\?s$' "$work/$which.log" >"$work/$which.msgs" || true
    done
    if ! cmp -s "$work/old.status" "$work/new.status" || ! cmp -s "$work/old.msgs" "$work/new.msgs"; then
        echo "DIFFERS  $site: build $(cat "$work/old.status") → $(cat "$work/new.status")"
        diff "$work/old.log" "$work/new.log" | head -20
        status=1
    elif [ "$(cat "$work/old.status")" = failed ]; then
        echo "same     $site (does not build, same messages)"
    elif diff -r "$work/old" "$work/new" >"$work/diff" 2>&1; then
        echo "same     $site ($(find "$work/new" -type f | wc -l) files)"
    else
        echo "DIFFERS  $site"
        head -20 "$work/diff"
        status=1
    fi
    rm -rf "${work:?}/old" "${work:?}/new"
done
exit $status
