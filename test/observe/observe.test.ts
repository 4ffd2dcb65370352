/*
 * The optimizer's own telemetry (issue 16.3) against a real Pushgateway and a real Alertmanager on 127.0.0.1, and
 * an HTTP receiver standing in for Grafana's annotations API and Alertmanager's webhook target.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterCycle } from "../../optimizer/observe/afterCycle";
import { freePort, startAlertmanager, startPushgateway, startReceiver, type Started } from "../support/observe/servers";

const ROOT = path.resolve(__dirname, "../..");
const T0 = Date.parse("2026-03-02T06:00:00Z");
const tmp: string[] = [];
let pushgateway: Started;
let alertmanager: Started;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let grafana: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  hook = await startReceiver();
  grafana = await startReceiver();
  pushgateway = await startPushgateway();
  alertmanager = await startAlertmanager(`${hook.url}/hook`);
});
afterAll(async () => {
  await Promise.all([pushgateway?.stop(), alertmanager?.stop(), hook?.stop(), grafana?.stop()]);
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

const pair = (o: number, i: number) => ({ scaleOutCpuThreshold: o, scaleInCpuThreshold: i });

/** A project root with the prod stack file and a state dir holding a decision log and a learner state. */
function project(lines: object[]): { root: string; stateDir: string; textfileDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "np-observe-"));
  tmp.push(root);
  fs.mkdirSync(path.join(root, "stacks"));
  fs.copyFileSync(path.join(ROOT, "stacks/Pulumi.prod.yaml"), path.join(root, "stacks/Pulumi.prod.yaml"));
  const stateDir = path.join(root, "state");
  fs.mkdirSync(path.join(stateDir, "prod"), { recursive: true });
  fs.writeFileSync(path.join(stateDir, "prod/decisions.jsonl"), lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
  const learner = { converged: true, cycle: 40, convergedAtCycle: 39, unsafe: [pair(85, 45)], pairs: { a: {}, b: {} } };
  fs.writeFileSync(
    path.join(stateDir, "prod/learner.json"),
    JSON.stringify({ kind: "learner", schemaVersion: 1, savedAt: "x", data: learner }),
  );
  return { root, stateDir, textfileDir: path.join(root, "textfile") };
}

const decision = (cycleId: string, outcome: string, minutesAgo: number, anomalies: object[] = []) => ({
  timestamp: T0 - minutesAgo * 60_000,
  cycleId,
  outcome,
  from: pair(70, 30),
  to: pair(75, 30),
  reason: outcome === "rolled-back" ? "up failed: provider error; restored 70%/30%" : "learner: explore",
  anomalies,
});

async function getText(url: string): Promise<string> {
  const r = await fetch(url);
  expect(r.ok).toBe(true);
  return r.text();
}

