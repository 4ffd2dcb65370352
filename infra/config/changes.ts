import { stackKey } from "./keys";
import type { ConfigIssue, StackConfig } from "./index";

/*
 * Rules on a change of stack config in one optimizer cycle (before → after), as opposed to rules on one config.
 * A mode switch is a change of its own: combined with a change of a tuned key it would make the outcome of the
 * cycle impossible to attribute (and to roll back) to one of them.
 */

/** The keys the optimizer tunes in each scaling mode. */
export const TUNED_KEYS = {
  step: ["scaleOutCpuThreshold", "scaleInCpuThreshold"],
  "target-tracking": ["targetCpuPercent"],
} as const;

/** Problems of changing `before` into `after` in one cycle; empty when the change is allowed. */
export function changeIssues(before: StackConfig, after: StackConfig): ConfigIssue[] {
  if (before.scalingMode === after.scalingMode) return [];
  const changed = [...TUNED_KEYS.step, ...TUNED_KEYS["target-tracking"]].filter((k) => before[k] !== after[k]);
  if (changed.length === 0) return [];
  return [
    {
      key: stackKey("scalingMode"),
      value: after.scalingMode,
      message:
        `a mode switch (${before.scalingMode} → ${after.scalingMode}) cannot be combined with a change of ` +
        `${changed.map(stackKey).join(", ")} in one cycle: switch the mode first, tune in a later cycle`,
    },
  ];
}
