#!/usr/bin/env bash
# Tries the nginx recipe of docs/publishing.md with a real nginx: builds the
# site `versus init` makes for http://127.0.0.1:PORT/docs/, serves it with the
# recipe's `location` block (taken from the guide itself) on a free port, and
# checks pages, folders asked for without their slash, assets, the 404 page
# and every link on the home page. Needs nginx (Debian: apt-get install nginx)
# and python3; says so and exits 2 when nginx is missing. Not part of
# scripts/test, which must not need a web server.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "nginx is not installed: nothing was tried (apt-get install nginx)" >&2
    exit 2
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ -z "${VERSUS_BIN:-}" ]; then
    cargo build --quiet
    VERSUS_BIN="${CARGO_TARGET_DIR:-$repo/target}/debug/versus"
fi

work=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# nginx's workers run as an unprivileged user when started as root.
chmod 755 "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

"$VERSUS_BIN" init "$work/site" >/dev/null
"$VERSUS_BIN" build --root "$work/site" --base-url "$base/docs/" >/dev/null
chmod -R a+rX "$work/site"

# The recipe: the ```nginx block after the marker in the guide, pointed at this build.
block=$(awk '/<!-- nginx-recipe/ { found = 1; next }
             found && /^```nginx/ { inside = 1; next }
             inside && /^```/ { exit }
             inside { print }' docs/publishing.md)
[ -n "$block" ] || { echo "no nginx recipe found in docs/publishing.md" >&2; exit 1; }
block=${block//\/srv\/mysite\/public\//$work/site/public/}
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
$block
    }
}
CONF
"$nginx" -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf"
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pid=$!
echo "nginx $("$nginx" -v 2>&1 | sed 's/.*\///') serving the init site at $base/docs/"

python3 - "$base" "$work/site/public" <<'PY'
import sys, time, urllib.request, urllib.error
from html.parser import HTMLParser

base, public = sys.argv[1], sys.argv[2]

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None

opener = urllib.request.build_opener(NoRedirect)

def get(path):
    try:
        with opener.open(base + path, timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()

for _ in range(50):
    try:
        get("/docs/")
        break
    except OSError:
        time.sleep(0.1)

failures = []
def check(what, ok, detail=""):
    print(("ok    " if ok else "FAIL  ") + what + (f"  ({detail})" if detail and not ok else ""))
    if not ok:
        failures.append(what)

status, headers, body = get("/docs/")
check("/docs/ is the home page", status == 200 and b"<title>" in body, status)
for path in ["/docs", "/docs/comparisons"]:
    status, headers, _ = get(path)
    check(f"{path} redirects to {path}/", status == 301 and headers.get("Location") == path + "/",
          f"{status} {headers.get('Location')}")
status, headers, body = get("/docs/comparisons/tea-vs-coffee/")
check("the comparison page is served", status == 200 and b"Tea vs. coffee" in body, status)
status, headers, body = get("/docs/no-such-page/")
check("a missing page gets the site's 404.html with status 404",
      status == 404 and body == open(public + "/404.html", "rb").read(), status)

class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = set()
    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and value.startswith("/"):
                self.urls.add(value.split("#")[0])

links = Links()
links.feed(get("/docs/")[2].decode())
check("the home page links only under /docs/", all(u.startswith("/docs/") for u in links.urls),
      [u for u in links.urls if not u.startswith("/docs/")])
for url in sorted(links.urls):
    status, headers, _ = get(url)
    check(f"{url} answers 200 ({headers.get('Content-Type', '?')})", status == 200, status)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
PY
