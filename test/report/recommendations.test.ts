import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_RECOMMENDATIONS, buildDailyReport } from "../../optimizer/report/build";
import type { ReportInput } from "../../optimizer/report/types";
import { FIXTURE_DATE, fixtureConfig, fixtureInput } from "./fixture";

const realistic = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  dayLoadFactor: fc.double({ min: 0.5, max: 1.8, noNaN: true }),
  incident: fc.boolean(),
  budget: fc.integer({ min: 100, max: 3000 }),
  maxSize: fc.integer({ min: 3, max: 12 }),
  scaleOut: fc.integer({ min: 55, max: 90 }),
  scaleIn: fc.integer({ min: 10, max: 40 }),
  converged: fc.boolean(),
  withAnomalies: fc.boolean(),
});

describe("recommendations", () => {
  it(`gives at least ${MIN_RECOMMENDATIONS} evidence-backed recommendations for any realistic day`, () => {
    fc.assert(
      fc.property(realistic, (p) => {
        const base = fixtureInput({ seed: p.seed, dayLoadFactor: p.dayLoadFactor, incident: p.incident });
        const input: ReportInput = {
          ...base,
          config: {
            ...fixtureConfig(),
            monthlyBudgetUsd: p.budget,
            maxSize: p.maxSize,
            scaleOutCpuThreshold: p.scaleOut,
            scaleInCpuThreshold: p.scaleIn,
          },
          anomalies: p.withAnomalies ? base.anomalies : [],
          decisions: [],
          learning: { ...base.learning!, converged: p.converged },
        };
        const r = buildDailyReport(input, FIXTURE_DATE);
        expect(r.recommendations.length).toBeGreaterThanOrEqual(MIN_RECOMMENDATIONS);
        const ids = r.recommendations.map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const x of r.recommendations) {
          expect(x.evidence.length, x.id).toBeGreaterThan(0);
          for (const e of x.evidence) expect(Number.isFinite(e.value), `${x.id}: ${e.name}`).toBe(true);
          // the text quotes at least one evidence figure
          expect(
            x.evidence.some(
              (e) =>
                x.text.includes(String(e.value)) ||
                x.text.includes(e.value.toFixed(1)) ||
                x.text.includes(e.value.toFixed(2)),
            ),
            x.id,
          ).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("orders by priority and reacts to the data (over budget → high-priority cost recommendation)", () => {
    const over = buildDailyReport(
      { ...fixtureInput(), config: { ...fixtureConfig(), monthlyBudgetUsd: 150 } },
      FIXTURE_DATE,
    );
    const cost = over.recommendations.find((x) => x.id.startsWith("cost-"))!;
    expect(cost.id).toBe("cost-over-budget");
    expect(cost.priority).toBe("high");
    expect(cost.text).toContain(`$${over.cost.projectedMonthUsd.toFixed(2)}`);
    const order = { high: 0, medium: 1, low: 2 };
    const prios = over.recommendations.map((x) => order[x.priority]);
    expect([...prios].sort((a, b) => a - b)).toEqual(prios);

    const fine = buildDailyReport(fixtureInput(), FIXTURE_DATE);
    expect(fine.recommendations.find((x) => x.id.startsWith("cost-"))!.id).toBe("cost-headroom");
  });

  it("flags capacity at maxSize when the fleet hits the ceiling", () => {
    const r = buildDailyReport(
      { ...fixtureInput({ dayLoadFactor: 1.8 }), config: { ...fixtureConfig(), maxSize: 4 } },
      FIXTURE_DATE,
    );
    const cap = r.recommendations.find((x) => x.id === "capacity-at-max");
    expect(cap?.priority).toBe("high");
    expect(r.scaling.minutesAtMax).toBeGreaterThan(0);
  });

  it("says so when inputs are missing instead of padding", () => {
    const r = buildDailyReport(
      { ...fixtureInput(), signals: null, anomalies: null, learning: null, decisions: [] },
      FIXTURE_DATE,
    );
    expect(r.recommendations.length).toBeLessThan(MIN_RECOMMENDATIONS);
    expect(r.dataGaps.join("\n")).toMatch(/only \d recommendations could be derived/);
    expect(r.health.score).toBeNull();
  });
});
