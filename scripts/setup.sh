#!/usr/bin/env bash
# One-time, idempotent set-up of everything NeuroPilot's main job and tests need on a fresh machine:
#   1. npm packages (npm ci, skipped when node_modules matches package-lock.json)
#   2. Prometheus + promtool (Debian package) for the metrics tests
#   3. the neuropilot CLI compiled to JavaScript (dist/cli, rebuilt only when a source is newer)
#   4. the Pulumi CLI and Node language host matching @pulumi/pulumi (built once from the Go module proxy, cached)
# Each step prints what it does and is a no-op on a second run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "npm packages"
stamp=node_modules/.neuropilot-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "node_modules is up to date with package-lock.json"
else
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
node scripts/link-bin.cjs # node_modules/.bin/neuropilot, so `npx neuropilot` runs the local CLI directly

step "neuropilot CLI (compiled to JavaScript)"
node scripts/build-cli.cjs --if-stale

step "Prometheus, Pushgateway, Alertmanager (for the metrics and observability tests)"
bash scripts/setup-prometheus.sh

step "Pulumi CLI and language host"
bash scripts/setup-pulumi.sh

echo
echo "set-up complete"
