#!/usr/bin/env bash
# The browser end-to-end test of the example app: npm ci, next build, then e2e/run.js (which starts the
# provider, the Management API stand-in, the backend, next start and Chromium, and tears them down).
# Usage: e2e/run.sh --fake-hasura | E2E_BACKEND_CMD='...' e2e/run.sh | HASURA_GRAPHQL_URL=... e2e/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

timed() {
  local name=$1; shift
  local start=$SECONDS
  "$@"
  echo "[e2e] $name: $((SECONDS - start)) s"
}

if [[ ! -x /usr/bin/chromium && -z "${CHROMIUM_PATH:-}" ]]; then
  echo "[e2e] /usr/bin/chromium is missing: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
total=$SECONDS
timed "npm ci" npm ci --no-audit --no-fund --loglevel=error
build_log=$(mktemp)
quiet_build() { npx --no-install next build > "$build_log" 2>&1 || { cat "$build_log"; return 1; }; }
timed "next build" quiet_build
rm -f "$build_log"
timed "unit tests (npm test)" npm test --silent
timed "browser flow (run.js)" node e2e/run.js "$@"
echo "[e2e] total: $((SECONDS - total)) s"
