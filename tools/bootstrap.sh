#!/usr/bin/env bash
# Installs what is missing, so `npm start` and `npm test` work on a fresh clone with no other step:
# node modules (when missing or the lock file changed) and the generated Prisma client.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci installs exactly what package-lock.json pins and never writes it, so an install leaves the
# tree clean. It needs a lock in sync with package.json that lists every platform's optional native
# packages (@swc/core-*, esbuild, the unrs-resolver bindings...): an npm install over a node_modules
# that lacks them writes a lock without them (npm/cli#4828), which npm ci refuses as out of sync.
# npm test checks both (tools/lock/check-lock.ts). After changing dependencies, run npm install and
# commit package-lock.json with package.json.
# The lock file's hash is stamped into node_modules after an install: a missing node_modules or a
# different lock file (a pull or an npm install that changed dependencies) reinstalls from scratch,
# an unchanged one costs nothing.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "bootstrap: installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi

# Prisma's CLI wants its schema-engine binary even to generate the client, and downloads it from
# Prisma's CDN, which machines without internet cannot reach. Generating needs no engine, so point
# it at a stand-in that says so if anything ever tries to run it (see README, "Database").
if ! ls node_modules/@prisma/engines/schema-engine* >/dev/null 2>&1 && [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ]; then
  export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/tools/db/no-schema-engine"
fi
if [ ! -f libs/shared/db/src/generated/client.ts ] || [ prisma/schema.prisma -nt libs/shared/db/src/generated/client.ts ]; then
  echo "bootstrap: generating the Prisma client"
  PRISMA_HIDE_UPDATE_MESSAGE=1 npx prisma generate >/dev/null
fi

# The gateway proxies through nginx when it finds it; without it, through Node at about ten times
# the CPU per request (npm test installs it; npm start only says so).
if [ "${GATEWAY_ENGINE:-auto}" != node ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "bootstrap: nginx is not installed, so the gateway will proxy in Node at ten times the CPU per request. Install it (Debian: apt-get install nginx-light; macOS: brew install nginx) or set GATEWAY_ENGINE=node to silence this." >&2
fi
