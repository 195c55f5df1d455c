#!/usr/bin/env bash
# Long runs of the property tests in tests/suite/hardening.rs (front matter,
# comparison data, shortcodes, Markdown): many more cases than CI's 256, each
# target bounded in time. A failure prints the minimal input; turn it into a
# named regression test at the end of hardening.rs and fix the bug.
# Usage: scripts/fuzz.sh [cases per target, default 100000] [seconds per target, default 300]
set -uo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
seconds="${2:-300}"
cargo test --release --test main --no-run --quiet || exit 1
status=0
for target in front_matter_never_panics comparison_data_never_panics \
              mutated_comparison_data_never_panics markdown_never_panics; do
    echo "== $target: $cases cases, at most ${seconds}s"
    start=$(date +%s)
    PROPTEST_CASES="$cases" timeout "$seconds" \
        cargo test --release --quiet --test main "hardening::$target" -- --exact "suite::hardening::$target"
    rc=$?
    echo "   exit $rc after $(( $(date +%s) - start ))s (124: time limit reached, no failure)"
    if [ "$rc" != 0 ] && [ "$rc" != 124 ]; then status=1; fi
done
exit $status
