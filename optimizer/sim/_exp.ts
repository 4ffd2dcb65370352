import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { loadStackConfig } from "/work/main/optimizer/sim/loadInputs";
import { defaultPeakRps } from "/work/main/optimizer/sim/params";
import { runPolicy } from "/work/main/optimizer/sim/run";
import { BUILTIN_TRACES } from "/work/main/optimizer/sim/traces";
const over = JSON.parse(process.env.LEARN ?? "{}");
const seeds = (process.env.SEEDS ?? "1").split(",").map(Number);
const cacheFile = "/tmp/oracle-cache.json";
const cache: Record<string, number> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, "utf8")) : {};
for (const stack of ["dev", "prod"]) {
  const base = loadStackConfig(stack === "dev" ? undefined : stack);
  const config = { ...base, learning: { ...base.learning, ...over } };
  const line: string[] = [];
  let worst = 0;
  for (const seed of seeds) for (const name of BUILTIN_TRACES) {
    const trace = { kind: "builtin" as const, name, seed, peakRps: defaultPeakRps(config) };
    const key = `${stack}:${name}:${seed}`;
    cache[key] ??= runPolicy({ config: base, trace, days: 14, policy: "oracle", startMs: 0 }).costUsd;
    const l = runPolicy({ config, trace, days: 14, policy: "learned", startMs: 0 });
    const ratio = l.costUsd / cache[key];
    worst = Math.max(worst, ratio);
    line.push(`${name.slice(0,6)}${seed}:${ratio.toFixed(3)}${l.slaPercent >= config.slaTargetPercent ? "" : "!SLA" + l.slaPercent.toFixed(3)}${l.convergedDay === null ? "!nc" : ""}`);
  }
  console.log(stack, "worst", worst.toFixed(3), line.join(" "));
}
writeFileSync(cacheFile, JSON.stringify(cache));
