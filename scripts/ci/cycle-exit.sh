#!/usr/bin/env bash
# Maps the exit code of `neuropilot cycle` (docs/guide.md, Exit codes) to the job's result, after the state was
# committed: 0 ok, 4 refused and 5 locked are "nothing happened, try next time" (job passes, with a notice);
# 1, 2, 3 and 6 fail the job so that someone looks (the decision log says why).
set -euo pipefail
code="${1:?usage: cycle-exit.sh <exit code>}"
case "$code" in
  0) echo "cycle: ok" ;;
  4) echo "::notice::cycle refused to act (exit 4): see the decision log; the next cycle tries again" ;;
  5) echo "::notice::cycle found the stack locked (exit 5): nothing was changed; the next cycle tries again" ;;
  3) echo "::error::cycle completed but a notification failed (exit 3); the state was committed"; exit 3 ;;
  6) echo "::error::cycle rolled back (exit 6): a policy violation or a failed up; the state was committed"; exit 6 ;;
  2) echo "::error::cycle refused the command line or configuration (exit 2); nothing was written"; exit 2 ;;
  *) echo "::error::cycle failed (exit $code): see the log"; exit "$code" ;;
esac
