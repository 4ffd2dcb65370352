import { loadStackConfig } from "./loadInputs";
import { defaultPeakRps } from "./params";
import { runPolicy } from "./run";
import { thresholdGrid } from "../learn/bounds";
import { learnerConfigOf } from "../learn/learner";
import type { BuiltinTraceName } from "./traces";
const config = loadStackConfig(process.argv[2]);
const name = process.argv[3] as BuiltinTraceName;
const trace = { kind: "builtin" as const, name, seed: 1, peakRps: defaultPeakRps(config) };
const rows: Record<number, string[]> = {};
for (const p of thresholdGrid(learnerConfigOf(config).bounds, 5)) {
  const c = { ...config, scaleOutCpuThreshold: p.scaleOutCpuThreshold, scaleInCpuThreshold: p.scaleInCpuThreshold };
  const r = runPolicy({ config: c, trace, days: 14, policy: "static", startMs: 0 });
  (rows[p.scaleOutCpuThreshold] ??= []).push(`${p.scaleInCpuThreshold}:${r.costUsd.toFixed(0)}${r.slaPercent >= config.slaTargetPercent ? "" : "x"}`);
}
for (const [o, l] of Object.entries(rows)) console.log(o, l.join(" "));
