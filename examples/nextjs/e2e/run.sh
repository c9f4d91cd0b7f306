#!/usr/bin/env bash
# The browser end-to-end test of the example app: npm ci, next build, then e2e/run.js (which starts the
# provider, the Management API stand-in, the backend, next start and Chromium, and tears them down).
# Usage: e2e/run.sh --sandbox | e2e/run.sh --fake-hasura | E2E_BACKEND_CMD='...' e2e/run.sh
#        | HASURA_GRAPHQL_URL=... HASURA_GRAPHQL_ADMIN_SECRET=... e2e/run.sh
# --sandbox: the project's own stack as the backend (e2e/sandbox-backend.sh: mvn -Psandbox, needs a JDK 17
# and Maven), i.e. E2E_BACKEND_CMD='bash e2e/sandbox-backend.sh'.
# --compose: the real Hasura in Docker instead (e2e/compose-backend.sh; needs a Docker engine: CI only).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

args=()
for arg in "$@"; do
  if [[ $arg == --sandbox ]]; then
    export E2E_BACKEND_CMD='bash e2e/sandbox-backend.sh'
  elif [[ $arg == --compose ]]; then
    export E2E_BACKEND_CMD='bash e2e/compose-backend.sh'
  else
    args+=("$arg")
  fi
done

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
timed "browser flow (run.js)" node e2e/run.js "${args[@]}"
echo "[e2e] total: $((SECONDS - total)) s"
