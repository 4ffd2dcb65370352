import { defaultStackConfig } from "../../infra/config";
import { defaultPeakRps } from "./params";
import { runPolicy } from "./run";
import type { BuiltinTraceName } from "./traces";
const c = defaultStackConfig();
for (const name of (process.argv.slice(2)) as BuiltinTraceName[]) {
  const r = runPolicy({ config: c, trace: { kind: "builtin", name, seed: 1, peakRps: defaultPeakRps(c) }, days: 14, policy: "learned", startMs: 0 });
  console.log(name);
  for (const d of r.decisions) if (d.action !== "confirm" && d.action !== "hold") console.log("  ", d.cycle, d.action, d.reason, d.estimates.candidates.map(x=>x.status).join(","), d.estimates.pair?.maxPeakCpuPercent.toFixed(1));
}
