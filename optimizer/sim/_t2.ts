import { defaultStackConfig } from "../../infra/config";
import { twinParamsFromConfig, defaultPeakRps } from "./params";
import { createTwin, advance } from "./twin";
const c = defaultStackConfig();
const p = twinParamsFromConfig(c);
const peak = defaultPeakRps(c);
const t0=Date.now();
const r = advance(createTwin(p, { kind: "builtin", name: "diurnal", seed: 1, peakRps: peak }, 0), 14*1440, { scaleOutCpuThreshold: 85, scaleInCpuThreshold: 40 });
console.log(Date.now()-t0,"ms", r.summary.slaPercent);
const s = r.signals;
for (let i=0;i<s.cpu.values.length;i++) if (s.p95LatencyMs.values[i] > 500 || s.errorRate.values[i] > 1) {
  console.log(i, (i%1440/60).toFixed(2), s.requestRate.values[i].toFixed(1), s.inService.values[i], s.cpu.values[i].toFixed(1), s.p95LatencyMs.values[i].toFixed(0), s.errorRate.values[i].toFixed(2));
  for (let j=i-8;j<i+3;j++) console.log("   ", j, s.requestRate.values[j].toFixed(1), s.inService.values[j], s.cpu.values[j].toFixed(1), s.p95LatencyMs.values[j].toFixed(0));
  break;
}
console.log(r.actions.slice(0,12).map(a=>`${a.minute}:${a.kind}:${a.from}->${a.to}:${a.reason}`).join(" "));
