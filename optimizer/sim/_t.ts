import { defaultStackConfig } from "../../infra/config";
import { twinParamsFromConfig, defaultPeakRps } from "./params";
import { createTwin, advance } from "./twin";
import { BUILTIN_TRACES } from "./traces";
import { policyBoundsOf, thresholdGrid } from "../learn/bounds";
const c = defaultStackConfig();
const p = twinParamsFromConfig(c);
const peak = defaultPeakRps(c);
const grid = thresholdGrid(policyBoundsOf(c), 5);
const t0 = Date.now();
for (const name of BUILTIN_TRACES) {
  const rows: string[] = [];
  let best: [number, string] = [1e9, ""];
  for (const th of grid) {
    const s = createTwin(p, { kind: "builtin", name, seed: 1, peakRps: peak }, 0);
    const r = advance(s, 14*1440, th);
    const ok = r.summary.slaPercent >= c.slaTargetPercent;
    if (ok && r.summary.costUsd < best[0]) best = [r.summary.costUsd, `${th.scaleOutCpuThreshold}/${th.scaleInCpuThreshold}`];
    rows.push(`${th.scaleOutCpuThreshold}/${th.scaleInCpuThreshold}:${r.summary.slaPercent.toFixed(2)}:${r.summary.costUsd.toFixed(1)}`);
  }
  console.log(name, "BEST", best, "\n ", rows.join(" "));
}
console.log(Date.now()-t0, "ms");
