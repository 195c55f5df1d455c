#!/usr/bin/env bash
# Longer differential test of `versus serve` rebuilds: random seeds, more steps.
# Usage: scripts/serve-differential.sh [RUNS] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
steps=${2:-400}
for _ in $(seq "$runs"); do
    seed=$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')
    echo "seed $seed, $steps steps"
    VERSUS_DIFF_SEED=$seed VERSUS_DIFF_STEPS=$steps \
        cargo test --release --test serve differential -- --nocapture
done
