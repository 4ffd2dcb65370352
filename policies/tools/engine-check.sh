#!/usr/bin/env bash
# Runs the policy pack under the real Pulumi CLI (.tools/pulumi/bin, project-built Node language host) against the
# aws stand-in (test/support/aws-standin: no cloud), on a temp copy of the project. Checks:
#   1. prod preview with policies/config/prod.json passes (no violation);
#   2. prod with neuropilot:scaleInCpuThreshold 60 (gap 10 < 15) is blocked: mandatory scaling-hysteresis, rc ≠ 0;
#   3. the same without --policy-pack-config is still blocked (defaults from the stack config the engine passes);
#   3b. prod with neuropilot:monthlyBudgetUsd 500 (max-capacity estimate $750.08) is blocked by monthly-budget;
#   4. dev with scaleInCpuThreshold 70 and policies/config/dev.json: advisory only, rc = 0;
#   5. prod `up` with the pack succeeds.
# Prints ENGINE CHECK OK. KEEP=1 keeps the temp dir. Usage: bash policies/tools/engine-check.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/np-policy-engine-XXXXXX")"
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi; }
trap cleanup EXIT
fail() { echo "ENGINE CHECK FAILED: $*" >&2; exit 1; }

mkdir -p "$work/proj" "$work/state"
cp -r "$root/Pulumi.yaml" "$root/infra" "$root/stacks" "$root/policies" "$root/tsconfig.json" "$root/package.json" "$work/proj/"
ln -s "$root/node_modules" "$work/proj/node_modules"
node --require "$root/node_modules/tsx/dist/cjs/index.cjs" -e \
  "require(process.argv[1]).installStandin(process.argv[2])" "$root/test/support/aws-standin/state.ts" "$work/home"

export PULUMI_HOME="$work/home" PULUMI_BACKEND_URL="file://$work/state" PULUMI_CONFIG_PASSPHRASE=test
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_SKIP_UPDATE_CHECK=true
export NEUROPILOT_STANDIN_STATE="$work/standin.json" PATH="$root/.tools/pulumi/bin:$PATH"
cd "$work/proj"
pulumi stack init prod > /dev/null
pulumi stack init dev > /dev/null

run() { # run <log> <pulumi args...>; echoes the exit code
  local log="$1"; shift
  set +e; pulumi "$@" > "$work/$log" 2>&1; local rc=$?; set -e
  echo "$rc"
}

echo "== 1. prod preview, prod policy config"
[ "$(run p1.log preview --stack prod --policy-pack policies --policy-pack-config policies/config/prod.json)" = 0 ] || { cat "$work/p1.log"; fail "clean prod preview"; }
grep -q "neuropilot-guardrails@v0.1.0" "$work/p1.log" || fail "pack not reported"
grep -q "\[mandatory\]\|\[advisory\]" "$work/p1.log" && { cat "$work/p1.log"; fail "clean prod preview reported a violation"; }

echo "== 2. prod preview, scaleInCpuThreshold 60"
pulumi config set neuropilot:scaleInCpuThreshold 60 --stack prod
[ "$(run p2.log preview --stack prod --policy-pack policies --policy-pack-config policies/config/prod.json)" != 0 ] || fail "flapping prod preview passed"
grep -q "\[mandatory\]  scaling-hysteresis" "$work/p2.log" || { cat "$work/p2.log"; fail "no mandatory scaling-hysteresis"; }
grep -q "neuropilot:scaleInCpuThreshold" "$work/p2.log" || fail "message does not name the stack key"

echo "== 3. same, no policy config file"
[ "$(run p3.log preview --stack prod --policy-pack policies)" != 0 ] || { cat "$work/p3.log"; fail "prod defaults did not block"; }
grep -q "\[mandatory\]  scaling-hysteresis" "$work/p3.log" || fail "no mandatory scaling-hysteresis without config file"

echo "== 3b. prod preview, monthlyBudgetUsd 500, no policy config file"
pulumi config set neuropilot:scaleInCpuThreshold 30 --stack prod
pulumi config set neuropilot:monthlyBudgetUsd 500 --stack prod
[ "$(run p3b.log preview --stack prod --policy-pack policies)" != 0 ] || { cat "$work/p3b.log"; fail "over-budget prod passed"; }
grep -q "\[mandatory\]  monthly-budget" "$work/p3b.log" || { cat "$work/p3b.log"; fail "no mandatory monthly-budget"; }
grep -q "= 750.08" "$work/p3b.log" || { cat "$work/p3b.log"; fail "estimate not in message"; }
pulumi config set neuropilot:monthlyBudgetUsd 1200 --stack prod

echo "== 4. dev preview, scaleInCpuThreshold 70, dev policy config"
pulumi config set neuropilot:scaleInCpuThreshold 70 --stack dev
[ "$(run p4.log preview --stack dev --policy-pack policies --policy-pack-config policies/config/dev.json)" = 0 ] || { cat "$work/p4.log"; fail "dev advisory blocked"; }
grep -q "\[advisory\]  scaling-hysteresis" "$work/p4.log" || { cat "$work/p4.log"; fail "no advisory in dev"; }

echo "== 5. prod up with the pack"
[ "$(run u1.log up --yes --skip-preview --stack prod --policy-pack policies --policy-pack-config policies/config/prod.json)" = 0 ] || { cat "$work/u1.log"; fail "prod up"; }

echo "ENGINE CHECK OK"
