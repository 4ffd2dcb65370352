import { normalAt, uniformAt } from "./rng";

/*
 * Request-rate traces that drive the twin: built-in generators (pure functions of the minute and a seed) and
 * per-minute series (e.g. a NAB CSV resampled by csvTrace.ts). Minute 0 is Monday 00:00 of the simulated week.
 */

export const BUILTIN_TRACES = ["diurnal", "weekly", "flash-crowd", "steady-growth", "noisy"] as const;
export type BuiltinTraceName = (typeof BUILTIN_TRACES)[number];

export type TraceSpec =
  | { kind: "builtin"; name: BuiltinTraceName; seed: number; peakRps: number }
  /** A per-minute request rate; repeats from the start when the simulation outlasts it. */
  | { kind: "series"; name: string; rps: number[] };

const MINUTES_PER_DAY = 1440;

/** Day shape in [0, 1]: lowest at 04:00, highest at 16:00. */
function dayShape(minute: number): number {
  const hour = (minute % MINUTES_PER_DAY) / 60;
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24);
}

/** Diurnal load as a share of the peak: 25 % at night, 100 % at 16:00, with 3 % noise. */
function diurnal(minute: number, seed: number): number {
  return (0.25 + 0.72 * dayShape(minute)) * (1 + 0.03 * normalAt(seed, minute));
}

/** Flash crowds: on about 40 % of days, between 09:00 and 21:00, load ramps up by 25–45 % of the peak over 20 min, holds 60 min, decays 20 min. */
function flashBoost(minute: number, seed: number): number {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  let boost = 0;
  for (const d of [day - 1, day]) {
    if (d < 0 || uniformAt(seed ^ 0x2c1b3c6d, d) >= 0.4) continue;
    const start = d * MINUTES_PER_DAY + 540 + Math.floor(uniformAt(seed ^ 0x297a2d39, d) * 720);
    const height = 0.25 + 0.2 * uniformAt(seed ^ 0x1b873593, d);
    const t = minute - start;
    if (t < 0 || t >= 100) continue;
    boost += height * (t < 20 ? t / 20 : t < 80 ? 1 : 1 - (t - 80) / 20);
  }
  return boost;
}

function shareOfPeak(name: BuiltinTraceName, minute: number, seed: number): number {
  switch (name) {
    case "diurnal":
      return diurnal(minute, seed);
    case "weekly": {
      const weekday = Math.floor(minute / MINUTES_PER_DAY) % 7; // 0 = Monday
      return diurnal(minute, seed) * (weekday >= 5 ? 0.55 : 1);
    }
    case "flash-crowd":
      return 0.6 * diurnal(minute, seed) + flashBoost(minute, seed);
    case "steady-growth": {
      const growth = Math.min(1, 0.5 + (0.5 * minute) / (28 * MINUTES_PER_DAY));
      return diurnal(minute, seed) * growth;
    }
    case "noisy":
      return (0.45 + 0.4 * dayShape(minute)) * (1 + 0.12 * normalAt(seed, minute));
  }
}

/** Request rate (requests/s) of a trace at a simulated minute (≥ 0). */
export function loadAt(trace: TraceSpec, minute: number): number {
  if (trace.kind === "series") {
    const n = trace.rps.length;
    return trace.rps[((minute % n) + n) % n];
  }
  return Math.max(0, trace.peakRps * shareOfPeak(trace.name, minute, trace.seed));
}

/** Parses `builtin:NAME`; throws naming the allowed names. */
export function parseBuiltinName(name: string): BuiltinTraceName {
  const found = BUILTIN_TRACES.find((n) => n === name);
  if (!found) throw new Error(`unknown built-in trace "${name}" (known: ${BUILTIN_TRACES.join(", ")})`);
  return found;
}

/** Label of a trace for tables and charts. */
export function traceLabel(trace: TraceSpec): string {
  return trace.kind === "builtin" ? `builtin:${trace.name}` : trace.name;
}
