import { describe, expect, it } from "vitest";
import { mannWhitneyU } from "../../optimizer/report/mannWhitney";
import { computeTrends } from "../../optimizer/report/trends";
import { FIXTURE_DATE, fixtureSignals, seededRng } from "./fixture";

const DAY = 86_400_000;
const dayStart = Date.parse(`${FIXTURE_DATE}T00:00:00Z`);

describe("Mann-Whitney U", () => {
  it("matches a hand-computed value (no ties)", () => {
    // x = [1,2,4], y = [3,5,6,7]: ranks of x are 1, 2, 4 → W = 7, U = W − 3·4/2 = 1 (one pair with x > y: 4 > 3)
    const r = mannWhitneyU([1, 2, 4], [3, 5, 6, 7]);
    expect(r?.u).toBe(1);
  });

  it("gives a large p for samples from one distribution and a tiny p for shifted ones", () => {
    const rnd = seededRng(3);
    const a = Array.from({ length: 40 }, () => rnd());
    const b = Array.from({ length: 60 }, () => rnd());
    const shifted = b.map((v) => v + 0.5);
    expect(mannWhitneyU(a, b)!.pValue).toBeGreaterThan(0.05);
    expect(mannWhitneyU(a, shifted)!.pValue).toBeLessThan(1e-6);
  });

  it("returns null when every value is tied", () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1])).toBeNull();
  });
});

describe("per-signal trends (last 24 h vs 7-day baseline)", () => {
  it("finds a 25 % rise of the request rate significant and leaves unchanged signals flat", () => {
    const t = computeTrends(
      fixtureSignals({ dayLoadFactor: 1.25, incident: false }),
      dayStart - 7 * DAY,
      dayStart,
      dayStart + DAY,
    );
    const rate = t.find((x) => x.signal === "requestRate")!;
    expect(rate.direction).toBe("up");
    expect(rate.significant).toBe(true);
    expect(rate.changePercent).toBeGreaterThan(20);
    expect(rate.changePercent).toBeLessThan(30);
    const errors = t.find((x) => x.signal === "errorRate")!;
    expect(errors.significant).toBe(false);
  });

  it("reports no significant change when the day is like the baseline", () => {
    const t = computeTrends(
      fixtureSignals({ dayLoadFactor: 1, incident: false }),
      dayStart - 7 * DAY,
      dayStart,
      dayStart + DAY,
    );
    for (const x of t) expect(x.significant, x.signal).toBe(false);
  });

  it("does not test with too short a baseline and says why", () => {
    const t = computeTrends(fixtureSignals({ baselineDays: 2 }), dayStart - 7 * DAY, dayStart, dayStart + DAY);
    expect(t[0].pValue).toBeNull();
    expect(t[0].note).toMatch(/too little data.*48 h of baseline/);
  });

  it("detects a fall as a significant 'down'", () => {
    const t = computeTrends(
      fixtureSignals({ dayLoadFactor: 0.7, incident: false }),
      dayStart - 7 * DAY,
      dayStart,
      dayStart + DAY,
    );
    const rate = t.find((x) => x.signal === "requestRate")!;
    expect(rate.direction).toBe("down");
    expect(rate.significant).toBe(true);
  });
});
