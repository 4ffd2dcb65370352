import { describe, expect, it } from "vitest";
import { fixedHourlyUsd, instanceMinutesUsd } from "../../infra/cost/model";
import { summariseAnomalies } from "../../optimizer/report/anomalies";
import { projectMonthCost } from "../../optimizer/report/cost";
import { assessDataQuality } from "../../optimizer/report/dataQuality";
import { summariseDecisions } from "../../optimizer/report/decisions";
import { computeSla } from "../../optimizer/report/sla";
import type { SignalSet, TimeSeries } from "../../optimizer/core/types";
import { reportWindow } from "../../optimizer/report/window";
import { fixtureConfig } from "./fixture";

const MIN = 60_000;
const DAY = 86_400_000;
const w = reportWindow("2026-11-20");

function constSeries(start: number, end: number, value: (t: number) => number): TimeSeries {
  const s: TimeSeries = { timestamps: [], values: [] };
  for (let t = start; t < end; t += MIN) {
    s.timestamps.push(t);
    s.values.push(value(t));
  }
  return s;
}

function flatSignals(over: Partial<Record<keyof SignalSet, (t: number) => number>> = {}): SignalSet {
  const mk = (f: (t: number) => number) => constSeries(w.baselineStart, w.dayEnd, f);
  return {
    cpu: mk(over.cpu ?? (() => 50)),
    p95LatencyMs: mk(over.p95LatencyMs ?? (() => 100)),
    requestRate: mk(over.requestRate ?? (() => 100)),
    errorRate: mk(over.errorRate ?? (() => 0.1)),
    inService: mk(over.inService ?? (() => 3)),
  };
}

describe("SLA attainment", () => {
  it("counts minutes breaching latency or error targets as bad", () => {
    const c = fixtureConfig(); // latency 300 ms, 5xx target 1 %
    const slow = (t: number) => (t >= w.dayStart && t < w.dayStart + 10 * MIN ? 400 : 100);
    const failing = (t: number) => (t >= w.dayStart + 5 * MIN && t < w.dayStart + 15 * MIN ? 2 : 0.1);
    const s = computeSla(flatSignals({ p95LatencyMs: slow, errorRate: failing }), c, w.dayStart, w.dayEnd, MIN);
    expect(s.evaluatedMinutes).toBe(1440);
    expect(s.latencyBreachMinutes).toBe(10);
    expect(s.errorBreachMinutes).toBe(10);
    expect(s.badMinutes).toBe(15);
    expect(s.attainmentPercent).toBeCloseTo((1425 / 1440) * 100, 3);
    expect(s.met).toBe(false);
  });

  it("skips minutes without both values and reports null without data", () => {
    const c = fixtureConfig();
    const gaps = (t: number) => (t < w.dayStart + 60 * MIN ? NaN : 100);
    const s = computeSla(flatSignals({ p95LatencyMs: gaps }), c, w.dayStart, w.dayEnd, MIN);
    expect(s.evaluatedMinutes).toBe(1380);
    expect(computeSla(null, c, w.dayStart, w.dayEnd, null).attainmentPercent).toBeNull();
  });
});

describe("month-end cost projection", () => {
  it("uses the cost model: observed instance-minutes + 7-day mean for the rest + fixed hours", () => {
    const c = fixtureConfig(); // m6i.large, NAT gateway on
    const p = projectMonthCost(flatSignals().inService, c, w.dayEnd, MIN);
    // 3 instances all month (uncovered elapsed minutes and the rest of November at the 7-day mean of 3)
    const expected = instanceMinutesUsd("m6i.large", 3 * 30 * 1440) + fixedHourlyUsd(true) * 30 * 24;
    expect(p.projectedMonthUsd).toBeCloseTo(expected, 2);
    expect(p.daysInMonth).toBe(30);
    expect(p.daysElapsed).toBe(20);
    expect(p.meanInService7d).toBe(3);
    expect(p.budgetUsedPercent).toBeCloseTo((expected / 1200) * 100, 1);
    expect(p.monthToDateCoveragePercent).toBe(40);
  });

  it("goes over budget when the fleet is large and says by how much", () => {
    const c = { ...fixtureConfig(), monthlyBudgetUsd: 300 };
    const p = projectMonthCost(flatSignals({ inService: () => 8 }).inService, c, w.dayEnd, MIN);
    expect(p.projectedMonthUsd).toBeGreaterThan(300);
    expect(p.overBudgetUsd).toBeCloseTo(p.projectedMonthUsd - 300, 2);
  });

  it("falls back to desiredCapacity without in-service data", () => {
    const c = fixtureConfig();
    const p = projectMonthCost(null, c, w.dayEnd, null);
    expect(p.meanInService7d).toBe(c.desiredCapacity);
    expect(p.basis).toMatch(/desiredCapacity/);
  });
});

