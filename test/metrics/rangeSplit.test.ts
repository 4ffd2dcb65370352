import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignRange, pointsIn, splitRange } from "../../optimizer/metrics";

describe("splitRange", () => {
  it("splits a hand-computed case into consecutive, non-overlapping chunks", () => {
    expect(splitRange({ startMs: 0, endMs: 9_000, stepSeconds: 1 }, 4)).toEqual([
      { startMs: 0, endMs: 3_000, stepSeconds: 1 },
      { startMs: 4_000, endMs: 7_000, stepSeconds: 1 },
      { startMs: 8_000, endMs: 9_000, stepSeconds: 1 },
    ]);
  });

  it("keeps a window within the limit whole: 7 days at 60 s is 10,081 points", () => {
    const r = { startMs: 0, endMs: 7 * 86_400_000, stepSeconds: 60 };
    expect(pointsIn(r)).toBe(10_081);
    expect(splitRange(r)).toEqual([r]);
  });

  it("splits 2 days at 15 s (11,521 points) into two requests under 11,000", () => {
    const chunks = splitRange({ startMs: 0, endMs: 2 * 86_400_000, stepSeconds: 15 });
    expect(chunks.map(pointsIn)).toEqual([11_000, 521]);
  });

  it("property: chunks cover exactly the grid points of the window, each ≤ maxPoints", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 700 }),
        (start, n, step, max) => {
          const r = { startMs: start * 1000, endMs: start * 1000 + n * step * 1000 + 17, stepSeconds: step };
          const chunks = splitRange(r, max);
          const points = chunks.flatMap((c) =>
            Array.from({ length: pointsIn(c) }, (_, i) => c.startMs + i * step * 1000),
          );
          expect(points).toEqual(Array.from({ length: n + 1 }, (_, i) => r.startMs + i * step * 1000));
          for (const c of chunks) expect(pointsIn(c)).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it("rejects an inverted window or a zero step with a clear message", () => {
    expect(() => splitRange({ startMs: 10, endMs: 0, stepSeconds: 1 })).toThrow(/before its start/);
    expect(() => splitRange({ startMs: 0, endMs: 10, stepSeconds: 0 })).toThrow(/step must be > 0/);
  });

  it("alignRange rounds both ends down to the step", () => {
    expect(alignRange({ startMs: 90_500, endMs: 200_000, stepSeconds: 60 })).toEqual({
      startMs: 60_000,
      endMs: 180_000,
      stepSeconds: 60,
    });
  });
});
