import { describe, expect, it } from "vitest";
import { defaultStackConfig, parseStackConfig } from "../../infra/config";
import { twinParamsFromConfig } from "../../optimizer/sim/params";
import { runPredictive, type PredictiveSettings } from "../../optimizer/sim/predictive";
import { runPolicy } from "../../optimizer/sim/run";
import { advance, createTwin, floorAt } from "../../optimizer/sim/twin";
import { loadAt, type TraceSpec } from "../../optimizer/sim/traces";

const START = Date.UTC(2026, 0, 5);
const config = parseStackConfig({ minSize: 1, maxSize: 8, desiredCapacity: 1 });
const trace = { kind: "builtin" as const, name: "diurnal" as const, seed: 3, peakRps: 400 };
const noScale = { scaleOutCpuThreshold: 100, scaleInCpuThreshold: 0 };
const historyOf = (t: TraceSpec, days: number) =>
  Array.from({ length: days * 1440 }, (_, m) => loadAt(t, m - days * 1440));

describe("scheduled capacity floor in the twin", () => {
  it("launches instances a buffer ahead of the hour so they are in service when it starts", () => {
    const flat = { kind: "series" as const, name: "flat", rps: [10] };
    const floor = { startMs: START, hourly: [0, 5, 0], bufferMinutes: 10 };
    expect(floorAt(floor, START + 49 * 60_000)).toBe(0);
    expect(floorAt(floor, START + 50 * 60_000)).toBe(5);
    const twin = createTwin({ ...twinParamsFromConfig(config), warmupMinutes: 4 }, flat, START);
    const r = advance(twin, 180, noScale, "target-tracking", floor);
    const inService = r.signals.inService.values;
    expect(inService[50]).toBe(1);
    expect(inService[60]).toBe(5); // launched at 50, warm 4 minutes later: ready before the hour
    // the floor drops after hour 1; only the (reactive) policy scales in, not the schedule
    expect(r.actions.find((a) => a.kind === "scale-out")?.minute).toBe(50);
    expect(r.actions.some((a) => a.kind === "scale-in" && a.minute < 110)).toBe(false);
  });

  it("a floor never lowers capacity below what the controller holds, and is clamped to maxSize", () => {
    const twin = createTwin(twinParamsFromConfig(config), trace, START);
    const high = advance(twin, 600, noScale, "target-tracking", {
      startMs: START,
      hourly: Array(10).fill(50),
      bufferMinutes: 0,
    });
    expect(Math.max(...high.signals.inService.values)).toBe(8);
    const none = advance(twin, 600, noScale, "target-tracking");
    const low = advance(twin, 600, noScale, "target-tracking", {
      startMs: START,
      hourly: Array(10).fill(1),
      bufferMinutes: 0,
    });
    expect(low.signals.inService.values).toEqual(none.signals.inService.values);
  });
});

describe("predictive policies", () => {
  const settings: PredictiveSettings = {
    kind: "learned",
    reactiveTargetCpuPercent: 70,
    scheduleTargetCpuPercent: 70,
    refreshHours: 24,
    bufferMinutes: 10,
  };

  it("the forecast only sees the past: a different future leaves every earlier decision unchanged", () => {
    const history = historyOf(trace, 7);
    const minutes = 6 * 1440;
    const base = Array.from({ length: minutes }, (_, m) => loadAt(trace, m));
    const changed = base.map((v, m) => (m >= 4 * 1440 ? v * 3 : v));
    const a = runPredictive(config, { kind: "series", name: "a", rps: base }, 6, START, settings, history);
    const b = runPredictive(config, { kind: "series", name: "b", rps: changed }, 6, START, settings, history);
    expect(b.decisions.slice(0, 5)).toEqual(a.decisions.slice(0, 5));
    expect(b.decisions[5]).not.toEqual(a.decisions[5]);
    expect(b.daily.slice(0, 4)).toEqual(a.daily.slice(0, 4));
  });

  it("without history the schedule waits for enough days and says why", () => {
    const r = runPredictive(config, trace, 7, START, settings);
    expect(r.decisions[0]).toMatchObject({ used: false });
    expect(r.decisions[0].reason).toMatch(/history too short: 0 usable hours, the forecast needs 72/);
    expect(r.decisions.some((d) => d.used)).toBe(true);
  });

  it("a poor backtest withdraws the schedule (reactive only), naming the limit", () => {
    const strict = parseStackConfig({ minSize: 1, maxSize: 8, desiredCapacity: 1, forecast: { maxMapePercent: 1 } });
    const noisy = { kind: "builtin" as const, name: "noisy" as const, seed: 3, peakRps: 400 };
    const r = runPredictive(strict, noisy, 2, START, settings, historyOf(noisy, 7));
    expect(r.decisions.every((d) => !d.used)).toBe(true);
    expect(r.decisions[0].reason).toMatch(/reactive only: backtest MAPE [\d.]+ % is above forecast.maxMapePercent 1 %/);
  });

  it("bench policies run with the same history and report their forecast decisions", () => {
    const c = defaultStackConfig();
    for (const policy of ["learned-predictive", "aws-predictive"] as const) {
      const r = runPolicy({ config: c, trace, days: 2, policy, startMs: START, historyDays: 10 });
      expect(r.policy).toBe(policy);
      expect(r.forecastDecisions?.length).toBeGreaterThan(0);
      expect(r.costUsd).toBeGreaterThan(0);
    }
  });
});
