import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  HEALTH_WEIGHTS,
  computeHealth,
  costComponent,
  slaComponent,
  type HealthInputs,
} from "../../optimizer/report/health";

const inputs = fc.record({
  slaAttainmentPercent: fc.double({ min: 0, max: 100, noNaN: true }),
  slaTargetPercent: fc.double({ min: 90, max: 100, noNaN: true }),
  anomalyLoadPercent: fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { nil: null }),
  meanErrorRatePercent: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  errorRateTargetPercent: fc.double({ min: 0, max: 100, noNaN: true }),
  budgetUsedPercent: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: null }),
  learning: fc.option(
    fc.record({ converged: fc.boolean(), daysLearning: fc.double({ min: 0, max: 365, noNaN: true }) }),
    { nil: null },
  ),
}) as fc.Arbitrary<HealthInputs>;

describe("health score", () => {
  it("weights sum to 1", () => {
    expect(Object.values(HEALTH_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("is an integer in [0, 100] for any inputs with SLA data", () => {
    fc.assert(
      fc.property(inputs, (h) => {
        const s = computeHealth(h).score;
        expect(s).not.toBeNull();
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100);
      }),
      { numRuns: 2000 },
    );
  });

  it("never decreases when SLA attainment rises (everything else fixed)", () => {
    fc.assert(
      fc.property(
        inputs,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (h, a, b) => {
          const lo = computeHealth({ ...h, slaAttainmentPercent: Math.min(a, b) }).score as number;
          const hi = computeHealth({ ...h, slaAttainmentPercent: Math.max(a, b) }).score as number;
          expect(hi).toBeGreaterThanOrEqual(lo);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("strictly rewards SLA attainment inside the error budget", () => {
    expect(slaComponent(100, 99.9)).toBe(100);
    expect(slaComponent(99.9, 99.9)).toBeCloseTo(50, 6);
    expect(slaComponent(99.8, 99.9)).toBeCloseTo(0, 6);
    expect(slaComponent(99.95, 99.9)).toBeCloseTo(75, 6);
    expect(
      computeHealth({
        slaAttainmentPercent: 99.95,
        slaTargetPercent: 99.9,
        anomalyLoadPercent: 0,
        meanErrorRatePercent: 0,
        errorRateTargetPercent: 1,
        budgetUsedPercent: 50,
        learning: { converged: true, daysLearning: 9 },
      }).score,
    ).toBe(91);
  });

  it("scores cost 100 up to 80 % of the budget and 0 from 120 %", () => {
    expect(costComponent(80)).toBe(100);
    expect(costComponent(100)).toBeCloseTo(50, 9);
    expect(costComponent(120)).toBe(0);
  });

  it("leaves missing components out and has no score without SLA data", () => {
    const h = computeHealth({
      slaAttainmentPercent: null,
      slaTargetPercent: 99.9,
      anomalyLoadPercent: null,
      meanErrorRatePercent: null,
      errorRateTargetPercent: 1,
      budgetUsedPercent: 10,
      learning: null,
    });
    expect(h.score).toBeNull();
    expect(h.grade).toBe("unknown");
    const partial = computeHealth({
      slaAttainmentPercent: 100,
      slaTargetPercent: 99.9,
      anomalyLoadPercent: null,
      meanErrorRatePercent: null,
      errorRateTargetPercent: 1,
      budgetUsedPercent: 120,
      learning: null,
    });
    // (100 × 0.35 + 0 × 0.15) / 0.5 = 70
    expect(partial.score).toBe(70);
    expect(partial.components.filter((c) => c.score === null).map((c) => c.name)).toEqual([
      "anomalies",
      "errors",
      "learning",
    ]);
  });
});
