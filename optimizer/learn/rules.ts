/*
 * The learner's fixed decision thresholds, in one table. The tunable ones come from the stack config
 * (LearnerConfig: confirmCycles, severeMissMinutes, safeCpuCeilingPercent, …); these are the rules' constants.
 */
export const LEARNER_RULES = {
  /** A pair is marked unsafe at its n-th miss (earlier when a miss is severe or comes after convergence). */
  unsafeAtMisses: 2,
  /** 5-minute average CPU at or above which the fleet counts as saturated (load beyond what it could serve). */
  saturatedCpuPercent: 98,
  /** Share of the highest request rate seen so far that a pair must have seen before its headroom counts. */
  peakLoadShare: 0.9,
  /** Tolerance when comparing thresholds (they are rounded to 0.001). */
  epsilon: 1e-9,
} as const;
