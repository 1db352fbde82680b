#!/usr/bin/env bash
# npm test: installs, checks the lock file, brings up Kafka/PostgreSQL/Redis, then format check,
# lint, type-check, unit specs, integration specs and the features, against the real infrastructure.
# Exits non-zero on any failure. Infrastructure this run started is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0
export CI="${CI:-}"

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "install"
bash tools/bootstrap.sh

# Before anything slow: a lock out of sync with package.json, or without other platforms' native
# packages, would install differently (or not at all) elsewhere.
step "lock file"
npx tsx tools/lock/check-lock.ts

step "infrastructure"
# Remember whether Kafka was already running: stop it afterwards only if this run started it.
broker="${KAFKA_BROKERS:-127.0.0.1:9092}"; broker="${broker%%,*}"
kafka_was_up=0
(exec 3<>"/dev/tcp/${broker%%:*}/${broker##*:}") 2>/dev/null && kafka_was_up=1
cleanup() {
  if [ "$kafka_was_up" = 0 ]; then npx tsx tools/infra/cli.ts down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
npx tsx tools/infra/cli.ts up
npx tsx tools/db/migrate.ts

step "format"
npx prettier --check . --log-level warn

step "lint"
npx nx run-many -t lint --outputStyle=static --parallel=2 --skip-nx-cache

step "type-check"
npx nx run-many -t typecheck --outputStyle=static --parallel=2 --skip-nx-cache

step "unit specs"
npx nx run-many -t test --outputStyle=static --parallel=2

# Debian packages the integration specs need; the package lists are refreshed once per run.
apt_updated=""
apt_install() {
  local sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
  if [ -z "$apt_updated" ]; then $sudo_ apt-get update && apt_updated=1 || return 1; fi
  $sudo_ apt-get install -y "$@"
}

# The browser tests (web:integration) drive Debian's chromium through playwright-core.
if [ ! -x /usr/bin/chromium ]; then
  step "chromium for the browser tests"
  apt_install chromium
fi

# The gateway's integration spec runs every case against its nginx engine too (a skipped case
# would hide a broken engine), and npm start proxies through nginx when it is there.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  step "nginx for the gateway"
  apt_install nginx-light
fi

step "integration specs and features (real Kafka, PostgreSQL, Redis)"
npx nx run-many -t integration --outputStyle=static --parallel=1

printf '\nall checks passed in %s s\n' "$(( $(date +%s) - started ))"
