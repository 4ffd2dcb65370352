import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import type { SignalName, SignalSet } from "../../optimizer/core/types";
import { detectAnomalies, type FlaggedRange } from "../../optimizer/detect";
import { scoreSeries } from "../../optimizer/detect/ensemble";
import { judgedSignals, LoadCurve } from "../../optimizer/detect/serviceContext";
import { twinParamsFromConfig } from "../../optimizer/sim/params";
import { loadAt, type TraceSpec } from "../../optimizer/sim/traces";
import { advance, createTwin, type ScalingAction } from "../../optimizer/sim/twin";

const config = defaultStackConfig();
const detection = config.detection;
const DAYS = 4;
const MINUTES = DAYS * 1440;
const START = Date.parse("2026-11-02T00:00:00Z"); // a Monday
const diurnal: TraceSpec = { kind: "builtin", name: "diurnal", seed: 3, peakRps: 260 };

/** The twin on a per-minute trace (the diurnal trace, optionally with a load spike), thresholds 70/30. */
function runTwin(spike?: { at: number; minutes: number; factor: number }) {
  const rps = Array.from({ length: MINUTES }, (_, m) => {
    const base = loadAt(diurnal, m);
    return spike && m >= spike.at && m < spike.at + spike.minutes ? base * spike.factor : base;
  });
  const trace: TraceSpec = { kind: "series", name: "diurnal+spike", rps };
  const twin = createTwin(twinParamsFromConfig(config), trace, START);
  return advance(twin, MINUTES, { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 });
}

function overlaps(ranges: readonly FlaggedRange[], signal: SignalName, from: number, minutes: number): FlaggedRange[] {
  const a = START + from * 60_000;
  const b = a + minutes * 60_000;
  return ranges.filter((r) => r.signal === signal && r.severity !== "info" && r.endMs >= a && r.startMs < b);
}

function nearActions(ranges: readonly FlaggedRange[], actions: readonly ScalingAction[], signal: SignalName) {
  return actions.flatMap((act) => overlaps(ranges, signal, act.minute, 20));
}

const withFault = (
  signals: SignalSet,
  signal: SignalName,
  from: number,
  minutes: number,
  f: (v: number) => number,
) => ({
  ...signals,
  [signal]: {
    timestamps: signals[signal].timestamps,
    values: signals[signal].values.map((v, i) => (i >= from && i < from + minutes ? f(v) : v)),
  },
});

describe("service context: scaling actions are not anomalies, faults are", () => {
  const clean = runTwin();
  const day3 = 3 * 1440;

  it("raises no critical point and no warning at the twin's scaling actions on a trace without faults", () => {
    expect(clean.actions.length).toBeGreaterThanOrEqual(4);
    expect(clean.actions.some((a) => a.kind === "scale-in")).toBe(true);
    const r = detectAnomalies(clean.signals, undefined, detection);
    for (const s of Object.keys(r.points) as SignalName[]) {
      expect(r.points[s].filter((p) => p.severity === "critical").length, s).toBe(0);
    }
    expect(nearActions(r.summary.ranges, clean.actions, "cpu")).toEqual([]);
    expect(nearActions(r.summary.ranges, clean.actions, "p95LatencyMs")).toEqual([]);
    expect(r.points.inService.every((p) => p.severity === "none")).toBe(true);
  });

  it("would flag the scaling actions on the raw fleet-average CPU (what the context removes)", () => {
    const raw = scoreSeries(clean.signals.cpu, detection);
    const atActions = clean.actions.filter((a) =>
      raw.slice(a.minute, a.minute + 20).some((p) => p.severity !== "none"),
    );
    expect(atActions.length).toBeGreaterThan(0);
  });

  it("flags a load spike (on the load and the CPU demand)", () => {
    const spiked = runTwin({ at: day3 + 600, minutes: 30, factor: 1.8 });
    const r = detectAnomalies(spiked.signals, undefined, detection);
    expect(overlaps(r.summary.ranges, "requestRate", day3 + 600, 30).length).toBeGreaterThan(0);
    expect(overlaps(r.summary.ranges, "cpu", day3 + 600, 30).length).toBeGreaterThan(0);
  });

  it("flags a slow dependency (latency up at the same load per instance)", () => {
    const slow = withFault(clean.signals, "p95LatencyMs", day3 + 840, 40, (v) => v + 200);
    const r = detectAnomalies(slow, undefined, detection);
    expect(overlaps(r.summary.ranges, "p95LatencyMs", day3 + 840, 40).length).toBeGreaterThan(0);
  });

  it("flags an error burst", () => {
    const burst = withFault(clean.signals, "errorRate", day3 + 120, 10, () => 5);
    const r = detectAnomalies(burst, undefined, detection);
    expect(overlaps(r.summary.ranges, "errorRate", day3 + 120, 10).length).toBeGreaterThan(0);
  });
});

describe("judged signals", () => {
  it("judges CPU as CPU demand (cpu × inService) and never judges inService", () => {
    const ts = [0, 60_000];
    const s = (values: number[]) => ({ timestamps: ts, values });
    const j = judgedSignals({
      cpu: s([40, 80]),
      inService: s([2, 1]),
      requestRate: s([60, 60]),
      p95LatencyMs: s([150, 200]),
      errorRate: s([1e-80, 2]),
    });
    expect(j.cpu?.values).toEqual([80, 80]);
    expect(j.errorRate?.values).toEqual([0.01, 2]);
    expect(j.inService).toBeUndefined();
  });

  it("judges latency against the same fleet size's load curve, beyond a 50 % band", () => {
    const c = new LoadCurve();
    for (let i = 0; i < 10; i++) expect(c.update(150, 60, 2)).toBe(0);
    expect(c.update(180, 60, 2)).toBe(0); // +20 %: inside the band
    expect(c.update(300, 60, 2)).toBeCloseTo(Math.log(300 / 150) - Math.log(1.5), 1); // a slow dependency
    expect(c.update(200, 60, 1)).toBe(0); // a fleet size never seen at this load: no verdict
    expect(c.update(150, 600, 2)).toBe(0); // a load per instance outside the learnt range: no verdict
  });
});
