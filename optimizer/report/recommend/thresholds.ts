/**
 * Every threshold the recommendation rules compare against, in one place (optimizer/report/recommend/findings.ts
 * reads them; the wording quotes the figures, never these limits restated).
 */
export const RULE_THRESHOLDS = {
  /** A met SLA that used more than this share of the day's error budget (%) is a warning, not a margin. */
  slaBudgetWarnPercent: 50,
  /** Month-end projection above this share of the budget (%): over budget. */
  costOverBudgetPercent: 100,
  /** …above this share (%): near the budget. */
  costNearBudgetPercent: 90,
  /** CPU p95 closer than this many points to the scale-out threshold: the base load sits near the trigger. */
  scaleOutTightGapPoints: 5,
  /** More scaling actions than this in one day: flapping. */
  flappingActionsPerDay: 12,
  /** Minutes in the report day (the idle-at-min shares below are of it). */
  minutesPerDay: 1440,
  /** Idle at minSize: at least this share of the day at minSize… */
  idleAtMinShare: 0.9,
  /** …and at least this share of the day under the scale-in threshold. */
  idleBelowScaleInShare: 0.5,
  /** The largest maxSize a recommendation proposes (the config's hard bound). */
  maxSizeLimit: 100,
  /** maxSize at least this many times the day's peak: the ceiling is high. */
  ceilingHighPeakFactor: 2,
  /** A lowered maxSize keeps this factor above the day's peak. */
  ceilingHeadroomFactor: 1.5,
  /** Coverage (%) under which a signal counts as having gaps. */
  dataCompleteCoveragePercent: 99,
  /** Coverage (%) under which gaps are high priority. */
  dataGapsHighCoveragePercent: 90,
  /** Days without convergence after which the threshold learner counts as slow. */
  learningSlowDays: 7,
  /** 5xx breach share of the day (%) above which the error finding is high priority. */
  errorsHighSharePercent: 1,
  /** Distinct refusal reasons quoted at most. */
  blockedReasonsQuoted: 3,
} as const;