async function until<T>(f: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("observability after a cycle", () => {
  it("a rolled-back cycle with a critical anomaly: metrics in the textfile and the Pushgateway, two alerts firing, an annotation", async () => {
    const critical = {
      signal: "p95LatencyMs",
      severity: "critical",
      startMs: T0 - 30 * 60_000,
      endMs: T0 - 10 * 60_000,
    };
    const warning = { signal: "cpu", severity: "warning", startMs: T0 - 50 * 60_000, endMs: T0 - 45 * 60_000 };
    const p = project([decision("c1", "changed", 360), decision("c2", "rolled-back", 0, [critical, warning])]);
    const env = {
      NEUROPILOT_TEXTFILE_DIR: p.textfileDir,
      NEUROPILOT_PUSHGATEWAY_URL: pushgateway.url,
      NEUROPILOT_ALERTMANAGER_URL: alertmanager.url,
      NEUROPILOT_GRAFANA_URL: `${grafana.url}/`,
      NEUROPILOT_GRAFANA_TOKEN: "glsa_secret_token",
    };
    const r = await afterCycle({
      stack: "prod",
      stateDir: p.stateDir,
      projectRoot: p.root,
      dryRun: false,
      startedAtMs: T0 - 42_000,
      exitCode: 6,
      outcome: "rolled-back",
      cycleId: "c2",
      env,
      now: () => T0,
    });
    expect(r).toEqual({ exitCode: 6, warnings: [] });

    // the textfile: valid exposition format (promtool), atomic (no temp file left), the values of this run
    const file = path.join(p.textfileDir, "neuropilot_prod.prom");
    const text = fs.readFileSync(file, "utf8");
    expect(fs.readdirSync(p.textfileDir)).toEqual(["neuropilot_prod.prom"]);
    const lint = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    expect(text).toContain(`neuropilot_last_success_timestamp_seconds{stack="prod"} ${(T0 - 360 * 60_000) / 1000}`);
    expect(text).toContain('neuropilot_last_exit_code{stack="prod"} 6');
    expect(text).toContain('neuropilot_cycle_duration_seconds{stack="prod"} 42');
    expect(text).toContain('neuropilot_cycle_outcomes_total{stack="prod",outcome="rolled-back"} 1');
    expect(text).toContain('neuropilot_cycle_outcomes_total{stack="prod",outcome="changed"} 1');
    expect(text).toContain('neuropilot_anomaly_duration_seconds{stack="prod",severity="critical"} 1200');
    expect(text).toContain('neuropilot_anomaly_duration_seconds{stack="prod",severity="warning"} 300');
    expect(text).toContain('neuropilot_threshold_percent{stack="prod",threshold="scale_out"} 70');
    expect(text).toContain('neuropilot_learner_converged{stack="prod"} 1');
    expect(text).toContain('neuropilot_learner_unsafe_pairs{stack="prod"} 1');

    // the Pushgateway serves the same samples under job="neuropilot"
    const pushed = await getText(`${pushgateway.url}/metrics`);
    expect(pushed).toMatch(/neuropilot_last_exit_code\{[^}]*job="neuropilot"[^}]*stack="prod"[^}]*\} 6/);
    expect(pushed).toMatch(/neuropilot_anomaly_duration_seconds\{[^}]*severity="critical"[^}]*\} 1200/);

    // Alertmanager holds both alerts active and routes them to the receiver
    const active = async () => {
      const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts?active=true`)).json()) as {
        labels: Record<string, string>;
      }[];
      return alerts.map((a) => a.labels.alertname).sort();
    };
    expect(await active()).toEqual(["NeuroPilotCriticalAnomaly", "NeuroPilotCycleFailed"]);
    const delivered = await until(() => (hook.requests.length >= 2 ? hook.requests : undefined));
    const names = delivered.flatMap(
      (q) => (JSON.parse(q.body) as { alerts: { labels: { alertname: string } }[] }).alerts,
    );
    expect(names.map((a) => a.labels.alertname).sort()).toEqual(["NeuroPilotCriticalAnomaly", "NeuroPilotCycleFailed"]);

    // Grafana: one annotation for the decision, bearer token in the header only
    expect(grafana.requests).toHaveLength(1);
    const ann = grafana.requests[0];
    expect([ann.method, ann.path, ann.headers.authorization]).toEqual([
      "POST",
      "/api/annotations",
      "Bearer glsa_secret_token",
    ]);
    expect(JSON.parse(ann.body)).toEqual({
      time: T0,
      tags: ["neuropilot", "stack:prod", "outcome:rolled-back"],
      text: "neuropilot rolled-back 70/30 → 75/30 (cycle c2): up failed: provider error; restored 70%/30%",
    });

    // the next, successful cycle resolves both alerts and keeps the last success
    fs.appendFileSync(
      path.join(p.stateDir, "prod/decisions.jsonl"),
      `${JSON.stringify(decision("c3", "held", -360))}\n`,
    );
    const next = await afterCycle({
      stack: "prod",
      stateDir: p.stateDir,
      projectRoot: p.root,
      dryRun: false,
      startedAtMs: T0 + 360 * 60_000,
      exitCode: 0,
      outcome: "held",
      cycleId: "c3",
      env,
      now: () => Date.now(),
    });
    expect(next.warnings).toEqual([]);
    expect(await until(async () => ((await active()).length === 0 ? true : undefined))).toBe(true);
    expect(grafana.requests).toHaveLength(1); // a hold is not annotated
  });

  it("a destination that fails turns exit 0 into 3 with one line naming it, never the token; dry runs publish nothing", async () => {
    const p = project([decision("c1", "changed", 0)]);
    const refusing = await startReceiver(500);
    const closed = await freePort();
    try {
      const env = {
        NEUROPILOT_TEXTFILE_DIR: p.textfileDir,
        NEUROPILOT_PUSHGATEWAY_URL: `http://user:pw@127.0.0.1:${closed}`, // nothing listens there
        NEUROPILOT_GRAFANA_URL: refusing.url,
        NEUROPILOT_GRAFANA_TOKEN: "glsa_secret_token",
      };
      const base = { stack: "prod", stateDir: p.stateDir, projectRoot: p.root, startedAtMs: T0, cycleId: "c1", env };
      const dry = await afterCycle({ ...base, dryRun: true, exitCode: 0, outcome: "dry-run" });
      expect(dry).toEqual({ exitCode: 0, warnings: [] });
      expect(fs.existsSync(p.textfileDir)).toBe(false);

      const r = await afterCycle({ ...base, dryRun: false, exitCode: 0, outcome: "changed" });
      expect(r.exitCode).toBe(3);
      expect(r.warnings).toHaveLength(2);
      expect(r.warnings[0]).toMatch(
        /^observability: pushgateway: PUT http:\/\/127\.0\.0\.1:\d+\/metrics\/job\/neuropilot\/stack\/prod: ECONNREFUSED$/,
      );
      expect(r.warnings[1]).toMatch(
        /^observability: grafana: POST http:\/\/127\.0\.0\.1:\d+\/api\/annotations: HTTP 500/,
      );
      expect(r.warnings.join("\n")).not.toMatch(/glsa_secret_token|pw@/);
      expect(fs.existsSync(path.join(p.textfileDir, "neuropilot_prod.prom"))).toBe(true);
    } finally {
      await refusing.stop();
    }
  });
});
