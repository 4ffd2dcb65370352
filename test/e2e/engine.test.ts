import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiCliMissingError, resolvePulumiCommand } from "../../optimizer/deploy/pulumiCli";
import { PulumiTarget } from "../../optimizer/deploy/pulumiTarget";
import { StackLockedError } from "../../optimizer/runner/portErrors";
import { createEngineSandbox, findResources, type EngineSandbox } from "../support/engine";

/*
 * The real Pulumi engine (CLI from scripts/setup-pulumi.sh, our Node language host) driven through the Automation
 * API on a copy of this project, with the local AWS stand-in as the `aws` plugin and a fresh file backend.
 */
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("real Pulumi engine through the Automation API", () => {
  let sb: EngineSandbox;
  let target: PulumiTarget;

  beforeAll(async () => {
    sb = await createEngineSandbox("engine");
    target = new PulumiTarget({
      projectRoot: sb.projectRoot,
      stack: "dev",
      env: sb.env,
      backendUrl: sb.env.PULUMI_BACKEND_URL,
      createStack: true, // a target never creates a stack unless asked
    });
  });
  afterAll(() => sb?.cleanup());

  it("up of the dev stack creates the expected resources; a second up is a no-op", async () => {
    const first = await target.up();
    expect(first.changeSummary.create).toBe(31); // 25 AWS resources, 4 components, the provider, the stack
    const rs = await sb.resources();
    expect(rs).toHaveLength(25);
    expect(findResources(rs, ALARM)).toHaveLength(3);
    expect(findResources(rs, "aws:autoscaling/group:Group")[0].inputs).toMatchObject({ minSize: 1, maxSize: 4 });
    expect(first.outputs.thresholds).toMatchObject({ scaleOutCpuThreshold: 80, scaleInCpuThreshold: 30 });
    expect(String(first.outputs.asgName)).toMatch(/^np-dev-asg-/);
    const second = await target.up();
    expect(second.changeSummary).toEqual({ same: 31 });
  });

  it("a scale-out change previews as exactly the alarm update, up applies it, refresh is clean", async () => {
    await target.writeThresholds({ scaleOutCpuThreshold: 75, scaleInCpuThreshold: 30 });
    expect(await target.readThresholds()).toEqual({ scaleOutCpuThreshold: 75, scaleInCpuThreshold: 30 });
    const preview = await target.preview();
    expect(preview.changeSummary).toEqual({ same: 30, update: 1 });
    const up = await target.up();
    expect(up.changeSummary).toEqual({ same: 30, update: 1 });
    const high = findResources(await sb.resources(), ALARM, "cpu-high");
    expect(high[0].inputs.threshold).toBe(75);
    expect(up.outputs.thresholds).toMatchObject({ scaleOutCpuThreshold: 75 });
    expect(await target.refresh()).toEqual({ same: 31 });
  });

  it("two ups on one stack at once: one fails with a clear concurrent-update error", async () => {
    await target.writeThresholds({ scaleOutCpuThreshold: 72, scaleInCpuThreshold: 30 });
    // the second up starts once the first has printed its first line (it holds the stack lock by then)
    let started!: () => void;
    const firstIsRunning = new Promise<void>((resolve) => (started = resolve));
    const first = new PulumiTarget({
      projectRoot: sb.projectRoot,
      stack: "dev",
      env: sb.env,
      backendUrl: sb.env.PULUMI_BACKEND_URL,
      onOutput: () => started(),
    });
    const other = new PulumiTarget({
      projectRoot: sb.projectRoot,
      stack: "dev",
      env: sb.env,
      backendUrl: sb.env.PULUMI_BACKEND_URL,
    });
    const firstUp = first.up();
    await firstIsRunning;
    const results = await Promise.allSettled([firstUp, other.up()]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toBeInstanceOf(StackLockedError);
    expect(String(failed[0].reason.message)).toMatch(/stack "dev" is locked by another update/);
    expect(findResources(await sb.resources(), ALARM, "cpu-high")[0].inputs.threshold).toBe(72);
  });

  it("the CLI missing gives a clear error telling how to install it", async () => {
    const err = await resolvePulumiCommand(sb.dir, "/nonexistent-bin").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PulumiCliMissingError);
    expect(String((err as Error).message)).toMatch(/bash scripts\/setup\.sh/);
    expect(String((err as Error).message)).toMatch(/get\.pulumi\.com/);
  });
});
