#!/usr/bin/env bash
# End-to-end smoke check of the aws stand-in with the real Pulumi CLI built into .tools/pulumi/bin.
# Copies the project to a temp dir, installs the stand-in as plugin aws v7.48.0 into a temp PULUMI_HOME, then:
#   up (creates everything) → second up is a no-op → refresh finds no drift → config change previews as exactly one alarm update →
#   an up with NEUROPILOT_STANDIN_FAIL_ON=cpu-high fails and changes nothing → a plain up applies it → destroy.
# Exits non-zero at the first broken expectation. KEEP=1 keeps the temp dir. Usage: bash <this file>
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/np-standin-e2e-XXXXXX")"
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi; }
trap cleanup EXIT
fail() { echo "E2E FAILED: $*" >&2; exit 1; }

mkdir -p "$work/proj" "$work/state"
cp -r "$root/Pulumi.yaml" "$root/infra" "$root/stacks" "$root/policies" "$root/tsconfig.json" "$root/package.json" "$work/proj/"
ln -s "$root/node_modules" "$work/proj/node_modules"
node --require "$root/node_modules/tsx/dist/cjs/index.cjs" -e \
  "require(process.argv[1]).installStandin(process.argv[2]).then((p) => console.log('installed', p))" \
  "$here/state.ts" "$work/home"

export PULUMI_HOME="$work/home"
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE=test
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_SKIP_UPDATE_CHECK=true
export NEUROPILOT_STANDIN_STATE="$work/standin.json"
export PATH="$root/.tools/pulumi/bin:$PATH"
cd "$work/proj"

count() { node -e "console.log(require(process.argv[1]).resources.length)" "$NEUROPILOT_STANDIN_STATE"; }
threshold() {
  node -e "const s = require(process.argv[1]); console.log(s.resources.find((r) => r.urn.endsWith('::np-dev-cpu-high')).outputs.threshold)" \
    "$NEUROPILOT_STANDIN_STATE"
}

pulumi stack init dev
echo "== pulumi up (create)"
pulumi up --yes --stack dev --skip-preview > "$work/up1.log" 2>&1 || { cat "$work/up1.log"; fail "first up"; }
grep -q "warning: using pulumi-resource-aws from \$PATH" "$work/up1.log" && fail "plugin came from PATH, not PULUMI_HOME"
[ "$(count)" = 25 ] || fail "expected 25 stand-in resources, got $(count)"

echo "== pulumi up (no-op)"
pulumi up --yes --stack dev --expect-no-changes > "$work/up2.log" 2>&1 || { cat "$work/up2.log"; fail "second up was not a no-op"; }

echo "== pulumi refresh (no drift)"
pulumi refresh --yes --stack dev --skip-preview --expect-no-changes > "$work/refresh.log" 2>&1 || { cat "$work/refresh.log"; fail "refresh found drift"; }

echo "== config set + preview --diff"
pulumi config set neuropilot:scaleOutCpuThreshold 75 --stack dev
pulumi preview --diff --stack dev | tee "$work/preview.log"
pulumi preview --json --stack dev > "$work/preview.json"
changed="$(node -e "
  const p = require(process.argv[1]);
  console.log(p.steps.filter((s) => s.op !== 'same').map((s) => s.op + ' ' + s.urn.split('::').pop()).join(','));
" "$work/preview.json")"
[ "$changed" = "update np-dev-cpu-high" ] || fail "preview should change only the cpu-high alarm, got: $changed"

echo "== pulumi up with NEUROPILOT_STANDIN_FAIL_ON=cpu-high (must fail)"
if NEUROPILOT_STANDIN_FAIL_ON=cpu-high pulumi up --yes --stack dev --skip-preview > "$work/up3.log" 2>&1; then
  fail "up succeeded despite the fail hook"
fi
grep -q "injected failure" "$work/up3.log" || fail "failed up does not show the injected failure"
[ "$(threshold)" = 80 ] || fail "failed up changed the alarm threshold"

echo "== pulumi up (applies 75)"
pulumi up --yes --stack dev --skip-preview > "$work/up4.log" 2>&1 || { cat "$work/up4.log"; fail "up after failure"; }
[ "$(threshold)" = 75 ] || fail "alarm threshold not 75 after up"

echo "== pulumi destroy"
pulumi destroy --yes --stack dev --skip-preview > "$work/destroy.log" 2>&1 || { cat "$work/destroy.log"; fail "destroy"; }
[ "$(count)" = 0 ] || fail "destroy left $(count) stand-in resources"
echo "E2E OK"
