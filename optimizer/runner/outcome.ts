import type { Thresholds } from "../core/types";
import type { CycleOutcome, DecisionLogAction } from "../state/decisionLog";
import { hardGates } from "./gates";

/*
 * What a cycle's outcome is, decided by pure functions from what the cycle found: first whether to try the change
 * at all (planChange), then, when it was tried, what came of it (outcomeOfChange).
 */

export interface Verdict {
  outcome: CycleOutcome;
  action: DecisionLogAction;
  /** The thresholds in force after the cycle. */
  to: Thresholds;
  reason: string;
  /** A pair the guardrails refused: the learner never proposes it again. */
  markUnsafe: Thresholds | null;
}

export interface LearnerProposal {
  action: string;
  reason: string;
  to: Thresholds;
}

/** What applying a change came to (see applyChange). */
export interface ApplyResult {
  ok: boolean;
  why: string;
  policyBlocked: boolean;
}

export const sameThresholds = (a: Thresholds, b: Thresholds) =>
  a.scaleOutCpuThreshold === b.scaleOutCpuThreshold && a.scaleInCpuThreshold === b.scaleInCpuThreshold;
export const fmtThresholds = (t: Thresholds) => `${t.scaleOutCpuThreshold}%/${t.scaleInCpuThreshold}%`;

/**
 * Refused (kill switch, data quality, an open critical anomaly, an oversized step: whatever the learner says),
 * held (nothing to change, or a cooldown), or `"apply"`: write, preview, up.
 */
export function planChange(
  gates: readonly string[],
  current: Thresholds,
  proposal: LearnerProposal,
): Verdict | "apply" {
  const hard = hardGates(gates);
  const held = (reason: string): Verdict => ({
    outcome: "held",
    action: "held",
    to: current,
    reason,
    markUnsafe: null,
  });
  if (hard.length > 0)
    return {
      outcome: "refused",
      action: "refused",
      to: current,
      reason: `${hard.join("; ")} (learner: ${proposal.action} ${fmtThresholds(proposal.to)})`,
      markUnsafe: null,
    };
  if (sameThresholds(proposal.to, current)) return held(proposal.reason);
  if (gates.length > 0)
    return held(`${gates.join("; ")} (learner wanted ${fmtThresholds(proposal.to)}: ${proposal.reason})`);
  return "apply";
}

/** The verdict of a change that was applied (or, in a dry run, previewed). */
export function outcomeOfChange(
  current: Thresholds,
  proposal: LearnerProposal,
  applied: ApplyResult,
  dryRun: boolean,
): Verdict {
  if (!applied.ok)
    return {
      outcome: "rolled-back",
      action: "rolled-back",
      to: current,
      reason: `${applied.why}; restored ${fmtThresholds(current)}`,
      // a pair the guardrails refuse is never proposed again (a failed `up` says nothing about the pair)
      markUnsafe: applied.policyBlocked ? proposal.to : null,
    };
  if (dryRun)
    return {
      outcome: "dry-run",
      action: "held",
      to: current,
      reason: `dry run: would change ${fmtThresholds(current)} → ${fmtThresholds(proposal.to)} (${proposal.reason}); preview passed`,
      markUnsafe: null,
    };
  return { outcome: "changed", action: "changed", to: proposal.to, reason: proposal.reason, markUnsafe: null };
}
