import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Writable } from "node:stream";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../optimizer/cli/exitCodes";
import { PulumiTarget } from "../../optimizer/deploy/pulumiTarget";
import { createLogger } from "../../optimizer/log/logger";
import { runCycleCommand } from "../../optimizer/runner/production";
import { createEngineSandbox, findResources, type EngineSandbox } from "../support/engine";
import { generateWebTierHistory, startPrometheus, type StartedPrometheus } from "../support/prometheus";

/*
 * Issue 16.2 on the real engine (local file backend, AWS stand-in): a failed up whose rollback also failed leaves
 * the deployed alarms different from the stack file; the next cycle detects it from the stack's checkpoint,
 * reports it, re-applies the stack file through preview + policy pack + up (with a message naming the cycle), and
 * the deployment converges. Bad input (a backend without the stack, a missing passphrase) exits 2, writes nothing.
 */
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const HOUR = 3_600_000;

describe("drift between the deployed thresholds and the stack file", () => {
  let sb: EngineSandbox;
  let prom: StartedPrometheus;
  let stackFile: string;
  const logLines: string[] = [];
  const now = Date.now();
  const log = createLogger({
    destination: new Writable({ write: (c, _e, cb) => (logLines.push(String(c)), cb()) }),
    pretty: false,
  });
  const target = (extra: Record<string, string> = {}, createStack = false) =>
    new PulumiTarget({
      projectRoot: sb.projectRoot,
      stack: "dev",
      env: { ...sb.env, ...extra },
      backendUrl: sb.env.PULUMI_BACKEND_URL,
      createStack,
    });
  const deployed = async () => {
    const alarms = findResources(await sb.resources(), ALARM);
    const t = (s: string) => alarms.find((a) => (a.urn ?? "").endsWith(s))?.inputs.threshold;
    return [t("cpu-high"), t("cpu-low")];
  };
  const fileThresholds = () => {
    const c = parseDocument(fs.readFileSync(stackFile, "utf8")).toJS() as { config: Record<string, unknown> };
    return [Number(c.config["neuropilot:scaleOutCpuThreshold"]), Number(c.config["neuropilot:scaleInCpuThreshold"])];
  };

  beforeAll(async () => {
    const history = generateWebTierHistory({ endMs: now - 60_000, days: 3, stack: "dev", seed: 5, anomalies: false });
    [prom, sb] = await Promise.all([startPrometheus({ series: history.series }), createEngineSandbox("drift")]);
    stackFile = path.join(sb.projectRoot, "stacks", "Pulumi.dev.yaml");
    const doc = parseDocument(fs.readFileSync(stackFile, "utf8"));
    doc.setIn(["config", "neuropilot:metrics"], { prometheusUrl: prom.url });
    fs.writeFileSync(stackFile, doc.toString());
    await target({}, true).up();
  });
  afterAll(async () => {
    await prom?.stop();
    sb?.cleanup();
  });

  it("a failed up and a failed rollback leave drift; the next cycle detects it, re-applies and converges", async () => {
    expect(await deployed()).toEqual([80, 30]);
    const original = fs.readFileSync(stackFile, "utf8");
    // a change to 85/35 whose up fails on the scale-in alarm after the scale-out alarm was updated
    await target().writeThresholds({ scaleOutCpuThreshold: 85, scaleInCpuThreshold: 35 });
    await expect(target({ NEUROPILOT_STANDIN_FAIL_ON: "cpu-low" }).up()).rejects.toThrow();
    // the rollback puts the stack file back, and its re-apply fails on the scale-out alarm
    fs.writeFileSync(stackFile, original);
    await expect(target({ NEUROPILOT_STANDIN_FAIL_ON: "cpu-high" }).up()).rejects.toThrow();
    expect(await deployed()).toEqual([85, 30]);
    expect(fileThresholds()).toEqual([80, 30]);

    const at = now - 7 * HOUR;
    const r = await runCycleCommand({
      stack: "dev",
      projectRoot: sb.projectRoot,
      stateDir: path.join(sb.dir, "state"),
      dryRun: false,
      env: {},
      pulumiEnv: sb.env,
      clock: { now: () => new Date(at) },
      log,
    });
    expect([EXIT.ok, EXIT.refused]).toContain(r.exitCode);
    const drift = logLines
      .map((l) => JSON.parse(l) as { step?: string; msg: string })
      .filter((l) => l.step === "drift");
    expect(drift.map((l) => l.msg)).toEqual([
      "drift: deployed 85%/30%, stack file 80%/30%; re-applying the stack file (preview with the policy pack, then up)",
      "drift resolved: deployed 80%/30% again",
    ]);
    // converged: whatever the cycle then decided, the deployed alarms hold the stack file's thresholds
    expect(await deployed()).toEqual(fileThresholds());
    // every up names the cycle
    const cycleId = `dev-${new Date(at)
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z")}`;
    const history = JSON.parse(
      execFileSync(path.join(sb.projectRoot, ".tools/pulumi/bin/pulumi"), ["stack", "history", "--json", "-s", "dev"], {
        cwd: sb.projectRoot,
        env: { ...process.env, ...sb.env },
        encoding: "utf8",
      }),
    ) as { kind: string; message: string; result: string }[];
    const ups = history.filter((h) => h.kind === "update" && h.message.includes(cycleId));
    expect(ups.length).toBeGreaterThanOrEqual(1);
    expect(ups[ups.length - 1].message).toBe(
      `neuropilot cycle ${cycleId}: re-apply the stack file (deployed 85%/30%, stack file 80%/30%)`,
    );
    expect(ups.every((h) => h.result === "succeeded")).toBe(true);
  }, 400_000);

  it("a backend without the stack: exit 2, one line naming stack and backend, nothing written", async () => {
    const stateDir = path.join(sb.dir, "state-missing");
    const prodFile = path.join(sb.projectRoot, "stacks", "Pulumi.prod.yaml");
    const before = fs.readFileSync(prodFile, "utf8");
    const lines: string[] = [];
    const r = await runCycleCommand({
      stack: "prod",
      projectRoot: sb.projectRoot,
      stateDir,
      dryRun: false,
      env: {},
      pulumiEnv: sb.env,
      log: createLogger({ destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) }),
    });
    expect(r.exitCode).toBe(EXIT.usage);
    const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(errors.map((e) => e.msg)).toEqual([
      `stack "prod" does not exist in the backend ${sb.env.PULUMI_BACKEND_URL}; nothing was changed (check PULUMI_BACKEND_URL, or pass --create-stack to create it)`,
    ]);
    expect(fs.readFileSync(prodFile, "utf8")).toBe(before);
    expect(fs.readdirSync(path.join(stateDir, "prod"))).toEqual([]);
  });

  it("a passphrase-encrypted stack without a passphrase: exit 2 with the variable's name, nothing written", async () => {
    const saved = { p: process.env.PULUMI_CONFIG_PASSPHRASE, f: process.env.PULUMI_CONFIG_PASSPHRASE_FILE };
    delete process.env.PULUMI_CONFIG_PASSPHRASE;
    delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    const { PULUMI_CONFIG_PASSPHRASE: _omit, ...env } = sb.env;
    const before = fs.readFileSync(stackFile, "utf8");
    const lines: string[] = [];
    try {
      const r = await runCycleCommand({
        stack: "dev",
        projectRoot: sb.projectRoot,
        stateDir: path.join(sb.dir, "state-nopass"),
        dryRun: false,
        env: {},
        pulumiEnv: env,
        log: createLogger({ destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) }),
      });
      expect(r.exitCode).toBe(EXIT.usage);
    } finally {
      if (saved.p !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE = saved.p;
      if (saved.f !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE_FILE = saved.f;
    }
    expect(lines.join("")).toContain("PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE must be set");
    expect(fs.readFileSync(stackFile, "utf8")).toBe(before);
    expect(fs.readdirSync(path.join(sb.dir, "state-nopass", "dev"))).toEqual([]);
  });
});
