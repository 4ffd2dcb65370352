/*
 * The declared search of `neuropilot nab --cv category`: a few global settings, each candidate the defaults with
 * at most two of them changed. Nothing here is per file or per category; the fold picks one candidate on its
 * training categories (crossValidate.ts).
 */
import type { DetectionConfig } from "../../infra/config";
import type { Candidate } from "./crossValidate";

export const CV_GRID: readonly Partial<DetectionConfig>[] = [
  {},
  { contextWeight: 0.3 },
  { contextWeight: 0.7 },
  { noveltyMaxGrowth: 1.2 },
  { noveltyMaxGrowth: 1.5 },
  { repeatSuppressionPoints: 60 },
];

export function cvCandidates(base: DetectionConfig): Candidate<DetectionConfig>[] {
  return CV_GRID.map((change) => ({
    label:
      Object.entries(change)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(",") || "defaults",
    setting: { ...base, ...change },
  }));
}
