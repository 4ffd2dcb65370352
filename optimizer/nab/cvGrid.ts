/*
 * The declared search of `neuropilot nab --cv category`: a few global settings, each candidate the defaults with
 * at most two of them changed. Nothing here is per file or per category; the fold picks one candidate on its
 * training categories (crossValidate.ts).
 */
import type { DetectionConfig } from "../../infra/config";
import type { Candidate } from "./crossValidate";

export const CV_GRIDS = {
  /** The defaults and five one-setting changes around them. */
  small: [
    {},
    { contextWeight: 0.3 },
    { contextWeight: 0.7 },
    { noveltyMaxGrowth: 1.2 },
    { noveltyMaxGrowth: 1.5 },
    { repeatSuppressionPoints: 60 },
  ],
  /** The defaults alone: the folds choose only the thresholds. */
  none: [{}],
} as const satisfies Record<string, readonly Partial<DetectionConfig>[]>;
export type CvGridName = keyof typeof CV_GRIDS;
export const CV_GRID_NAMES = Object.keys(CV_GRIDS) as CvGridName[];

export function cvCandidates(base: DetectionConfig, grid: CvGridName = "small"): Candidate<DetectionConfig>[] {
  return (CV_GRIDS[grid] as readonly Partial<DetectionConfig>[]).map((change) => ({
    label:
      Object.entries(change)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(",") || "defaults",
    setting: { ...base, ...change },
  }));
}
