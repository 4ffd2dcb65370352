import * as fs from "node:fs";
import * as path from "node:path";
import type { ReportInput } from "../../optimizer/report/types";

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
  if (!skip.has("decisions.jsonl"))
    fs.writeFileSync(
      path.join(dir, "decisions.jsonl"),
      input.decisions
        .map((d) => JSON.stringify({ ...d, timestamp: new Date(d.timestamp).toISOString(), cycleId: "c1" }))
        .join("\n") + "\n",
    );
  if (input.learning && !skip.has("model.json"))
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ ...input.learning, weights: [0.1, 0.2] }));
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
