#!/usr/bin/env bash
# Fails fast, before anything is run or written, when a workflow lacks a credential or setting it needs:
#   bash scripts/ci/require-env.sh NAME [NAME...]
# Exit 2 (usage/configuration, see docs/guide.md) with one line naming every missing variable; values are never
# printed. Prints a GitHub `::error::` annotation when run in Actions.
set -euo pipefail
missing=()
for name in "$@"; do
  if [ -z "${!name:-}" ]; then missing+=("$name"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  msg="missing ${missing[*]} (set it as a repository or environment secret/variable); nothing was run or committed"
  if [ -n "${GITHUB_ACTIONS:-}" ]; then echo "::error::$msg"; else echo "require-env: $msg" >&2; fi
  exit 2
fi
