import { describe, expect, it } from "vitest";
import type { NabFile } from "../../optimizer/nab/corpus";
import { crossValidateByCategory } from "../../optimizer/nab/crossValidate";
import {
  fileRowValues,
  NAB_PROFILES,
  poolRows,
  scoreAtThreshold,
  sweepProfile,
  windowsToRows,
} from "../../optimizer/nab/scoring";

/** A 100-row file with one window on rows [60, 69] (none when `window` is false). */
function file(category: string, name: string, window = true): NabFile {
  const timestamps = Array.from({ length: 100 }, (_, i) => i * 60_000);
  const windows: [number, number][] = window ? [[60 * 60_000, 69 * 60_000]] : [];
  return { key: `${category}/${name}`, category, name, timestamps, values: timestamps.map(() => 1), windows };
}

/** A toy detector: flags row `at` with score 0.9 (or nothing at −1), and row 30 (a false positive) with `noise`. */
function flags(at: number, noise = 0): Float64Array {
  const s = new Float64Array(100);
  if (at >= 0) s[at] = 0.9;
  s[30] = noise;
  return s;
}

describe("scoreAtThreshold", () => {
  it("equals the sweep's result at the sweep's own threshold", () => {
    const rows = fileRowValues(100, windowsToRows(file("a", "x").timestamps, file("a", "x").windows));
    const pool = poolRows([{ scores: flags(62, 0.95), rows }]);
    for (const profile of Object.values(NAB_PROFILES)) {
      const swept = sweepProfile(pool, profile);
      expect(scoreAtThreshold(pool, profile, swept.threshold).score).toBeCloseTo(swept.score, 10);
    }
    expect(scoreAtThreshold(pool, NAB_PROFILES.standard, Infinity).score).toBe(0);
  });
});

describe("leave-one-category-out", () => {
  const files = ["a", "b", "c", "d"].map((c) => file(c, "1.csv")).concat(file("quiet", "1.csv", false));

  it("chooses the setting on the other categories and scores the held-out one at their threshold", () => {
    // setting "early" flags every window at its left edge (100), except in category c, where it flags nothing;
    // setting "late" flags every window at its right edge (about 25 each). On any three categories "early" wins, so
    // c is scored with "early": it misses c's window (0) although "late" would have found it.
    const cv = crossValidateByCategory(
      files,
      [
        { label: "early", setting: 60 },
        { label: "late", setting: 69 },
      ],
      (f, at) => flags(f.category === "c" && at === 60 ? -1 : f.category === "quiet" ? -1 : at),
    );
    const byCat = Object.fromEntries(cv.folds.map((f) => [f.category, f]));
    expect(byCat.c.chosen).toBe("early");
    expect(byCat.c.heldOut?.standard).toBe(0);
    expect(byCat.a.chosen).toBe("early");
    expect(byCat.a.heldOut?.standard).toBeCloseTo(100, 6);
    expect(byCat.quiet.heldOut).toBeNull();
    expect(cv.mean.standard).toBeCloseTo(75, 6);
    expect(cv.pooledHeldOut.standard).toBeCloseTo(75, 6);
    expect(cv.inSample.chosen).toBe("early");
  });

  it("counts a false positive in the windowless held-out category in the pooled figure only", () => {
    const cv = crossValidateByCategory(files, [{ label: "only", setting: 0 }], (f) =>
      f.category === "quiet" ? flags(-1, 0.95) : flags(60),
    );
    expect(cv.mean.standard).toBeCloseTo(100, 6);
    // 4 windows, one FP before any window: raw 4 − 0.11 → (3.89 + 4) / 8
    expect(cv.pooledHeldOut.standard).toBeCloseTo((100 * (4 - 0.11 + 4)) / 8, 6);
  });
});
