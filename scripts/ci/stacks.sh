#!/usr/bin/env bash
# Prints, as one JSON array, the stacks a scheduled workflow runs on, in rollout order: every stack of stacks/
# whose neuropilot:environment is not prod (alphabetically), then the prod stacks (alphabetically).
# With a stack name as argument, prints just that stack, after checking stacks/Pulumi.<name>.yaml exists.
# Exit 2 with a one-line reason on an unknown stack or an empty stacks/ folder; prints nothing else.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=stacks
if [ -n "${1:-}" ]; then
  if ! [[ "$1" =~ ^[A-Za-z0-9._-]+$ ]] || [ ! -f "$dir/Pulumi.$1.yaml" ]; then
    echo "stacks.sh: unknown stack \"$1\" (no $dir/Pulumi.$1.yaml); nothing was run" >&2
    exit 2
  fi
  printf '["%s"]\n' "$1"
  exit 0
fi
first=() last=()
for f in "$dir"/Pulumi.*.yaml; do
  [ -f "$f" ] || continue
  name=${f#"$dir"/Pulumi.}
  name=${name%.yaml}
  if grep -Eq '^[[:space:]]*neuropilot:environment:[[:space:]]*"?prod"?[[:space:]]*$' "$f"; then last+=("$name"); else first+=("$name"); fi
done
if [ $((${#first[@]} + ${#last[@]})) -eq 0 ]; then
  echo "stacks.sh: no stack files ($dir/Pulumi.<stack>.yaml); nothing was run" >&2
  exit 2
fi
out=""
for n in $(printf '%s\n' "${first[@]}" | sort) $(printf '%s\n' "${last[@]}" | sort); do
  [ -n "$n" ] && out="$out${out:+,}\"$n\""
done
printf '[%s]\n' "$out"
