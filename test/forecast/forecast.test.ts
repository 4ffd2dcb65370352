import { describe, expect, it } from "vitest";
import { changePoints, maxActionsOnOneDay } from "../../infra/config";
import {
  backtest,
  DEFAULT_FORECAST_OPTIONS,
  ForecastInputError,
  forecastLoad,
} from "../../optimizer/forecast/forecast";
import { HOUR_MS, hourOfWeek, toHourly, type HourlySeries } from "../../optimizer/forecast/hourly";
import { FORECAST_METHODS, seasonalProfile, theilSenSlope } from "../../optimizer/forecast/methods";
import { floorOfSchedule, instancesFor, planSchedule } from "../../optimizer/forecast/schedule";
import { dailyCycleStrength } from "../../optimizer/forecast/seasonality";

const MONDAY = Date.UTC(2026, 0, 5);
const model = { workersPerInstance: 4, serviceTimeMs: 50, idleCpuPercent: 2 };

/** Hourly series: base × (1 + amp·sin) daily, weekend factor, optional noise. */
function synthetic(days: number, opts: { weekend?: number; noise?: number; growth?: number } = {}): HourlySeries {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  const values = Array.from({ length: days * 24 }, (_, i) => {
    const day = Math.floor(i / 24);
    const w = day % 7 >= 5 ? (opts.weekend ?? 1) : 1;
    const g = 1 + (opts.growth ?? 0) * day;
    return 100 * g * w * (1 + 0.6 * Math.sin((2 * Math.PI * ((i % 24) - 10)) / 24)) * (1 + (opts.noise ?? 0) * rand());
  });
  return { startMs: MONDAY, values };
}

describe("calendar and hourly aggregation", () => {
  it("hour of week counts from Monday 00:00 UTC", () => {
    expect(hourOfWeek(MONDAY)).toBe(0);
    expect(hourOfWeek(MONDAY + 31 * HOUR_MS + 59 * 60_000)).toBe(31);
    expect(hourOfWeek(MONDAY - HOUR_MS)).toBe(167);
  });
  it("hour mean and hour peak (highest 5-point moving average); sparse hours are missing", () => {
    const ts = Array.from({ length: 120 }, (_, m) => MONDAY + m * 60_000);
    const values = ts.map((_, m) => (m < 60 ? (m === 30 ? 160 : 100) : m < 70 ? 50 : NaN));
    const mean = toHourly({ timestamps: ts, values }, "mean");
    expect(mean.values[0]).toBeCloseTo(101, 6);
    expect(Number.isNaN(mean.values[1])).toBe(true); // 10 of 60 minutes
    expect(toHourly({ timestamps: ts, values }, "peak5").values[0]).toBeCloseTo(112, 6);
  });
  it("Theil–Sen ignores one outlier", () => {
    expect(theilSenSlope([0, 1, 2, 3, 4], [0, 2, 4, 100, 8])).toBeCloseTo(2, 9);
  });
  it("daily-cycle strength: ≈ 1 for a daily sine, ≈ 0 for noise", () => {
    expect(dailyCycleStrength(synthetic(14))).toBeGreaterThan(0.95);
    const noise = synthetic(14, { noise: 1 });
    noise.values = noise.values.map((_, i) => Math.abs(Math.sin(i * 12.9898) * 43758.5453) % 1);
    expect(Math.abs(dailyCycleStrength(noise))).toBeLessThan(0.2);
  });
});

