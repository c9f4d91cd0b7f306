#!/usr/bin/env bash
# The backend for the browser test against the REAL Hasura (run.sh --compose, i.e.
# E2E_BACKEND_CMD='bash e2e/compose-backend.sh'): `docker compose` with the project's hasura/docker-compose.yml
# and e2e/docker-compose.e2e.yml (PostgreSQL + the hasura/graphql-engine image applying hasura/ at start), and the
# function on this machine (`mvn -Plocal`). Hasura verifies the provider's RS256 tokens through its JWKS
# (E2E_HASURA_JWT_SECRET); the function asks the Management API stand-in for the user's tokens.
# Needs a Docker engine and Compose v2.24+: the GitHub workflow's e2e-real-hasura job runs it; our own build
# machines have no Docker, and use run.sh --sandbox instead.
# Prints HASURA_GRAPHQL_URL=<url> on a line of its own when ready; SIGTERM stops the function and the
# containers (and deletes their volume).
set -euo pipefail
cd "$(dirname "$0")/../../.."

for name in E2E_HASURA_JWT_SECRET E2E_HASURA_ADMIN_SECRET E2E_AUTH0_DOMAIN E2E_AUTH0_CLIENT_ID \
  E2E_AUTH0_CLIENT_SECRET E2E_AUTH0_IDENTITY_PROVIDER; do
  if [[ -z "${!name:-}" ]]; then
    echo "compose-backend.sh: $name is not set (run.js sets it)" >&2
    exit 2
  fi
done

export COMPOSE_PROJECT_NAME=check-and-register-user-e2e
export E2E_HASURA_PORT=${E2E_HASURA_PORT:-8080} E2E_FUNCTION_PORT=${E2E_FUNCTION_PORT:-7071}
E2E_ACTION_SECRET=$(openssl rand -hex 24)
export E2E_ACTION_SECRET
compose=(docker compose -f hasura/docker-compose.yml -f examples/nextjs/e2e/docker-compose.e2e.yml)

function_pid=
stop() {
  trap - EXIT
  if [[ -n $function_pid ]]; then kill "$function_pid" 2>/dev/null || true; fi
  "${compose[@]}" down --volumes --remove-orphans >&2 || true
}
trap 'stop; exit 0' TERM INT
trap stop EXIT

wait_for() {
  local url=$1 what=$2 curl_flags=$3
  for _ in $(seq 1 180); do
    if curl "$curl_flags" -o /dev/null "$url"; then return 0; fi
    sleep 1
  done
  echo "compose-backend.sh: $what did not answer at $url within 180 s" >&2
  "${compose[@]}" logs hasura >&2 || true
  return 1
}

# The function first: Hasura checks nothing about it at start, but the first login calls it.
(
  export PORT=$E2E_FUNCTION_PORT GRAPHQL_BASE_API="http://127.0.0.1:$E2E_HASURA_PORT"
  # run.js's key, so that it can decrypt what was stored and compare it with the stand-in's tokens.
  export ACTION_SECRET=$E2E_ACTION_SECRET TOKEN_ENCRYPTION_KEY=$E2E_TOKEN_ENCRYPTION_KEY
  export TOKEN_ENCRYPTION_KEY_ID=$E2E_TOKEN_ENCRYPTION_KEY_ID
  export AUTH0_DOMAIN=$E2E_AUTH0_DOMAIN AUTH0_CLIENT_ID=$E2E_AUTH0_CLIENT_ID
  export AUTH0_CLIENT_SECRET=$E2E_AUTH0_CLIENT_SECRET AUTH0_IDENTITY_PROVIDER=$E2E_AUTH0_IDENTITY_PROVIDER
  exec mvn -B -q -Plocal
) &
function_pid=$!

# Hasura fetches the provider's JWKS when it starts, and does not start if it cannot: run.js started the
# provider before this script.
"${compose[@]}" up -d >&2
wait_for "http://127.0.0.1:$E2E_FUNCTION_PORT/" "the function" -s          # any answer

# The cli-migrations image applies hasura/ on a temporary port before it serves this one.
wait_for "http://127.0.0.1:$E2E_HASURA_PORT/healthz" "Hasura" -fs          # 200 OK

echo "HASURA_GRAPHQL_URL=http://127.0.0.1:$E2E_HASURA_PORT/v1/graphql"
wait "$function_pid"
