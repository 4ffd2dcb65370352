import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { fixedHourlyUsd, instanceMinutesUsd } from "../../infra/cost/model";
import { twinParamsFromConfig, type TwinParams } from "../../optimizer/sim/params";
import type { TraceSpec } from "../../optimizer/sim/traces";
import { advance, createTwin } from "../../optimizer/sim/twin";

const base = twinParamsFromConfig(defaultStackConfig()); // 80 rps per instance, 1–4 instances
const params = (over: Partial<TwinParams> = {}): TwinParams => ({ ...base, ...over });
/** Load stepping from `low` to `high` rps at minute `at`. */
const step = (low: number, high: number, at: number, minutes = 600): TraceSpec => ({
  kind: "series",
  name: "step",
  rps: Array.from({ length: minutes }, (_, m) => (m < at ? low : high)),
});
const th = (out: number, inn: number) => ({ scaleOutCpuThreshold: out, scaleInCpuThreshold: inn });

describe("digital twin", () => {
  it("scales out after M of N breaching minutes, and the instance serves only after warm-up", () => {
    const p = params({ warmupMinutes: 3, cooldownMinutes: 5, evaluationPeriods: 3, datapointsToAlarm: 2 });
    // 1 instance, 72 rps = 90 % utilisation → CPU ≈ 90 % > 80 from minute 10.
    const r = advance(createTwin(p, step(20, 72, 10), 0), 40, th(80, 30));
    const out = r.actions.find((a) => a.kind === "scale-out");
    expect(out).toMatchObject({ minute: 11, from: 1, to: 2, reason: "cpu-high" }); // 2nd breaching minute
    const inService = r.signals.inService.values;
    expect(inService[11]).toBe(1);
    expect(inService[14]).toBe(1); // launched at end of minute 11, warming minutes 12–14
    expect(inService[15]).toBe(2);
  });

  it("waits for the cooldown between scaling activities", () => {
    const p = params({ warmupMinutes: 0, cooldownMinutes: 5, maxSize: 10 });
    const r = advance(createTwin(p, step(20, 500, 5), 0), 60, th(80, 10));
    const outs = r.actions.filter((a) => a.kind === "scale-out").map((a) => a.minute);
    expect(outs.length).toBeGreaterThan(2);
    for (let i = 1; i < outs.length; i++) expect(outs[i] - outs[i - 1]).toBeGreaterThanOrEqual(5);
  });

  it("never leaves [minSize, maxSize]", () => {
    const p = params({ minSize: 2, maxSize: 3, desiredCapacity: 2, warmupMinutes: 1, cooldownMinutes: 1 });
    const up = advance(createTwin(p, step(10, 1000, 5), 0), 120, th(80, 30));
    expect(Math.max(...up.signals.inService.values)).toBe(3);
    expect(up.summary.slaPercent).toBeLessThan(100); // 1000 rps cannot be served by 3 instances
    const down = advance(createTwin(p, step(1, 1, 0), 0), 120, th(80, 30));
    expect(Math.min(...down.signals.inService.values)).toBe(2);
    expect(down.actions).toEqual([]);
  });

  it("scales in on the CPU-low alarm by scaleInStep", () => {
    const p = params({ desiredCapacity: 3, cooldownMinutes: 0, scaleInStep: 2 });
    const r = advance(createTwin(p, step(10, 10, 0), 0), 10, th(80, 30));
    expect(r.actions[0]).toMatchObject({ kind: "scale-in", from: 3, to: 1, reason: "cpu-low" });
  });

  it("scales out on the latency alarm even below the CPU threshold", () => {
    const p = params({ latencyThresholdMs: 100, warmupMinutes: 0 }); // p95 of a 50 ms service is ≈ 150 ms
    const r = advance(createTwin(p, step(40, 40, 0), 0), 5, th(95, 10));
    expect(r.actions[0]).toMatchObject({ kind: "scale-out", reason: "latency-high" });
  });

  it("bills instance-minutes with the shared cost model plus the fixed hourly cost", () => {
    const p = params({ desiredCapacity: 2, minSize: 2 });
    const r = advance(createTwin(p, step(50, 50, 0), 0), 120, th(80, 10));
    expect(r.summary.instanceMinutes).toBe(240);
    expect(r.summary.costUsd).toBeCloseTo(
      instanceMinutesUsd(p.instanceType, 240) + 2 * fixedHourlyUsd(p.useNatGateway),
      12,
    );
  });

  it("emits 1-minute signals from the start time", () => {
    const r = advance(createTwin(base, step(30, 30, 0), 1_000_000), 3, th(80, 30));
    expect(r.signals.cpu.timestamps).toEqual([1_000_000, 1_060_000, 1_120_000]);
    expect(Object.keys(r.signals).sort()).toEqual(["cpu", "errorRate", "inService", "p95LatencyMs", "requestRate"]);
  });

  it("is resumable from JSON state: chunks equal one run", () => {
    const trace: TraceSpec = { kind: "builtin", name: "noisy", seed: 3, peakRps: 200 };
    const whole = advance(createTwin(base, trace, 0), 2000, th(75, 35));
    let state = createTwin(base, trace, 0);
    const actions = [];
    for (const n of [7, 500, 993, 500]) {
      const r = advance(JSON.parse(JSON.stringify(state)), n, th(75, 35));
      state = r.state;
      actions.push(...r.actions);
    }
    const { totals, ...rest } = state;
    const { totals: wholeTotals, ...wholeRest } = whole.state;
    expect(rest).toEqual(wholeRest);
    expect({ ...totals, requests: 0 }).toEqual({ ...wholeTotals, requests: 0 });
    expect(totals.requests).toBeCloseTo(wholeTotals.requests, 3); // float sums in another order
    expect(actions).toEqual(whole.actions);
  });

  it("rejects a bad minute count", () => {
    expect(() => advance(createTwin(base, step(1, 1, 0), 0), -1, th(80, 30))).toThrow(/minutes/);
  });
});
