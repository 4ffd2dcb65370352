#!/usr/bin/env bash
# Smoke checks of the Pulumi engine provided by scripts/setup-pulumi.sh, with the embedded file backend:
#   1. a throwaway TypeScript program (ComponentResource + pulumi.dynamic.Resource + config + outputs):
#      `pulumi stack init`, plain + secret config, `pulumi up --yes`, stack outputs, `pulumi preview --expect-no-changes`, `pulumi destroy`
#   2. a throwaway Node.js policy pack (@pulumi/policy) reporting one advisory violation:
#      `pulumi preview --policy-pack <dir>`
# Everything lives in a temporary directory that is removed on exit. Exit code 0 only if every check passed.
# Usage: bash scripts/smoke-engine.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$ROOT/scripts/setup-pulumi.sh"
# shellcheck source=./pulumi-env.sh
source "$ROOT/scripts/pulumi-env.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/neuropilot-engine-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export PULUMI_BACKEND_URL="file://$WORK/state"
export PULUMI_CONFIG_PASSPHRASE=""
unset PULUMI_CONFIG_PASSPHRASE_FILE
export PULUMI_HOME="$WORK/pulumi-home"
mkdir -p "$WORK/state" "$WORK/program" "$WORK/policy"

say() { printf '[smoke-engine] %s\n' "$*"; }
fail() { printf '[smoke-engine] FAIL: %s\n' "$*" >&2; exit 1; }

# --- program -----------------------------------------------------------------------------------------------
cd "$WORK/program"
ln -s "$ROOT/node_modules" node_modules
cat >Pulumi.yaml <<'YAML'
name: engine-smoke
runtime: nodejs
description: NeuroPilot engine smoke test (throwaway)
YAML
cat >package.json <<'JSON'
{ "name": "engine-smoke", "version": "0.0.0", "private": true, "main": "index.ts" }
JSON
cat >index.ts <<'TS'
import * as pulumi from "@pulumi/pulumi";

class Tier extends pulumi.ComponentResource {
  public readonly size: pulumi.Output<number>;
  constructor(name: string, size: number, opts?: pulumi.ComponentResourceOptions) {
    super("neuropilot:smoke:Tier", name, {}, opts);
    this.size = pulumi.output(size);
    this.registerOutputs({ size: this.size });
  }
}

interface EchoInputs { value: string }
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: EchoInputs) {
    return { id: `echo-${inputs.value}`, outs: { value: inputs.value, length: inputs.value.length } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  public readonly length!: pulumi.Output<number>;
  constructor(name: string, value: string, opts?: pulumi.CustomResourceOptions) {
    super(echoProvider, name, { value, length: undefined }, opts);
  }
}

const config = new pulumi.Config();
const tier = new Tier("web", config.requireNumber("size"));
const echo = new Echo("echo", "hello", { parent: tier });
export const tierSize = tier.size;
// Secret config must arrive as a secret (PULUMI_CONFIG_SECRET_KEYS) and keep the output secret.
export const tokenLength = config.requireSecret("token").apply((t) => t.length);
export const echoLength = echo.length;
TS

say "pulumi stack init dev"
pulumi stack init dev --non-interactive >/dev/null 2>&1
pulumi config set size 4 --non-interactive
pulumi config set --secret token s3cr3t --non-interactive
say "pulumi up --yes"
pulumi up --yes --non-interactive --skip-preview >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; fail "pulumi up failed"; }
grep -q "3 created" "$WORK/up.log" || { cat "$WORK/up.log" >&2; fail "pulumi up did not create 3 resources"; }
[[ "$(pulumi stack output tierSize)" == "4" ]] || fail "stack output tierSize is '$(pulumi stack output tierSize)', expected 4"
[[ "$(pulumi stack output echoLength)" == "5" ]] || fail "stack output echoLength (dynamic provider) is not 5"
[[ "$(pulumi stack output tokenLength)" == "[secret]" ]] || fail "secret config did not produce a secret output"
[[ "$(pulumi stack output tokenLength --show-secrets)" == "6" ]] || fail "secret config value did not reach the program"
say "pulumi preview --expect-no-changes"
pulumi preview --expect-no-changes --non-interactive >"$WORK/preview.log" 2>&1 \
  || { cat "$WORK/preview.log" >&2; fail "pulumi preview reported changes or failed"; }

# --- policy pack -------------------------------------------------------------------------------------------
cd "$WORK/policy"
ln -s "$ROOT/node_modules" node_modules
cat >PulumiPolicy.yaml <<'YAML'
runtime: nodejs
description: NeuroPilot engine smoke policy pack (throwaway)
YAML
cat >package.json <<'JSON'
{ "name": "engine-smoke-policy", "version": "0.0.1", "private": true, "main": "index.js" }
JSON
cat >index.js <<'JS'
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("engine-smoke-policy", {
  policies: [{
    name: "smoke-dynamic-advisory",
    description: "Reports every dynamic provider resource (advisory).",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
      if (args.type === "pulumi-nodejs:dynamic:Resource") {
        reportViolation(`smoke advisory for ${args.name}`);
      }
    },
  }],
});
JS
cd "$WORK/program"
say "pulumi preview --policy-pack $WORK/policy"
pulumi preview --policy-pack "$WORK/policy" --non-interactive >"$WORK/policy.log" 2>&1 \
  || { cat "$WORK/policy.log" >&2; fail "pulumi preview with the policy pack failed"; }
grep -q "smoke advisory for echo" "$WORK/policy.log" || { cat "$WORK/policy.log" >&2; fail "advisory violation not reported"; }
grep -q "\[advisory\]" "$WORK/policy.log" || fail "violation not reported as advisory"

say "pulumi destroy --yes"
pulumi destroy --yes --non-interactive --skip-preview >"$WORK/destroy.log" 2>&1 \
  || { cat "$WORK/destroy.log" >&2; fail "pulumi destroy failed"; }
grep -q "3 deleted" "$WORK/destroy.log" || { cat "$WORK/destroy.log" >&2; fail "pulumi destroy did not delete 3 resources"; }

say "OK: program up/preview/destroy with a component and a dynamic resource, and a Node policy pack, all passed"
