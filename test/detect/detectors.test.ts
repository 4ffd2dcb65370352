import { median, medianAbsoluteDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { EwmaChartDetector } from "../../optimizer/detect/ewmaChart";
import { NoveltyNormaliser, ratioToScore } from "../../optimizer/detect/novelty";
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