describe("forecast methods and backtest", () => {
  it("the seasonal profile recovers a clean daily and weekly rhythm", () => {
    const s = synthetic(21, { weekend: 0.5 });
    const train = { startMs: s.startMs, values: s.values.slice(0, 14 * 24) };
    const f = seasonalProfile(train, 48);
    const truth = s.values.slice(14 * 24, 14 * 24 + 48);
    f.mean.forEach((m, i) => expect(Math.abs(m - truth[i]) / truth[i]).toBeLessThan(0.01));
  });
  it.each(FORECAST_METHODS)("%s: near-zero backtest error on a noise-free rhythm", (method) => {
    const bt = backtest(synthetic(14), { ...DEFAULT_FORECAST_OPTIONS, method }).summary;
    expect(bt.origins).toBeGreaterThan(3);
    expect(bt.mapePercent).toBeLessThan(method === "holt-winters" ? 5 : 1);
  });
  it("the band is calibrated out of sample: ~5 % of hours above the 95 % upper bound on noisy data", () => {
    const bt = backtest(synthetic(28, { noise: 0.3 }), DEFAULT_FORECAST_OPTIONS).summary;
    expect(bt.aboveUpperShare).toBeGreaterThan(0.01);
    expect(bt.aboveUpperShare).toBeLessThan(0.12);
  });
  it("forecast: 48 hours after the last one, lower ≤ mean ≤ upper", () => {
    const s = synthetic(14, { noise: 0.1 });
    const f = forecastLoad(s);
    expect(f.hours).toHaveLength(48);
    expect(f.originMs).toBe(MONDAY + 14 * 24 * HOUR_MS);
    for (const h of f.hours) {
      expect(h.lower).toBeLessThanOrEqual(h.mean);
      expect(h.upper).toBeGreaterThanOrEqual(h.mean);
    }
  });
  it("history too short or too gappy: a ForecastInputError naming why", () => {
    expect(() => forecastLoad(synthetic(2))).toThrow(ForecastInputError);
    expect(() => forecastLoad(synthetic(2))).toThrow(/history too short: 48 usable hours, the forecast needs 168/);
    const gappy = synthetic(14);
    gappy.values = gappy.values.map((v, i) => (i % 3 === 0 ? v : NaN));
    expect(() => forecastLoad(gappy)).toThrow(/history too short|too many gaps/);
  });
});

describe("capacity schedule", () => {
  const f = forecastLoad(synthetic(14, { noise: 0.05 }));
  const base = {
    targetCpuPercent: 80,
    model,
    minSize: 2,
    maxSize: 6,
    maxActionsPerDay: 12,
    bufferMinutes: 10,
    bound: "upper" as const,
  };
  it("instances for a load at a CPU target (hand-computed)", () => {
    expect(instancesFor(200, 80, model)).toBe(4); // 200 × 98 / (78 × 80) = 3.14
    expect(instancesFor(0, 80, model)).toBe(0);
  });
  it("ranges lie within [minSize, maxSize], cover the forecast's hours, and raise the floor where load is high", () => {
    const s = planSchedule(f, base);
    expect(s.ranges.length).toBeGreaterThan(0);
    for (const r of s.ranges) {
      expect(r.minCapacity).toBeGreaterThan(2);
      expect(r.minCapacity).toBeLessThanOrEqual(6);
    }
    const capped = planSchedule(f, { ...base, maxScheduledCapacity: 3 });
    expect(Math.max(...capped.ranges.map((r) => r.minCapacity))).toBe(3);
  });
  it("limiting actions per day only raises floors", () => {
    const free = planSchedule(f, {
      ...base,
      maxActionsPerDay: 48,
      model: { ...model, serviceTimeMs: 200 },
      maxSize: 40,
    });
    const limited = planSchedule(f, {
      ...base,
      maxActionsPerDay: 4,
      model: { ...model, serviceTimeMs: 200 },
      maxSize: 40,
    });
    expect(maxActionsOnOneDay(changePoints(free, 2))).toBeGreaterThan(4);
    expect(maxActionsOnOneDay(changePoints(limited, 2))).toBeLessThanOrEqual(4);
    const floor = (s: typeof free) => floorOfSchedule(s, f.originMs, 48).hourly;
    const a = floor(free);
    floor(limited).forEach((v, i) => expect(v).toBeGreaterThanOrEqual(a[i]));
  });
});
