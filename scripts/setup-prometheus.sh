#!/usr/bin/env bash
# Installs Debian's `prometheus` package (server + promtool) when either binary is missing from PATH.
# Idempotent: does nothing when both are present. Runs `apt-get update` first only if apt does not know
# the package yet. Needs root (or sudo) to install. Used by the metrics tests and .ci/run.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if have prometheus && have promtool; then
  echo "setup-prometheus: $(prometheus --version 2>&1 | head -n1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo; then SUDO="sudo -n"; else
    echo "setup-prometheus: prometheus/promtool missing and not root (no sudo); install Debian's 'prometheus' package" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show prometheus >/dev/null 2>&1; then
  $SUDO apt-get update -q
fi
# The package's postinst may try to start a service; no init system in containers is fine.
if ! $SUDO apt-get install -y -q --no-install-recommends prometheus; then
  # a package list older than the mirror names files that are gone: refresh it once and retry
  echo "setup-prometheus: install failed; refreshing the package lists and retrying" >&2
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends prometheus
fi

for bin in prometheus promtool; do
  if ! have "$bin"; then
    echo "setup-prometheus: $bin still not on PATH after installing the 'prometheus' package" >&2
    exit 1
  fi
done
echo "setup-prometheus: installed $(prometheus --version 2>&1 | head -n1)"
