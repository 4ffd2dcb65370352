#!/usr/bin/env bash
# Commits what a scheduled job changed in stacks/, state/<stack>/ (and optionally more paths, e.g. reports/<stack>)
# with the message the runner wrote (state/<stack>/last-change.txt), then pushes with rebase-and-retry: when
# another job pushed first, the commit is rebased onto the new tip and pushed again (up to
# NEUROPILOT_PUSH_ATTEMPTS times, default 5). A rebase conflict stops with exit 1 and leaves nothing half-pushed.
#   bash scripts/ci/commit-state.sh <stack> [path...]
set -euo pipefail
stack="${1:?usage: commit-state.sh <stack> [path...]}"; shift
paths=("stacks/" "state/$stack/" "$@")
remote="${NEUROPILOT_PUSH_REMOTE:-origin}"
branch="${NEUROPILOT_PUSH_BRANCH:-${GITHUB_REF_NAME:-$(git rev-parse --abbrev-ref HEAD)}}"
attempts="${NEUROPILOT_PUSH_ATTEMPTS:-5}"
git config user.name >/dev/null || git config user.name "neuropilot[bot]"
git config user.email >/dev/null || git config user.email "neuropilot-bot@users.noreply.github.com"
existing=()
for p in "${paths[@]}"; do [ -e "$p" ] && existing+=("$p"); done
[ ${#existing[@]} -gt 0 ] && git add -A -- "${existing[@]}"
if git diff --cached --quiet; then
  echo "commit-state: nothing changed"
  exit 0
fi
msg_file="state/$stack/last-change.txt"
if [ -f "$msg_file" ]; then msg=$(cat "$msg_file"); else msg="neuropilot($stack): update state"; fi
git commit -q -m "$msg"
for ((i = 1; i <= attempts; i++)); do
  if git push -q "$remote" "HEAD:$branch"; then
    echo "commit-state: pushed $(git rev-parse --short HEAD) to $branch (attempt $i)"
    exit 0
  fi
  [ "$i" -eq "$attempts" ] && break
  echo "commit-state: push rejected; rebasing onto $remote/$branch and retrying ($i/$attempts)"
  if ! git pull -q --rebase "$remote" "$branch"; then
    git rebase --abort 2>/dev/null || true
    echo "commit-state: rebase onto $remote/$branch conflicts; not pushed" >&2
    exit 1
  fi
  sleep "${NEUROPILOT_PUSH_BACKOFF_SECONDS:-$((i * 2))}"
done
echo "commit-state: push failed after $attempts attempts" >&2
exit 1
