#!/usr/bin/env bash
# Commits what a scheduled job changed in stacks/, state/ (and optionally reports/) with a message that says what
# changed and why: the last decision's summary line written by the runner (state/<stack>/last-change.txt).
set -euo pipefail
stack="$1"; shift || true
paths=("stacks/" "state/$stack/" "$@")
git config user.name "neuropilot[bot]"
git config user.email "neuropilot-bot@users.noreply.github.com"
git add -- "${paths[@]}" 2>/dev/null || true
if git diff --cached --quiet; then
  echo "nothing changed"
  exit 0
fi
msg_file="state/$stack/last-change.txt"
if [ -f "$msg_file" ]; then msg=$(cat "$msg_file"); else msg="neuropilot($stack): update state"; fi
git commit -m "$msg"
git push