describe("anomaly load", () => {
  it("clips ranges to the day, weighs severities and merges point runs", () => {
    const a = summariseAnomalies(
      [
        {
          signal: "cpu",
          ranges: [
            {
              start: w.dayStart - 10 * MIN,
              end: w.dayStart + 9 * MIN,
              severity: "critical",
              maxScore: 5,
              detectors: ["ewma"],
            },
          ],
        },
        {
          signal: "errorRate",
          ranges: [],
          points: {
            timestamps: [0, 1, 2, 3].map((i) => w.dayStart + i * MIN),
            scores: [1, 2, 3, 4],
            severities: ["warning", "warning", "none", "info"],
          },
        },
      ],
      w.dayStart,
      w.dayEnd,
      MIN,
    );
    const cpu = a.perSignal.find((p) => p.signal === "cpu")!;
    expect(cpu.criticalMinutes).toBe(10);
    const err = a.perSignal.find((p) => p.signal === "errorRate")!;
    expect(err.warningMinutes).toBe(2);
    expect(err.infoMinutes).toBe(1);
    expect(err.ranges).toBe(2);
    expect(a.weightedMinutes).toBeCloseTo(10 + 2 * 0.5 + 0.1, 6);
    expect(summariseAnomalies(null, w.dayStart, w.dayEnd, MIN).available).toBe(false);
  });
});

describe("decisions of the day", () => {
  it("keeps the day's decisions and follows the thresholds in force", () => {
    const t = (o: number, i: number) => ({ scaleOutCpuThreshold: o, scaleInCpuThreshold: i });
    const d = summariseDecisions(
      [
        { timestamp: w.dayStart - DAY, action: "changed", from: t(80, 30), to: t(75, 30), reason: "a" },
        { timestamp: w.dayStart + 3_600_000, action: "changed", from: t(75, 30), to: t(72, 28), reason: "b" },
        {
          timestamp: w.dayStart + 7_200_000,
          action: "rolled-back",
          from: t(72, 28),
          to: t(68, 28),
          reason: "policy violation",
        },
        { timestamp: w.dayEnd + 1, action: "changed", from: t(72, 28), to: t(60, 20), reason: "tomorrow" },
      ],
      t(70, 30),
      w.dayStart,
      w.dayEnd,
    );
    expect(d.entries.map((e) => e.reason)).toEqual(["b", "policy violation"]);
    expect(d.counts).toEqual({ changed: 1, held: 0, refused: 0, "rolled-back": 1 });
    expect(d.thresholdsAtStart).toEqual(t(75, 30));
    expect(d.thresholdsAtEnd).toEqual(t(72, 28));
  });

  it("uses the stack config when there is no decision at all", () => {
    const d = summariseDecisions([], { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 }, w.dayStart, w.dayEnd);
    expect(d.thresholdsAtStart).toBeNull();
    expect(d.thresholdsAtEnd).toEqual({ scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 });
  });
});

describe("data quality", () => {
  it("measures coverage and the longest gap", () => {
    const q = assessDataQuality(
      flatSignals({ cpu: (t) => (t >= w.dayStart + 100 * MIN && t < w.dayStart + 130 * MIN ? NaN : 50) }),
      w.dayStart,
      w.dayEnd,
      MIN,
    );
    const cpu = q.find((x) => x.signal === "cpu")!;
    expect(cpu.presentPoints).toBe(1410);
    expect(cpu.longestGapMinutes).toBe(30);
    expect(q.find((x) => x.signal === "inService")!.coveragePercent).toBe(100);
  });
});

describe("report window", () => {
  it("rejects malformed and impossible dates", () => {
    expect(() => reportWindow("2026-13-01")).toThrow(/not a calendar date/);
    expect(() => reportWindow("20261120")).toThrow(/YYYY-MM-DD/);
  });
});

describe("coarser and finer steps", () => {
  it("counts minutes from 5-minute points", async () => {
    const { buildDailyReport } = await import("../../optimizer/report/build");
    const { fixtureInput } = await import("./fixture");
    const input = fixtureInput({ incident: false });
    const thin = (s: TimeSeries): TimeSeries => ({
      timestamps: s.timestamps.filter((_, i) => i % 5 === 0),
      values: s.values.filter((_, i) => i % 5 === 0),
    });
    const signals = Object.fromEntries(Object.entries(input.signals!).map(([k, s]) => [k, thin(s)])) as SignalSet;
    const r = buildDailyReport({ ...input, signals }, "2026-11-20");
    expect(r.stepSeconds).toBe(300);
    expect(r.sla.evaluatedMinutes).toBe(1440);
    expect(r.dataQuality.find((q) => q.signal === "inService")!.expectedPoints).toBe(288);
    expect(r.trends.find((t) => t.signal === "requestRate")!.significant).toBe(true);
  });

  it("refuses sub-minute points with a message naming the step", async () => {
    const { buildDailyReport } = await import("../../optimizer/report/build");
    const { fixtureInput } = await import("./fixture");
    const input = fixtureInput();
    const fast = (s: TimeSeries): TimeSeries => ({
      timestamps: s.timestamps.map((_t, i) => w.dayStart + i * 30_000),
      values: s.values,
    });
    const signals = Object.fromEntries(Object.entries(input.signals!).map(([k, s]) => [k, fast(s)])) as SignalSet;
    expect(() => buildDailyReport({ ...input, signals }, "2026-11-20")).toThrow(
      /step is 30 s: the report needs 1-minute or coarser/,
    );
  });
});
