import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStackConfig } from "../../infra/config";
import { policyConfigFor } from "../../policies/config";
import { PulumiTarget } from "../../optimizer/deploy/pulumiTarget";
import { PolicyViolationError } from "../../optimizer/runner/portErrors";
import { readStackFile } from "../support/mockProgram";
import { createEngineSandbox, findResources, type EngineSandbox } from "../support/engine";

/*
 * The policy pack on the real engine: passed by the Automation API (policyPacks + policyPackConfigs) on every
 * preview and up; a mandatory violation fails the command with the policy's name and leaves the deployed state
 * untouched; an advisory one is reported as a policy event and does not block.
 */
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

function targetFor(sb: EngineSandbox, stack: string): PulumiTarget {
  const config = parseStackConfig(readStackFile(stack));
  return new PulumiTarget({
    projectRoot: sb.projectRoot,
    stack,
    env: sb.env,
    backendUrl: sb.env.PULUMI_BACKEND_URL,
    createStack: true, // a target never creates a stack unless asked
    policyPackDir: path.join(sb.projectRoot, "policies"),
    policyConfig: policyConfigFor(config),
  });
}

describe("policy pack on the real engine", () => {
  let sb: EngineSandbox;
  beforeAll(async () => {
    sb = await createEngineSandbox("policies");
  });
  afterAll(() => sb?.cleanup());

  it("prod: a clean up passes the pack; a hysteresis break fails preview and up by name and changes nothing", async () => {
    const prod = targetFor(sb, "prod");
    const clean = await prod.up();
    expect(clean.violations).toEqual([]);
    const before = JSON.stringify(await sb.resources());
    expect(findResources(await sb.resources(), ALARM, "cpu-low")[0].inputs.threshold).toBe(30);

    await prod.writeThresholds({ scaleOutCpuThreshold: 70, scaleInCpuThreshold: 60 });
    const preview = await prod.preview().catch((e: unknown) => e);
    expect(preview).toBeInstanceOf(PolicyViolationError);
    expect((preview as PolicyViolationError).violations.map((v) => v.policyName)).toContain("scaling-hysteresis");
    expect((preview as Error).message).toMatch(/scaling-hysteresis: .*neuropilot:scaleInCpuThreshold/s);

    const up = await prod.up().catch((e: unknown) => e);
    expect(up).toBeInstanceOf(PolicyViolationError);
    expect((up as Error).message).toContain("scaling-hysteresis");
    expect(JSON.stringify(await sb.resources())).toBe(before);
  });

  it("dev: the same break is advisory: reported as a policy event, preview and up go through", async () => {
    const dev = targetFor(sb, "dev");
    await dev.writeThresholds({ scaleOutCpuThreshold: 80, scaleInCpuThreshold: 70 });
    const preview = await dev.preview();
    const advisory = preview.violations.filter((v) => v.policyName === "scaling-hysteresis");
    expect(advisory).toHaveLength(1);
    expect(advisory[0].enforcementLevel).toBe("advisory");
    const up = await dev.up();
    expect(up.violations.some((v) => v.policyName === "scaling-hysteresis")).toBe(true);
    expect(findResources(await sb.resources(), ALARM, "np-dev-cpu-low")[0].inputs.threshold).toBe(70);
  });
});
