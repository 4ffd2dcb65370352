#!/usr/bin/env bash
# CLI start-up benchmark (issue 16.5 target: `npx neuropilot --help` under 0.5 s and 80 MB).
#   bash scripts/bench/cli.sh [runs]      (default 5 runs per command)
# Prints, per command, the median wall time and the median peak RSS (GNU time's %M: the largest process of the
# run), plus the load average, since the machine may be shared. Compiles the CLI first if it is stale.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
if [ ! -x /usr/bin/time ]; then
  echo "bench/cli: needs GNU time at /usr/bin/time (Debian package 'time')" >&2
  exit 1
fi
node scripts/build-cli.cjs --if-stale --quiet
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() {
  local label="$1"; shift
  local times=() mems=() out
  "$@" >/dev/null 2>&1 # warm the file cache
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -o "$tmp" -f "%e %M" "$@" >/dev/null 2>&1
    out=$(tail -n1 "$tmp")
    times+=("${out% *}"); mems+=("${out#* }")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${mems[@]}" | median)
  printf '%-40s %6.2f s %7.1f MB   (median of %d; target 0.5 s, 80 MB)\n' "$label" "$t" "$(awk -v m="$m" 'BEGIN {print m / 1024}')" "$runs"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
measure "npx neuropilot --help" npx --no-install neuropilot --help
measure "node optimizer/cli/bin.cjs --help" node optimizer/cli/bin.cjs --help
measure "node optimizer/cli/bin.cjs --version" node optimizer/cli/bin.cjs --version
measure "npx --no-install -c true (npx alone)" npx --no-install -c true
measure "node -e 0 (Node's own start-up)" node -e 0
