import { describe, expect, it } from "vitest";
import { erlangC, fleetPerformance, responseTimeQuantileMs, responseTimeTail } from "../../optimizer/sim/queueing";

describe("erlangC", () => {
  it("matches hand-computed values", () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = ρ
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12); // (1/2·2/1) / (1 + 1 + 1)
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12); // (8/6·3) / (1 + 2 + 2 + 4)
  });
  it("is 1 at or above saturation and 0 without load", () => {
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 7)).toBe(1);
    expect(erlangC(4, 0)).toBe(0);
  });
  it("rejects bad inputs with a clear message", () => {
    expect(() => erlangC(0, 1)).toThrow(/servers/);
    expect(() => erlangC(2, -1)).toThrow(/offered load/);
  });
});

describe("M/M/c response time", () => {
  it("reduces to M/M/1: T ~ Exp(μ − λ)", () => {
    // μ = 20/s (50 ms), λ = 10/s: p95 = ln 20 / 10 s
    expect(responseTimeQuantileMs(10, 1, 50)).toBeCloseTo((Math.log(20) / 10) * 1000, 3);
    expect(responseTimeTail(0.1, 1, 10, 20)).toBeCloseTo(Math.exp(-1), 12);
  });
  it("without load is the service-time quantile", () => {
    expect(responseTimeQuantileMs(0, 4, 50)).toBeCloseTo(50 * Math.log(20), 9);
  });
  it("grows with load and explodes near saturation", () => {
    const at = (rho: number) => responseTimeQuantileMs(rho * 80, 4, 50);
    expect(at(0.5)).toBeLessThan(at(0.8));
    expect(at(0.8)).toBeLessThan(at(0.95));
    expect(at(0.99)).toBeGreaterThan(5 * at(0.5));
    expect(at(1)).toBe(Infinity);
  });
});

describe("fleetPerformance", () => {
  const model = { workersPerInstance: 4, serviceTimeMs: 50, idleCpuPercent: 2, overloadLatencyMs: 10_000 };
  it("derives CPU from utilisation", () => {
    expect(fleetPerformance(80, 2, model).cpuPercent).toBeCloseTo(2 + 98 * 0.5, 9);
  });
  it("reports errors and the timeout latency when overloaded", () => {
    const p = fleetPerformance(200, 2, model);
    expect(p.cpuPercent).toBe(100);
    expect(p.p95LatencyMs).toBe(10_000);
    expect(p.errorRatePercent).toBeCloseTo(20, 9); // capacity 160 of 200 rps
  });
  it("has no CPU datapoint and only errors without instances", () => {
    const p = fleetPerformance(10, 0, model);
    expect(Number.isNaN(p.cpuPercent)).toBe(true);
    expect(p.errorRatePercent).toBe(100);
  });
});
