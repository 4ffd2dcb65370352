#!/usr/bin/env bash
# Installs the Debian packages the tests run for real on loopback, when a binary is missing from PATH:
#   prometheus (prometheus, promtool), prometheus-pushgateway, prometheus-alertmanager.
# Idempotent: does nothing when every binary is present. Runs `apt-get update` first only if apt does not know
# a package yet. Needs root (or sudo) to install. Used by the metrics and observability tests and .ci/run.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

# binary → package
declare -A package=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [prometheus-pushgateway]=prometheus-pushgateway
  [prometheus-alertmanager]=prometheus-alertmanager
)
missing=()
for bin in "${!package[@]}"; do
  have "$bin" || missing+=("${package[$bin]}")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-prometheus: $(prometheus --version 2>&1 | head -n1); pushgateway and alertmanager present"
  exit 0
fi
mapfile -t wanted < <(printf '%s\n' "${missing[@]}" | sort -u)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo; then SUDO="sudo -n"; else
    echo "setup-prometheus: ${wanted[*]} missing and not root (no sudo); install these Debian packages" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
for p in "${wanted[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    $SUDO apt-get update -q
    break
  fi
done
# The packages' postinst may try to start a service; no init system in containers is fine.
if ! $SUDO apt-get install -y -q --no-install-recommends "${wanted[@]}"; then
  # a package list older than the mirror names files that are gone: refresh it once and retry
  echo "setup-prometheus: install failed; refreshing the package lists and retrying" >&2
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${wanted[@]}"
fi

for bin in "${!package[@]}"; do
  if ! have "$bin"; then
    echo "setup-prometheus: $bin still not on PATH after installing the '${package[$bin]}' package" >&2
    exit 1
  fi
done
echo "setup-prometheus: installed ${wanted[*]}"
