#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium and playwright-core.
# Idempotent: does nothing that is already done. Never downloads a browser build
# of its own (playwright-core has no download step).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        apt-get update
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

cd tests/browser
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/terser ]; then
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund
    else
        npm install --no-audit --no-fund
    fi
fi
