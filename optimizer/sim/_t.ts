import { defaultStackConfig } from "../../infra/config";
import { defaultPeakRps } from "./params";
import { BUILTIN_TRACES } from "./traces";
import { runPolicy, POLICIES } from "./run";
const c = defaultStackConfig();
const peak = defaultPeakRps(c);
const days = Number(process.argv[2] ?? 14);
for (const name of BUILTIN_TRACES) {
  const out: string[] = [];
  for (const policy of POLICIES) {
    const t0 = Date.now();
    const r = runPolicy({ config: c, trace: { kind: "builtin", name, seed: 1, peakRps: peak }, days, policy, startMs: 0 });
    out.push(`${policy}: sla ${r.slaPercent.toFixed(3)} cost ${r.costUsd.toFixed(2)} conv ${r.convergedDay} traj ${r.trajectory.map(p=>`${p.day.toFixed(2)}:${p.scaleOutCpuThreshold}/${p.scaleInCpuThreshold}`).join(",")} ${Date.now()-t0}ms`);
  }
  console.log(name + "\n  " + out.join("\n  "));
}
