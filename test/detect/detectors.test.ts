import { median, medianAbsoluteDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { ContextNoveltyDetector } from "../../optimizer/detect/contextNovelty";
import { EwmaChartDetector } from "../../optimizer/detect/ewmaChart";
import { NoveltyNormaliser, ratioToScore } from "../../optimizer/detect/novelty";
import { RepeatSuppressor } from "../../optimizer/detect/repeatSuppressor";
import { RobustZScoreDetector } from "../../optimizer/detect/robustZScore";
import { RollingWindow } from "../../optimizer/detect/rollingWindow";
import { SeasonalDetector, hourOfWeekUtc } from "../../optimizer/detect/seasonalBaseline";
import { dailySeries, rng } from "./helpers";

describe("rolling window", () => {
  it("keeps the median and MAD of the last `size` values (checked against simple-statistics)", () => {
    const r = rng(1);
    const w = new RollingWindow(31);
    const all: number[] = [];
    for (let i = 0; i < 500; i++) {
      const v = Math.round(r() * 100) / 4;
      w.push(v);
      all.push(v);
      const last = all.slice(-31);
      expect(w.median()).toBe(median(last));
      expect(w.mad(w.median())).toBeCloseTo(medianAbsoluteDeviation(last), 12);
    }
  });
});

describe("robust z-score", () => {
  it("is small on noise and large on a spike", () => {
    const d = new RobustZScoreDetector(60);
    const s = dailySeries(400, 2, 5, 50, (i, v) => (i === 300 ? v + 60 : v));
    const z = s.values.map((v, i) => d.update(s.timestamps[i], v));
    expect(z[300]).toBeGreaterThan(8);
    expect(Math.max(...z.slice(100, 299))).toBeLessThan(5);
  });

  it("does not divide by zero on a flat line and flags the first change", () => {
    const d = new RobustZScoreDetector(20);
    const z = Array.from({ length: 100 }, (_, i) => d.update(i, i < 80 ? 5 : 6));
    expect(z.slice(0, 80).every((x) => x === 0)).toBe(true);
    expect(Number.isFinite(z[80]) && z[80] > 100).toBe(true);
  });
});

describe("EWMA control chart", () => {
  it("flags a sustained shift of 3σ within a few points but not single noise points", () => {
    const r = rng(3);
    const d = new EwmaChartDetector(0.2, 0.01, 30);
    const z: number[] = [];
    for (let i = 0; i < 600; i++) z.push(d.update(i, (i >= 500 ? 3 : 0) + (r() - 0.5) * Math.sqrt(12)));
    expect(Math.max(...z.slice(100, 500))).toBeLessThan(4.5);
    expect(Math.max(...z.slice(500, 510))).toBeGreaterThan(5);
  });
});

describe("seasonal baseline", () => {
  it("numbers hours of the week from Monday 00:00 UTC", () => {
    expect(hourOfWeekUtc(Date.UTC(2024, 0, 1, 0))).toBe(0); // Monday
    expect(hourOfWeekUtc(Date.UTC(2024, 0, 7, 23))).toBe(167); // Sunday 23:00
    expect(hourOfWeekUtc(Date.UTC(1970, 0, 1, 5))).toBe(3 * 24 + 5); // Thursday
  });

  it("learns the daily profile online and flags a value normal in level but wrong for its hour", () => {
    const d = new SeasonalDetector(6, 0.05);
    // 20 days of hourly data; on the last day 21:00 (normally ≈ 43) takes the 06:00 peak level (≈ 60)
    const s = dailySeries(24 * 20, 4, 60, 50, (i, v) => (i === 24 * 19 + 21 ? 60 : v));
    const z = s.values.map((v, i) => d.update(s.timestamps[i], v));
    expect(z[24 * 19 + 21]).toBeGreaterThan(6);
    expect(Math.max(...z.slice(24 * 10, 24 * 19))).toBeLessThan(4);
  });
});

describe("novelty normaliser", () => {
  it("scores a deviation against the recent maximum, after the warm-up", () => {
    const n = new NoveltyNormaliser(1000, 2);
    expect(n.update(1)).toBe(0);
    expect(n.update(2)).toBe(0);
    expect(n.update(1)).toBeCloseTo(0.5, 2);
    expect(n.update(4)).toBeCloseTo(2, 2);
    expect(ratioToScore(1)).toBe(0.5);
    expect(ratioToScore(0)).toBe(0);
  });
});

describe("novelty normaliser: growth cap", () => {
  it("lets one huge outlier raise the remembered maximum by at most maxGrowth, so the next anomaly still stands out", () => {
    const capped = new NoveltyNormaliser(1000, 2, 1.3);
    const uncapped = new NoveltyNormaliser(1000, 2);
    const run = (n: NoveltyNormaliser) => [1, 1, 1, 100, 1, 5].map((d) => n.update(d));
    const c = run(capped);
    const u = run(uncapped);
    expect(c[3]).toBeCloseTo(100, 6); // the outlier itself scores the same
    expect(u[3]).toBeCloseTo(100, 6);
    expect(c[5]).toBeGreaterThan(3); // 5 against a maximum of about 1.3
    expect(u[5]).toBeLessThan(0.06); // 5 against a maximum of about 100
    expect(() => new NoveltyNormaliser(100, 0, 1)).toThrow(/max growth must be > 1/);
  });
});

describe("contextual novelty", () => {
  it("is silent while learning the range, then scores a never-seen transition 1 and repeats 1/2, 1/3, …", () => {
    const d = new ContextNoveltyDetector({ bins: 4, length: 2, rangePoints: 8 });
    const learning = [0, 1, 2, 3, 4, 3, 2, 1];
    for (const v of learning) expect(d.update(v)).toBe(0);
    expect(d.ready).toBe(true);
    // range [0, 4] in 4 bins of width 1; the replayed contexts are (0,1) (1,2) (2,3) (3,4) (4,3) (3,2) (2,1)
    expect([0, 1, 2, 0, 1].map((v) => d.update(v))).toEqual([1, 1 / 2, 1 / 2, 1, 1 / 3]);
  });

  it("flags a jump to a level never seen and then learns it", () => {
    const d = new ContextNoveltyDetector({ bins: 8, length: 2, rangePoints: 100 });
    const s = dailySeries(600, 4);
    const novelty = s.values.map((v, i) => d.update(i >= 500 ? v + 40 : v));
    expect(Math.max(...novelty.slice(0, 100))).toBe(0);
    expect(novelty[500]).toBe(1);
    expect(novelty[599]).toBeLessThan(0.5);
  });

  it("averages the novelty over its resolutions (bins, 2·bins)", () => {
    const s = dailySeries(900, 8);
    const both = new ContextNoveltyDetector({ bins: 8, length: 2, rangePoints: 200, scales: 2 });
    const coarse = new ContextNoveltyDetector({ bins: 8, length: 2, rangePoints: 200 });
    const fine = new ContextNoveltyDetector({ bins: 16, length: 2, rangePoints: 200 });
    let differs = false;
    for (const v of s.values) {
      const a = coarse.update(v);
      const b = fine.update(v);
      expect(both.update(v)).toBeCloseTo((a + b) / 2, 12);
      differs ||= a !== b;
    }
    expect(differs).toBe(true);
  });

  it("rejects bad settings with the setting's name", () => {
    expect(() => new ContextNoveltyDetector({ bins: 1, length: 2, rangePoints: 10 })).toThrow(/context bins/);
    expect(() => new ContextNoveltyDetector({ bins: 8, length: 9, rangePoints: 10 })).toThrow(/context length/);
    expect(() => new ContextNoveltyDetector({ bins: 8, length: 2, rangePoints: 10, scales: 0 })).toThrow(
      /context scales/,
    );
  });
});

describe("repeat suppressor", () => {
  it("keeps a score only when it beats every score of the previous N points", () => {
    const s = new RepeatSuppressor(3);
    expect([0.2, 0.9, 0.5, 0.8, 0.1, 0.1, 0.1, 0.6, 0.95].map((x) => s.update(x))).toEqual([
      0.2, 0.9, 0, 0, 0, 0, 0, 0.6, 0.95,
    ]);
    const off = new RepeatSuppressor(0);
    expect([0.5, 0.4].map((x) => off.update(x))).toEqual([0.5, 0.4]);
  });
});
