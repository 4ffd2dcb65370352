#!/usr/bin/env bash
# Prints the ops cycle's dynamic matrix as one line `matrix=<json>` for $GITHUB_OUTPUT: `neuropilot fleet plan
# --json` (every valid stacks/Pulumi.<stack>.yaml, filtered by fleet.yaml; with a stack name as argument, just that
# stack) reduced to its `matrix` ({"include":[{"stack":…},…]}). A stack file that fails validation is skipped with
# its message on stderr and the rest of the fleet goes on; no valid stack at all exits 2 with one line.
#   bash scripts/ci/fleet-matrix.sh [stack] [--project-root <dir>]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
args=(fleet plan --json)
if [ -n "${1:-}" ] && [ "${1:0:2}" != "--" ]; then args+=(--stacks "$1"); shift; fi
[ -n "${1:-}" ] && shift || true
args+=(--project-root "${1:-$root}")
plan=$(node "$root/optimizer/cli/bin.cjs" "${args[@]}")
matrix=$(node -e 'const p = JSON.parse(process.argv[1]); if (p.matrix.include.length === 0) { process.stderr.write("fleet-matrix.sh: no valid stack to run; nothing was run\n"); process.exit(2); } process.stdout.write(JSON.stringify(p.matrix));' "$plan")
printf 'matrix=%s\n' "$matrix"
