import { describe, expect, it } from "vitest";
import {
  NAB_PROFILES,
  fileRowValues,
  poolRows,
  probationaryPeriod,
  scaledSigmoid,
  scoreCorpus,
  sweepProfile,
  windowsToRows,
} from "../../optimizer/nab/scoring";

/** One 20-row file, window on rows 10..13 (W = 4); probationary period p = floor(0.15·20) = 3. */
function tinyFile(flags: Record<number, number>) {
  const scores = Array.from({ length: 20 }, (_, i) => flags[i] ?? 0);
  return { scores, rows: fileRowValues(20, [{ start: 10, end: 13 }]) };
}

describe("scaled sigmoid", () => {
  it("matches the published reference values", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });
});

describe("probationary period", () => {
  it("is min(floor(0.15 n), 750)", () => {
    expect(probationaryPeriod(20)).toBe(3);
    expect(probationaryPeriod(4032)).toBe(604);
    expect(probationaryPeriod(10_000)).toBe(750);
  });
});

describe("row values", () => {
  it("gives A_TP at the left edge, S(y)/S(-1) inside, −1 before any window and S(|i−R|/(W−1)) after", () => {
    const v = fileRowValues(20, [{ start: 10, end: 13 }]);
    expect(v.value[10]).toBeCloseTo(1, 10); // y = −4/4 = −1
    expect(v.value[12]).toBeCloseTo(0.84828 / 0.98661, 4); // y = −2/4
    expect(v.value[13]).toBeCloseTo(scaledSigmoid(-0.25) / scaledSigmoid(-1), 10);
    expect(v.value[5]).toBe(-1);
    expect(v.value[16]).toBeCloseTo(scaledSigmoid(3 / 3), 10); // |16 − 13| / (4 − 1) = 1
    expect(v.value[19]).toBeCloseTo(-0.99991, 5); // y = 6/3 = 2 → S = 2σ(−10) − 1
  });
});

describe("threshold sweep", () => {
  it("scores the null detector 0 and a perfect detector 100 on every profile", () => {
    const nothing = tinyFile({});
    const perfect = tinyFile({ 10: 1 });
    for (const r of Object.values(scoreCorpus([nothing]))) expect(r.score).toBe(0);
    for (const r of Object.values(scoreCorpus([perfect]))) expect(r.score).toBeCloseTo(100, 10);
  });

  it("matches a hand-computed case: one FP before the window (score 1.0), a TP mid-window (score 0.9)", () => {
    // θ = 1.0 flags only the FP: −1 − 0.11 < null (−1), so θ = 0.9 wins:
    // standard: −0.11 + 0.84828/0.98661 = 0.74979 → (0.74979 + 1) / 2 · 100 = 87.49
    // low FP:   −0.22 + 0.85979 = 0.63979 → 81.99;  low FN: (0.74979 + 2) / 3 · 100 = 91.66
    const r = scoreCorpus([tinyFile({ 5: 1.0, 12: 0.9 })]);
    expect(r.standard.score).toBeCloseTo(87.49, 1);
    expect(r.reward_low_FP_rate.score).toBeCloseTo(81.99, 1);
    expect(r.reward_low_FN_rate.score).toBeCloseTo(91.66, 1);
    expect(r.standard.threshold).toBe(0.9);
    expect(r.standard.truePositives).toBe(1);
    expect(r.standard.falsePositives).toBe(1);
  });

  it("counts only the earliest detection of a window and ignores the probationary period", () => {
    // rows 1 (probation), 11, 12, 13 flagged: the window earns the value of row 11 only, row 1 costs nothing
    const r = scoreCorpus([tinyFile({ 1: 1, 11: 1, 12: 1, 13: 1 })]);
    const v11 = scaledSigmoid(-3 / 4) / scaledSigmoid(-1);
    expect(r.standard.raw).toBeCloseTo(v11, 10);
    expect(r.standard.falsePositives).toBe(0);
  });

  it("costs little for a false positive just after a window and keeps the higher threshold on ties", () => {
    // row 14 right after the window: y = 1/3 → S = 2σ(−5/3) − 1 = −0.6819; × 0.11
    const r = sweepProfile(poolRows([tinyFile({ 10: 0.8, 14: 0.5 })]), NAB_PROFILES.standard);
    expect(r.threshold).toBe(0.8);
    const both = sweepProfile(poolRows([tinyFile({ 10: 0.5, 14: 0.5 })]), NAB_PROFILES.standard);
    expect(both.raw).toBeCloseTo(1 + 0.11 * scaledSigmoid(1 / 3), 10);
    expect(scaledSigmoid(1 / 3)).toBeCloseTo(-0.6819, 3);
  });

  it("uses one threshold for the whole corpus, not one per file", () => {
    // file A needs θ ≤ 0.3 to detect; file B has an FP at 0.6 that any θ ≤ 0.3 also flags
    const a = tinyFile({ 10: 0.3 });
    const b = tinyFile({ 5: 0.6, 10: 0.9 });
    const r = scoreCorpus([a, b]).standard;
    // θ = 0.9: B's window only → raw = 1 − 1 = 0; θ = 0.3: both windows, one FP → 2 − 0.11 = 1.89 (best)
    expect(r.raw).toBeCloseTo(1.89, 10);
    expect(r.score).toBeCloseTo(((1.89 + 2) / 4) * 100, 8);
  });

  it("rejects scores outside [0, 1] and a score count that does not match the rows", () => {
    expect(() =>
      scoreCorpus([{ scores: [1.5, ...new Array<number>(19).fill(0)], rows: tinyFile({}).rows }]),
    ).not.toThrow();
    expect(() => scoreCorpus([{ scores: [...new Array<number>(19).fill(0), 1.5], rows: tinyFile({}).rows }])).toThrow(
      /not in \[0, 1\]/,
    );
    expect(() => scoreCorpus([{ scores: [0, 0], rows: tinyFile({}).rows }])).toThrow(/2 anomaly scores for 20 rows/);
  });
});

describe("windows to rows", () => {
  it("maps inclusive timestamp windows to row indices and names a window that matches no row", () => {
    const ts = [0, 60_000, 120_000, 180_000, 240_000];
    expect(windowsToRows(ts, [[60_000, 180_000]])).toEqual([{ start: 1, end: 3 }]);
    expect(() => windowsToRows(ts, [[500_000, 600_000]])).toThrow(/matches no row/);
  });
});
