#!/usr/bin/env bash
# npm start: installs what is missing, brings up Kafka/PostgreSQL/Redis, migrates, then runs every
# app (two seat-reservation nodes) under one supervisor. Ctrl-C stops all of it, including any
# infrastructure this command started.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
bash tools/bootstrap.sh
exec npx tsx tools/start.ts
