import { mulberry32 } from "../support/rng";
import type { TimeSeries } from "../../optimizer/core/types";

/** Seeded PRNG (mulberry32, test/support/rng.ts) so test data is the same on every run. */
export const rng = mulberry32;

export const START = Date.UTC(2024, 0, 1); // a Monday

/** Daily sine around `level` with uniform noise, one point every `stepMinutes`; `edit` may change values. */
export function dailySeries(
  n: number,
  seed: number,
  stepMinutes = 5,
  level = 50,
  edit?: (i: number, v: number) => number,
): TimeSeries {
  const r = rng(seed);
  const perDay = (24 * 60) / stepMinutes;
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    timestamps.push(START + i * stepMinutes * 60_000);
    const v = level + 10 * Math.sin((2 * Math.PI * i) / perDay) + 2 * (r() - 0.5);
    values.push(edit ? edit(i, v) : v);
  }
  return { timestamps, values };
}
