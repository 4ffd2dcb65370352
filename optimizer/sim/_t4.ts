import { defaultStackConfig } from "../../infra/config";
import { defaultPeakRps } from "./params";
import { runPolicy } from "./run";
import type { BuiltinTraceName } from "./traces";
const c = defaultStackConfig();
const [name, seed, days] = [process.argv[2] as BuiltinTraceName, Number(process.argv[3] ?? 1), Number(process.argv[4] ?? 14)];
for (const policy of ["learned","static","target-tracking","oracle"] as const) {
const r = runPolicy({ config: c, trace: { kind: "builtin", name, seed, peakRps: defaultPeakRps(c) }, days, policy, startMs: 0 });
console.log(policy, r.slaPercent.toFixed(3), r.costUsd.toFixed(2), r.convergedDay, r.trajectory.map(p=>`${p.day.toFixed(2)}:${p.scaleOutCpuThreshold}/${p.scaleInCpuThreshold}`).join(","));
}
