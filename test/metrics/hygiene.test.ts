import { describe, expect, it } from "vitest";
import {
  cleanSignal,
  counterToRate,
  fillShortGaps,
  resampleToGrid,
  type Grid,
  type HygieneOptions,
} from "../../optimizer/metrics";

const M = 60_000;
const grid: Grid = { startMs: 0, endMs: 9 * M, stepMs: M };
const opts: HygieneOptions = { maxInterpolatedGapPoints: 2, maxMissingFraction: 0.25, staleAfterSeconds: 120 };
const minutes = (n: number) => Array.from({ length: n }, (_, i) => i * M);
const one = (values: number[], timestamps = minutes(values.length)) => [{ labels: {}, timestamps, values }];
const kinds = (r: { issues: { kind: string; blocking: boolean }[] }) =>
  r.issues.map((i) => `${i.kind}${i.blocking ? "!" : ""}`);

describe("resampleToGrid", () => {
  it("puts off-grid samples on the nearest point and keeps the nearest when two compete", () => {
    const r = resampleToGrid(
      { timestamps: [0, 61_000, 100_000, 150_000], values: [1, 2, 3, 4] },
      { startMs: 0, endMs: 2 * M, stepMs: M },
    );
    expect(r.series.values).toEqual([1, 2, 3]); // 150 s ties between 120 s and 180 s → 120 s, where 100 s (nearer) wins
    expect(r.stats.offGrid).toBe(3);
  });
  it("sorts unsorted input, drops identical duplicates, counts conflicting ones and non-finite values", () => {
    const r = resampleToGrid(
      { timestamps: [2 * M, 0, M, M, 2 * M], values: [3, 1, NaN, Infinity, 5] },
      { startMs: 0, endMs: 2 * M, stepMs: M },
    );
    expect(r.stats.nonFinite).toBe(2);
    expect(r.stats.conflictingDuplicates).toBe(2);
    const d = resampleToGrid({ timestamps: [0, 0, M], values: [1, 1, 2] }, { startMs: 0, endMs: M, stepMs: M });
    expect(d.stats.identicalDuplicates).toBe(1);
    expect(d.series.values).toEqual([1, 2]);
  });
});

describe("fillShortGaps", () => {
  it("interpolates interior gaps up to the limit only", () => {
    const r = fillShortGaps([1, NaN, 3, NaN, NaN, NaN, 7], 1);
    expect(r.values.slice(0, 3)).toEqual([1, 2, 3]);
    expect(r.values.slice(3, 6).every(Number.isNaN)).toBe(true);
    expect([r.interpolated, r.missing, r.longestGap]).toEqual([1, 3, 3]);
  });
  it("never fills leading or trailing gaps", () => {
    const r = fillShortGaps([NaN, 1, 2, NaN], 5);
    expect(Number.isNaN(r.values[0]) && Number.isNaN(r.values[3])).toBe(true);
    expect(r.missing).toBe(2);
  });
});

describe("counterToRate", () => {
  it("treats a decrease as a reset from zero (Prometheus's rule)", () => {
    expect(counterToRate([0, 60, 120, 30], 60)).toEqual({ values: [NaN, 1, 1, 0.5], resets: 1 });
  });
});

describe("cleanSignal", () => {
  it("clean data passes unchanged with no issues", () => {
    const r = cleanSignal("cpu", one([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]), grid, opts);
    expect(r.series.values).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(r.series.timestamps).toEqual(minutes(10));
    expect(r.issues).toEqual([]);
  });
  it("no series / several series → blocking, values all missing", () => {
    expect(kinds(cleanSignal("cpu", [], grid, opts))).toEqual(["no_data!"]);
    const two = cleanSignal(
      "cpu",
      [...one([1]), { labels: { instance: "b" }, timestamps: [0], values: [2] }],
      grid,
      opts,
    );
    expect(kinds(two)).toEqual(["multiple_series!"]);
    expect(two.issues[0].message).toContain('{instance="b"}');
    expect(two.series.values.every(Number.isNaN)).toBe(true);
  });
  it("NaN/Inf become gaps; short gaps are interpolated and reported", () => {
    const r = cleanSignal("requestRate", one([1, 2, NaN, Infinity, 5, 6, 7, 8, 9, 10]), grid, opts);
    expect(r.series.values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(kinds(r)).toEqual(["non_finite", "interpolated"]);
  });
  it("a long gap stays missing: a warning under maxMissingFraction, blocking above it", () => {
    const v = [1, 2, 3, NaN, NaN, NaN, 7, 8, 9, 10];
    const r = cleanSignal(
      "requestRate",
      one(
        v.filter(Number.isFinite),
        minutes(10).filter((_, i) => Number.isFinite(v[i])),
      ),
      grid,
      { ...opts, maxMissingFraction: 0.3 },
    );
    expect(kinds(r)).toEqual(["gap"]);
    expect(r.series.values.filter(Number.isNaN)).toHaveLength(3);
    expect(kinds(cleanSignal("requestRate", one(v), grid, opts))).toEqual(["non_finite", "too_much_missing!"]);
  });
  it("data that stops early is stale (blocking)", () => {
    const r = cleanSignal("inService", one([2, 2, 2, 2, 2, 2]), grid, { ...opts, maxMissingFraction: 1 });
    expect(kinds(r)).toEqual(["gap", "stale!"]);
    expect(r.issues[1].message).toMatch(/240 s older/);
  });
  it("conflicting duplicate timestamps are blocking; identical ones are dropped and reported", () => {
    const ts = [...minutes(10), 4 * M];
    expect(kinds(cleanSignal("cpu", one([...Array(10).fill(5), 6], ts), grid, opts))).toEqual([
      "conflicting_duplicates!",
    ]);
    expect(kinds(cleanSignal("cpu", one([...Array(10).fill(5), 5], ts), grid, opts))).toEqual(["duplicate_timestamps"]);
  });
  it("a raw counter becomes a per-second rate with resets handled", () => {
    const counter = [0, 60, 120, 180, 30, 90, 150, 210, 270, 330];
    const r = cleanSignal("requestRate", one(counter), grid, { ...opts, maxMissingFraction: 0.2 }, true);
    expect(r.series.values.slice(1)).toEqual([1, 1, 1, 0.5, 1, 1, 1, 1, 1]);
    expect(kinds(r)).toEqual(["counter_reset", "gap"]);
  });
  it("values just outside the physical range are clamped; far outside is blocking", () => {
    const r = cleanSignal("cpu", one([100.4, 50, 50, 50, 50, 50, 50, 50, 50, -0.2]), grid, opts);
    expect(r.series.values[0]).toBe(100);
    expect(r.series.values[9]).toBe(0);
    expect(kinds(r)).toEqual(["clamped"]);
    expect(
      kinds(cleanSignal("cpu", one([0.5, 50, 50, 50, 50, 50, 50, 50, 50, 50].map((x) => x * 100)), grid, opts)),
    ).toEqual(["out_of_range!"]);
    expect(kinds(cleanSignal("requestRate", one([1, 1, 1, -3, 1, 1, 1, 1, 1, 1]), grid, opts))).toEqual([
      "out_of_range!",
    ]);
  });
});
