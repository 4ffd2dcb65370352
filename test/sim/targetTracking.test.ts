import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { twinParamsFromConfig, type TwinParams } from "../../optimizer/sim/params";
import type { TraceSpec } from "../../optimizer/sim/traces";
import { advance, createTwin } from "../../optimizer/sim/twin";

const base = twinParamsFromConfig(defaultStackConfig()); // 80 rps per instance, idle CPU 2 %
const params = (over: Partial<TwinParams> = {}): TwinParams => ({ ...base, ...over });
const step = (low: number, high: number, at: number, minutes = 600): TraceSpec => ({
  kind: "series",
  name: "step",
  rps: Array.from({ length: minutes }, (_, m) => (m < at ? low : high)),
});
const pair = { scaleOutCpuThreshold: 80, scaleInCpuThreshold: 30 };
const tt = (targetCpuPercent: number) => ({ mode: "target-tracking" as const, targetCpuPercent });

describe("target tracking in the twin", () => {
  it("scales out after 3 consecutive datapoints above the target, to the proportional capacity", () => {
    const p = params({ maxSize: 10, warmupMinutes: 3 });
    // 1 instance at 60 rps → CPU 2 + 98 × 0.75 = 75.5 % > 50 from minute 10
    const r = advance(createTwin(p, step(20, 60, 10), 0), 30, pair, tt(50));
    const first = r.actions[0];
    expect(first).toMatchObject({ minute: 12, kind: "scale-out", from: 1, to: 2, reason: "target-tracking" });
    expect(r.signals.inService.values[15]).toBe(1); // warming up minutes 13–15
    expect(r.signals.inService.values[16]).toBe(2);
  });

  it("adds proportional capacity at once on a big step", () => {
    const p = params({ maxSize: 10, minSize: 2, desiredCapacity: 2, warmupMinutes: 2 });
    // 2 instances at 150 rps → 93.9 % CPU; ceil(2 × 93.9 / 40) = 5
    const r = advance(createTwin(p, step(10, 150, 5), 0), 12, pair, tt(40));
    expect(r.actions[0]).toMatchObject({ minute: 7, from: 2, to: 5 });
  });

  it("does not scale out again while instances warm up", () => {
    const p = params({ maxSize: 10, warmupMinutes: 10 });
    const r = advance(createTwin(p, step(20, 300, 5), 0), 17, pair, tt(50));
    const outs = r.actions.filter((a) => a.kind === "scale-out");
    expect(outs).toHaveLength(1); // a second one would need the first instances in service (minute 18)
  });

  it("scales in only after 15 datapoints below 90 % of the target, gradually and after the cooldown", () => {
    const p = params({ minSize: 1, maxSize: 20, desiredCapacity: 20, cooldownMinutes: 5 });
    // 20 instances at 100 rps → ~8 % CPU, far below 0.9 × 60
    const r = advance(createTwin(p, step(100, 100, 0), 0), 40, pair, tt(60));
    const ins = r.actions.filter((a) => a.kind === "scale-in");
    expect(ins[0]).toMatchObject({ minute: 14, from: 20, to: 18 }); // 15th low datapoint; at most 10 % of 20
    for (let i = 1; i < ins.length; i++) expect(ins[i].minute - ins[i - 1].minute).toBeGreaterThanOrEqual(5);
    // just below the target but above 90 % of it: no scale-in
    const hold = advance(createTwin(params({ desiredCapacity: 2 }), step(80, 80, 0), 0), 60, pair, tt(55));
    expect(hold.signals.inService.values[0]).toBe(2);
    expect(hold.actions).toEqual([]); // 2 instances at 80 rps → 51 % CPU ≥ 0.9 × 55
  });

  it("keeps the p95-latency alarm as a scale-out guard", () => {
    const p = params({ latencyThresholdMs: 100, warmupMinutes: 0 }); // p95 of a 50 ms service is ≈ 150 ms
    const r = advance(createTwin(p, step(40, 40, 0), 0), 5, pair, tt(90));
    expect(r.actions[0]).toMatchObject({ kind: "scale-out", reason: "latency-high" });
  });

  it("is resumable from JSON state: chunks equal one run", () => {
    const trace: TraceSpec = { kind: "builtin", name: "noisy", seed: 3, peakRps: 200 };
    const whole = advance(createTwin(base, trace, 0), 2000, pair, tt(70));
    let state = createTwin(base, trace, 0);
    const actions = [];
    for (const n of [7, 993, 1000]) {
      const r = advance(JSON.parse(JSON.stringify(state)), n, pair, tt(70));
      state = r.state;
      actions.push(...r.actions);
    }
    expect(actions).toEqual(whole.actions);
    expect(state.inService).toBe(whole.state.inService);
  });
});
