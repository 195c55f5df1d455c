#!/usr/bin/env bash
# Proves the repository stands alone: clones the commit checked out here into
# an empty temporary folder and runs `scripts/test --no-browser` in the clone,
# so a test that reads a file outside the repository (or one not committed)
# fails here rather than on a newcomer's machine. Uncommitted changes are not
# in the clone: commit first.
#
# The clone builds into its own target folder, target/clone-check/ here
# (VERSUS_CLONE_TARGET to change it), kept between runs so that compiled
# dependencies are reused; the versus crate itself is always rebuilt, as
# every file of a fresh clone is newer than the last build. The first run
# compiles everything (a few minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
commit=$(git rev-parse HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "note: uncommitted changes are not tested by the clone check" >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet --no-checkout --no-hardlinks "$repo" "$work/versus"
git -C "$work/versus" checkout --quiet --detach "$commit"
target="${VERSUS_CLONE_TARGET:-$repo/target/clone-check}"
echo "clone of $(git rev-parse --short HEAD) in $work/versus, target folder $target"
cd "$work/versus"
VERSUS_IN_CLONE=1 CARGO_TARGET_DIR="$target" bash scripts/test --no-browser
