import { deriveFindings, type RuleContext } from "./recommend/findings";
import { word } from "./recommend/wording";
import type { Priority, Recommendation } from "./types";

export type { RuleContext } from "./recommend/findings";

const ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

/**
 * Every rule that fires, highest priority first (rule order within a priority): the findings
 * (optimizer/report/recommend/findings.ts, pure, thresholds in RULE_THRESHOLDS) put into words (recommend/wording.ts).
 */
export function deriveRecommendations(c: RuleContext): Recommendation[] {
  return deriveFindings(c)
    .map((finding, i) => ({ r: word(finding, c), i }))
    .sort((a, b) => ORDER[a.r.priority] - ORDER[b.r.priority] || a.i - b.i)
    .map((x) => x.r);
}
