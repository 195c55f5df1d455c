#!/usr/bin/env bash
# Proves the repository stands alone: clones the commit checked out here into
# an empty temporary folder and runs `scripts/test --no-browser` in the clone,
# so a test that reads a file outside the repository (or one not committed)
# fails here rather than on a newcomer's machine. Uncommitted changes are not
# in the clone: commit first.
#
# The clone builds into this checkout's target folder (VERSUS_CLONE_TARGET to
# change it), so the dependencies compiled for the tests here are reused
# (they do not depend on where the crate is); the versus crate of the clone
# is built apart from this one's, as cargo names a crate's build by its path.
# Only target/debug/versus is shared by name: after the check it is the
# clone's (the same commit), and the next build here replaces it.
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
target="${VERSUS_CLONE_TARGET:-${CARGO_TARGET_DIR:-$repo/target}}"
echo "clone of $(git rev-parse --short HEAD) in $work/versus, target folder $target"
cd "$work/versus"
VERSUS_IN_CLONE=1 CARGO_TARGET_DIR="$target" bash scripts/test --no-browser
