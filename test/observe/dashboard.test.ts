import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { defaultStackConfig } from "../../infra/config";
import { annotationFor } from "../../optimizer/observe/annotations";
import { dashboard, dashboardExpressions } from "../../optimizer/observe/dashboard";
import { toExposition } from "../../optimizer/observe/exposition";
import type { CycleObservation } from "../../optimizer/observe/types";

const ROOT = path.resolve(__dirname, "../..");
const FILE = path.join(ROOT, "observability/grafana/neuropilot.json");
const RULES = path.join(ROOT, "observability/prometheus/neuropilot-alerts.yml");

const observation: CycleObservation = {
  run: { stack: "prod", exitCode: 0, outcome: "changed", cycleId: "c1", startedAtMs: 0, finishedAtMs: 60_000 },
  decisions: [
    {
      timestamp: 60_000,
      cycleId: "c1",
      outcome: "changed",
      from: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
      to: { scaleOutCpuThreshold: 75, scaleInCpuThreshold: 30 },
      reason: "r",
      anomalies: [],
    },
  ],
  learner: { converged: false, cycle: 1, convergedAtCycle: null, unsafePairs: 0, pairsTried: 1 },
  thresholds: { scaleOutCpuThreshold: 75, scaleInCpuThreshold: 30 },
  previousSuccessMs: null,
};
const exported = new Set([...toExposition(observation).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));

function promtoolRules(exprs: string[]): { status: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "np-dash-"));
  try {
    const rules = exprs.map((expr, i) => ({ record: `neuropilot:dashboard_expr_${i}`, expr }));
    fs.writeFileSync(path.join(dir, "r.yml"), stringify({ groups: [{ name: "d", rules }] }));
    const r = spawnSync("promtool", ["check", "rules", path.join(dir, "r.yml")], { encoding: "utf8" });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("Grafana dashboard and Prometheus rules", () => {
  it("the committed dashboard is what scripts/gen-dashboard.ts writes", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/gen-dashboard.ts"), "--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(FILE, "utf8"))).toEqual(dashboard(defaultStackConfig()));
  });

  it("every panel query is valid PromQL (promtool), and a broken one is caught", () => {
    const exprs = dashboardExpressions(dashboard(defaultStackConfig())).map((e) => e.replaceAll("$stack", "prod"));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const ok = promtoolRules(exprs);
    expect(ok.status, ok.out).toBe(0);
    expect(promtoolRules(["sum(rate(x[5m])"]).status).not.toBe(0);
  });

  it("the dashboard and the alert rules only use metrics the exporter writes", () => {
    const names = (text: string) =>
      [...text.matchAll(/\b(neuropilot_[a-z_]+)\b/g)]
        .map((m) => m[1])
        .filter((n) => !n.startsWith("neuropilot_dashboard"));
    const used = new Set([...names(fs.readFileSync(FILE, "utf8")), ...names(fs.readFileSync(RULES, "utf8"))]);
    expect(used.size).toBeGreaterThan(5);
    for (const n of used) expect(exported, n).toContain(n);
    const rules = spawnSync("promtool", ["check", "rules", RULES], { encoding: "utf8" });
    expect(rules.status, rules.stdout + rules.stderr).toBe(0);
  });

  it("the dashboard's annotation query matches the tags the cycle pushes", () => {
    const d = dashboard(defaultStackConfig()) as {
      annotations: { list: { target: { tags: string[] } }[] };
    };
    const tags = d.annotations.list[0].target.tags.map((t) => t.replace("$stack", "prod"));
    const pushed = annotationFor(observation)?.tags ?? [];
    for (const tag of tags) expect(pushed).toContain(tag);
  });
});
