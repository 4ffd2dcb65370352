import * as fs from "node:fs";
import * as path from "node:path";
import { Writable } from "node:stream";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../optimizer/cli/exitCodes";
import { PulumiTarget } from "../../optimizer/deploy/pulumiTarget";
import { createLogger } from "../../optimizer/log/logger";
import { runCycleCommand } from "../../optimizer/runner/production";
import { startReceiver, type Receiver } from "../notify/receiver";
import { createEngineSandbox, findResources, type EngineSandbox } from "../support/engine";
import { generateWebTierHistory, startPrometheus, type StartedPrometheus } from "../support/prometheus";

/*
 * The autonomous cycle end to end: a real Prometheus (backfilled history of a healthy, over-provisioned service),
 * the real Pulumi engine with the local AWS stand-in, and a local HTTP receiver as the Slack webhook.
 */
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const HOUR = 3_600_000;

describe("neuropilot cycle against real Prometheus and the real Pulumi engine", () => {
  let sb: EngineSandbox;
  let prom: StartedPrometheus;
  let slack: Receiver;
  let stateDir: string;
  const logLines: string[] = [];
  // a fixed time of day (07:28 UTC yesterday): the seeded history and the detectors then see the same day shape on
  // every run, whatever the wall clock (the history is diurnal)
  const now = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + (7 * 60 + 28) * 60_000;
  const log = createLogger({
    destination: new Writable({ write: (c, _e, cb) => (logLines.push(String(c)), cb()) }),
    pretty: false,
    level: "debug",
  });

  beforeAll(async () => {
    const history = generateWebTierHistory({ endMs: now - 60_000, days: 3, stack: "dev", seed: 11, anomalies: false });
    [prom, sb, slack] = await Promise.all([
      startPrometheus({ series: history.series }),
      createEngineSandbox("cycle"),
      startReceiver([{ status: 200, body: "ok" }]),
    ]);
    stateDir = path.join(sb.dir, "state");
    const stackFile = path.join(sb.projectRoot, "stacks", "Pulumi.dev.yaml");
    const doc = parseDocument(fs.readFileSync(stackFile, "utf8"));
    doc.setIn(["config", "neuropilot:metrics"], { prometheusUrl: prom.url });
    doc.setIn(["config", "neuropilot:changeCooldownHours"], 12);
    fs.writeFileSync(stackFile, doc.toString());
    await new PulumiTarget({
      projectRoot: sb.projectRoot,
      stack: "dev",
      env: sb.env,
      backendUrl: sb.env.PULUMI_BACKEND_URL,
      createStack: true, // a target never creates a stack unless asked
    }).up();
  });
  afterAll(async () => {
    await Promise.all([prom?.stop(), slack?.close()]);
    sb?.cleanup();
  });

  const cycle = (atMs: number) =>
    runCycleCommand({
      stack: "dev",
      projectRoot: sb.projectRoot,
      stateDir,
      dryRun: false,
      env: { NEUROPILOT_SLACK_WEBHOOK_URL: `${slack.origin}/services/T000/B000/secret-token` },
      pulumiEnv: sb.env,
      clock: { now: () => new Date(atMs) },
      log,
    });

  it("one cycle changes the thresholds in stack config and in the deployed stack, logs the decision, sends one message", async () => {
    const r = await cycle(now - 7 * HOUR);
    expect(r.result?.outcome, r.result?.entry?.reason).toBe("changed");
    expect(r.exitCode).toBe(EXIT.ok);
    const { from, to } = r.result!.entry!;
    expect(from).toEqual({ scaleOutCpuThreshold: 80, scaleInCpuThreshold: 30 });
    expect(to).not.toEqual(from);
    const stackFile = fs.readFileSync(path.join(sb.projectRoot, "stacks", "Pulumi.dev.yaml"), "utf8");
    expect(stackFile).toContain(`neuropilot:scaleInCpuThreshold: "${to.scaleInCpuThreshold}"`);
    const alarms = findResources(await sb.resources(), ALARM);
    expect(alarms.find((a) => (a.urn ?? "").includes("cpu-low"))?.inputs.threshold).toBe(to.scaleInCpuThreshold);
    expect(alarms.find((a) => (a.urn ?? "").includes("cpu-high"))?.inputs.threshold).toBe(to.scaleOutCpuThreshold);
    const decisions = fs
      .readFileSync(path.join(stateDir, "dev", "decisions.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(decisions).toHaveLength(1);
    expect(JSON.parse(decisions[0])).toMatchObject({ action: "changed", from, to });
    expect(slack.requests).toHaveLength(1);
    expect(JSON.parse(slack.requests[0].body).text).toContain(
      `dev: thresholds 80%/30% → ${to.scaleOutCpuThreshold}%/${to.scaleInCpuThreshold}%`,
    );
    const steps = logLines
      .map((l) => JSON.parse(l) as { step?: string; cycleId?: string; stack?: string })
      .filter((l) => l.step);
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining([
        "collect",
        "quality",
        "detect",
        "decide",
        "write-config",
        "preview",
        "up",
        "verify",
        "recorded",
        "notify",
      ]),
    );
    expect(steps.every((s) => s.stack === "dev" && s.cycleId === r.result!.cycleId)).toBe(true);
    expect(logLines.join("")).not.toContain("secret-token");
  });

  it("a second cycle inside the cooldown changes nothing", async () => {
    const stackBefore = fs.readFileSync(path.join(sb.projectRoot, "stacks", "Pulumi.dev.yaml"), "utf8");
    const standinBefore = JSON.stringify(await sb.resources());
    const r = await cycle(now);
    expect(["held", "refused"]).toContain(r.result?.outcome);
    expect(r.result?.entry?.to).toEqual(r.result?.entry?.from);
    expect(fs.readFileSync(path.join(sb.projectRoot, "stacks", "Pulumi.dev.yaml"), "utf8")).toBe(stackBefore);
    expect(JSON.stringify(await sb.resources())).toBe(standinBefore);
    expect(slack.requests).toHaveLength(1);
  });
});
