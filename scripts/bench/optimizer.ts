/*
 * Speed of the digital twin: 28 simulated days of one trace per policy (target: learned < 3 s).
 * Run: npx tsx scripts/bench/optimizer.ts [trace] [days]
 */
import { defaultStackConfig } from "../../infra/config";
import { defaultPeakRps } from "../../optimizer/sim/params";
import { POLICIES, runPolicy } from "../../optimizer/sim/run";
import { parseBuiltinName } from "../../optimizer/sim/traces";

const name = parseBuiltinName(process.argv[2] ?? "diurnal");
const days = Number(process.argv[3] ?? 28);
const config = defaultStackConfig();
const trace = { kind: "builtin" as const, name, seed: 1, peakRps: defaultPeakRps(config) };
console.log(
  `digital twin speed: builtin:${name}, ${days} simulated days (${days * 1440} minutes), node ${process.version}`,
);
for (const policy of POLICIES) {
  runPolicy({ config, trace, days: 1, policy: policy === "oracle" ? "static" : policy, startMs: 0 }); // warm-up (JIT)
  const t0 = performance.now();
  const r = runPolicy({ config, trace, days, policy, startMs: 0 });
  const s = (performance.now() - t0) / 1000;
  const note =
    policy === "oracle"
      ? " (grid search: one run per pair)"
      : s < 3
        ? " (< 3 s target: met)"
        : " (< 3 s target: MISSED)";
  console.log(
    `  ${policy.padEnd(16)} ${s.toFixed(3)} s${note}  SLA ${r.slaPercent.toFixed(3)} %  cost ${r.costUsd.toFixed(2)} USD`,
  );
}
