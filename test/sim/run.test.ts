import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { defaultPeakRps } from "../../optimizer/sim/params";
import { runPolicy } from "../../optimizer/sim/run";

const config = defaultStackConfig();
const trace = { kind: "builtin" as const, name: "diurnal" as const, seed: 1, peakRps: defaultPeakRps(config) };
const run = (policy: "learned" | "static" | "target-tracking" | "oracle", days = 14) =>
  runPolicy({ config, trace, days, policy, startMs: 0 });

describe("policies on the twin", () => {
  it("static keeps the configured pair for the whole run", () => {
    const r = run("static", 2);
    expect(r.trajectory).toEqual([{ day: 0, scaleOutCpuThreshold: 80, scaleInCpuThreshold: 30 }]);
    expect(r.dailyCostUsd).toHaveLength(2);
    expect(r.costUsd).toBeCloseTo(r.dailyCostUsd[0] + r.dailyCostUsd[1], 9);
  });

  it("learned meets the SLA, converges, costs ≤ 1.05 × the oracle and less than target tracking (diurnal, 14 days)", () => {
    const learned = run("learned");
    const oracle = run("oracle");
    const tracking = run("target-tracking");
    expect(learned.slaPercent).toBeGreaterThanOrEqual(config.slaTargetPercent);
    expect(oracle.slaPercent).toBeGreaterThanOrEqual(config.slaTargetPercent);
    expect(learned.costUsd).toBeLessThanOrEqual(1.05 * oracle.costUsd);
    expect(learned.costUsd).toBeLessThan(tracking.costUsd);
    expect(learned.convergedDay).not.toBeNull();
    expect(learned.convergedDay ?? 99).toBeLessThanOrEqual(14);
    // the oracle is the cheapest SLA-meeting fixed pair, so no cheaper static run may meet the SLA
    expect(oracle.costUsd).toBeLessThanOrEqual(run("static").costUsd);
  });

  it("is deterministic", () => {
    expect(run("learned", 3)).toEqual(run("learned", 3));
  });

  it("rejects a bad day count", () => {
    expect(() => runPolicy({ config, trace, days: 0, policy: "static", startMs: 0 })).toThrow(/--days/);
  });
});
