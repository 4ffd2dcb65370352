import * as fs from "node:fs";
import * as path from "node:path";
import type { DecisionAction, ReportInput } from "../../optimizer/report/types";

/** The learner decision behind each report action in the fixture's decision log. */
const LEARNER_ACTION: Record<DecisionAction, string> = {
  changed: "explore",
  held: "hold",
  refused: "explore",
  "rolled-back": "back-off",
};

/** Writes a ReportInput as the runner's state files (the documented layout) under stateDir/<stack>/. */
export function writeStateFiles(stateDir: string, input: ReportInput, opts: { skip?: string[] } = {}): void {
  const dir = path.join(stateDir, input.stack);
  fs.mkdirSync(dir, { recursive: true });
  const skip = new Set(opts.skip ?? []);
  const nullify = (vs: number[]) => vs.map((v) => (Number.isFinite(v) ? v : null));
  if (input.signals && !skip.has("metrics-history.json")) {
    // the metrics history file as optimizer/metrics/historyFile.ts writes it: one regular grid for every signal
    const ts = input.signals.cpu.timestamps;
    const signals = Object.fromEntries(Object.entries(input.signals).map(([k, s]) => [k, nullify(s.values)]));
    fs.writeFileSync(
      path.join(dir, "metrics-history.json"),
      JSON.stringify({ schemaVersion: 1, stepSeconds: (ts[1] - ts[0]) / 1000, startMs: ts[0], signals }),
    );
  }
  if (input.anomalies && !skip.has("anomalies.json"))
    fs.writeFileSync(path.join(dir, "anomalies.json"), JSON.stringify({ signals: input.anomalies }));
  const cycles = input.learning?.cycles ?? input.decisions.length;
  if (!skip.has("decisions.jsonl"))
    fs.writeFileSync(
      path.join(dir, "decisions.jsonl"),
      input.decisions
        .map((d, i) =>
          JSON.stringify({
            ...d,
            timestamp: new Date(d.timestamp).toISOString(),
            cycleId: "c1",
            // the learner's record of the cycle, as runner/cycle.ts writes it (only the fields the report reads)
            learner: { decision: { cycle: cycles - input.decisions.length + i + 1, action: LEARNER_ACTION[d.action] } },
          }),
        )
        .join("\n") + "\n",
    );
  if (input.learning && !skip.has("learner.json")) {
    const l = input.learning;
    // the threshold learner's state in the runner's envelope (optimizer/state/fileStateStore.ts)
    const data = {
      version: 1,
      cycle: l.cycles,
      pairs: Object.fromEntries(Array.from({ length: l.pairsTried }, (_, i) => [`${70 - i}/30`, { cycles: 1 }])),
      unsafe: Array.from({ length: l.unsafePairs }, () => ({ scaleOutCpuThreshold: 90, scaleInCpuThreshold: 40 })),
      lastSafe: l.lastSafe,
      converged: l.converged,
      minutesSeen: l.minutesSeen,
      badMinutes: l.badMinutes,
      convergedAtCycle: l.convergedAtCycle,
    };
    fs.writeFileSync(
      path.join(dir, "learner.json"),
      JSON.stringify({ kind: "learner-state", schemaVersion: 1, savedAt: "2026-11-20T00:00:00Z", data }),
    );
  }
  if (input.anomalyModel && !skip.has("model.json"))
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ ...input.anomalyModel, weights: [0.1, 0.2] }));
}

/** Writes the stack file stacks/Pulumi.<stack>.yaml matching test/report/fixture.ts's config. */
export function writeStackFile(stacksDir: string, stack: string): void {
  fs.mkdirSync(stacksDir, { recursive: true });
  fs.writeFileSync(
    path.join(stacksDir, `Pulumi.${stack}.yaml`),
    [
      "config:",
      "  neuropilot:environment: prod",
      "  neuropilot:availabilityZones:",
      "    - us-east-1a",
      "    - us-east-1b",
      "    - us-east-1c",
      "  neuropilot:instanceType: m6i.large",
      "  neuropilot:minSize: 2",
      "  neuropilot:maxSize: 10",
      "  neuropilot:desiredCapacity: 3",
      "  neuropilot:scaleOutCpuThreshold: 70",
      "  neuropilot:scaleInCpuThreshold: 30",
      "  neuropilot:latencyThresholdMs: 300",
      "  neuropilot:slaTargetPercent: 99.95",
      "  neuropilot:monthlyBudgetUsd: 1200",
      "  neuropilot:useNatGateway: true",
      "",
    ].join("\n"),
  );
}
