import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { SIGNALS, type SignalSet } from "../../optimizer/core/types";
import { detectAnomalies } from "../../optimizer/detect/detectAnomalies";
import { scoreSeries } from "../../optimizer/detect/ensemble";
import { trainModel } from "../../optimizer/detect/train";
import { dailySeries } from "./helpers";

const config = defaultStackConfig().detection;

describe("streaming ensemble", () => {
  it("gives scores in [0, 1], the same for the same input, and flags an injected spike with the detectors that fired", () => {
    const s = dailySeries(2000, 5, 5, 50, (i, v) => (i === 1500 ? v + 80 : v));
    const a = scoreSeries(s, config);
    const b = scoreSeries(s, config);
    expect(a.map((p) => p.score)).toEqual(b.map((p) => p.score));
    for (const p of a) expect(p.score >= 0 && p.score <= 1).toBe(true);
    const spike = a[1500];
    expect(spike.score).toBeGreaterThan(0.75);
    expect(["warning", "critical"]).toContain(spike.severity);
    expect(spike.detectors).toContain("robustZ");
    const calm = a.slice(1000, 1500);
    expect(Math.max(...calm.map((p) => p.score))).toBeLessThan(spike.score);
    expect(calm.filter((p) => p.severity === "warning" || p.severity === "critical")).toHaveLength(0);
  });

  it("keeps the full score for a deviation in a never-seen context and reports each event once in the alarm score", () => {
    const s = dailySeries(2000, 5, 5, 50, (i, v) => (i >= 1500 && i < 1504 ? v + 80 : v));
    const r = scoreSeries(s, config);
    expect(r[700].contextNovelty).toBeUndefined(); // still learning the value range (contextRangePoints = 750)
    expect(r[1500].contextNovelty).toBe(1);
    expect(r[1500].alarmScore).toBe(r[1500].score);
    for (let i = 1501; i < 1500 + config.repeatSuppressionPoints; i++) {
      expect(r[i].alarmScore).toBe(
        r[i].score > Math.max(...r.slice(i - config.repeatSuppressionPoints, i).map((p) => p.score)) ? r[i].score : 0,
      );
    }
    expect(r.slice(1501, 1530).filter((p) => p.alarmScore > 0.5)).toHaveLength(0);
    const noContext = scoreSeries(s, config, { detectors: ["robustZ", "ewma", "seasonal", "kmeans"] });
    expect(noContext[1500].contextNovelty).toBeUndefined();
    expect(r.slice(1000, 1500).some((p) => p.contextNovelty !== undefined && p.contextNovelty < 1)).toBe(true);
    for (let i = 1000; i < 2000; i++) {
      const c = r[i].contextNovelty ?? 1;
      expect(r[i].score).toBeCloseTo(noContext[i].score * (1 - config.contextWeight + config.contextWeight * c), 12);
    }
  });

  it("skips missing values without disturbing the detectors", () => {
    const s = dailySeries(600, 6);
    s.values[300] = NaN;
    const r = scoreSeries(s, config);
    expect(r[300]).toMatchObject({ score: 0, severity: "none", detectors: [] });
    expect(r[301].score).toBeLessThan(0.7);
  });

  it("quietens with lower sensitivity: fewer points fire", () => {
    const s = dailySeries(3000, 7, 5, 50, (i, v) => v + (i % 400 === 399 ? 15 : 0));
    const count = (sensitivity: number) =>
      scoreSeries(s, { ...config, sensitivity }).filter((p) => p.severity !== "none").length;
    expect(count(1)).toBeGreaterThan(count(0));
  });

  it("uses a trained model for the k-means detector of its signal", () => {
    const train = dailySeries(2000, 8);
    const trained = trainModel(undefined, train, { config, signal: "cpu" });
    if (trained.status !== "trained") throw new Error("expected a trained model");
    const s = dailySeries(400, 9, 5, 50, (i, v) => (i >= 300 ? v + 40 : v));
    const r = scoreSeries(s, config, { model: trained.model, learnOnline: false });
    expect(r[300].deviations.kmeans).toBeGreaterThan(3);
  });
});

describe("detectAnomalies", () => {
  function signals(shiftAt?: number): SignalSet {
    const set = {} as SignalSet;
    SIGNALS.forEach((name, k) => {
      set[name] = dailySeries(1500, 20 + k, 5, 50, (i, v) =>
        name === "cpu" && shiftAt !== undefined && i >= shiftAt ? v + 100 : v,
      );
    });
    return set;
  }

  it("reports nothing open on calm signals", () => {
    const r = detectAnomalies(signals(), undefined, config);
    expect(r.summary.openCritical).toBe(false);
    for (const name of SIGNALS) expect(r.points[name]).toHaveLength(1500);
  });

  it("reports an open critical anomaly and its time range when the last points jump", () => {
    const set = signals(1490);
    const r = detectAnomalies(set, undefined, config);
    expect(r.summary.openCritical).toBe(true);
    const cpu = r.summary.ranges.filter((x) => x.signal === "cpu" && x.severity === "critical");
    expect(cpu).toHaveLength(1);
    expect(cpu[0].startMs).toBe(set.cpu.timestamps[1490]);
    expect(cpu[0].endMs).toBe(set.cpu.timestamps[1499]);
  });

  it("names the signal whose series is malformed", () => {
    const set = signals();
    set.errorRate = { timestamps: [1, 2], values: [1] };
    expect(() => detectAnomalies(set, undefined, config)).toThrow(
      /signal errorRate: series has 2 timestamps but 1 values/,
    );
  });
});
