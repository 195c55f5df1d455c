#!/usr/bin/env bash
# Benchmark (not a test): write → reload-notice latency of `versus serve` on
# generated 1,000- and 10,000-page sites, default theme with every feature on
# (search and highlighting too, which are off by default). Needs node >= 20.
# Usage: benches/serve_latency.sh [SIZES...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin versus --example gen_corpus
sizes=("${@:-1000 10000}")
for n in ${sizes[@]}; do
    dir=$(mktemp -d)
    ./target/release/examples/gen_corpus "$dir" -n "$n" >/dev/null
    printf 'title = "Corpus"\nbase_url = "https://example.org/"\ntheme = "default"\nbuild_search_index = true\nhighlight = true\n' > "$dir/versus.toml"
    echo "== $n pages =="
    ./target/release/versus build --root "$dir" -o "$dir/public" | sed 's/^/full build: /'
    rm -rf "$dir/public"
    node --experimental-websocket --no-warnings benches/serve_latency.mjs ./target/release/versus "$dir" 20
    rm -rf "$dir"
done
