#!/usr/bin/env bash
# The backend for the browser test (run.sh --sandbox, i.e. E2E_BACKEND_CMD='bash e2e/sandbox-backend.sh'):
# the project's whole stack on this machine with `mvn -Psandbox` (embedded PostgreSQL 14 with the project's
# migrations, the Hasura-compatible sandbox with its metadata, the real function in the local host), wired
# to the stand-ins run.js started:
#   - the sandbox verifies the provider's RS256 access tokens through its JWKS, as Hasura does with
#     HASURA_GRAPHQL_JWT_SECRET={"jwk_url":...,"audience":...,"issuer":...,"allowed_skew":30};
#   - the function asks the Management API stand-in for the user's Twitter tokens (AUTH0_DOMAIN, ...).
# It prints HASURA_GRAPHQL_URL=<url> on a line of its own when ready (SandboxStack does); run.js stops it
# with SIGTERM to its process group, and the stack deletes its PostgreSQL data on the way out.
set -euo pipefail
cd "$(dirname "$0")/../../.."

for name in E2E_HASURA_JWT_SECRET E2E_HASURA_ADMIN_SECRET E2E_AUTH0_DOMAIN E2E_AUTH0_CLIENT_ID \
  E2E_AUTH0_CLIENT_SECRET E2E_AUTH0_IDENTITY_PROVIDER E2E_TOKEN_ENCRYPTION_KEY E2E_TOKEN_ENCRYPTION_KEY_ID; do
  if [[ -z "${!name:-}" ]]; then
    echo "sandbox-backend.sh: $name is not set (run.js sets it)" >&2
    exit 2
  fi
done

export HASURA_GRAPHQL_JWT_SECRET="$E2E_HASURA_JWT_SECRET"
export HASURA_GRAPHQL_ADMIN_SECRET="$E2E_HASURA_ADMIN_SECRET"
export AUTH0_DOMAIN="$E2E_AUTH0_DOMAIN"
export AUTH0_CLIENT_ID="$E2E_AUTH0_CLIENT_ID"
export AUTH0_CLIENT_SECRET="$E2E_AUTH0_CLIENT_SECRET"
export AUTH0_IDENTITY_PROVIDER="$E2E_AUTH0_IDENTITY_PROVIDER"
# run.js's key, so that it can decrypt what was stored and compare it with the stand-in's tokens.
export TOKEN_ENCRYPTION_KEY="$E2E_TOKEN_ENCRYPTION_KEY" TOKEN_ENCRYPTION_KEY_ID="$E2E_TOKEN_ENCRYPTION_KEY_ID"
# Any free ports: the sandbox prints its URL, and the function's is wired inside the stack.
export HASURA_PORT=0 PORT=0

# -B: no colour codes around the HASURA_GRAPHQL_URL= line; exec: SIGTERM reaches Maven's JVM directly.
exec mvn -B -q -Psandbox
