import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../support/mockProgram";

/*
 * The plain `pulumi` CLI path the GitHub workflows use (`pulumi preview|up --policy-pack policies
 * --policy-pack-config policies/config/<stack>.json`), on the real engine with the aws stand-in:
 * policies/tools/engine-check.sh runs five checks and exits non-zero on the first that fails.
 */
describe("pulumi CLI with the policy pack (the workflows' path)", () => {
  it("clean prod preview passes; hysteresis and budget breaks are blocked; dev is advisory; prod up succeeds", () => {
    const r = spawnSync("bash", [path.join(PROJECT_ROOT, "policies/tools/engine-check.sh")], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
      timeout: 600_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("ENGINE CHECK OK");
  }, 600_000);
});
