import { decideTarget, initialTargetLearnerState, targetLearnerConfigOf } from "../learn/targetLearner";
import type { TargetDecision, TargetLearnerState } from "../learn/targetTypes";
import { twinParamsFromConfig } from "./params";
import {
  bestInHindsight,
  configuredPair,
  historyOf,
  result,
  runCycles,
  runFixed,
  type RunOptions,
  type RunResult,
} from "./runCommon";
import { planTarget } from "./targetPlan";

/* The target-tracking policies: the best fixed target in hindsight, and the target learner. Pure. */

/** Targets the hindsight search tries: 40–90 % CPU, step 5. */
export const BEST_TARGET_GRID = [40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90] as const;

/** The cheapest target of BEST_TARGET_GRID whose SLA over the run meets the target (else the one with the best SLA). */
export function runTargetTrackingBest(opts: RunOptions): RunResult {
  const pair = configuredPair(opts.config);
  const runs = BEST_TARGET_GRID.map((target) => {
    const f = runFixed(opts, pair, { mode: "target-tracking", targetCpuPercent: target });
    return result(opts, f.state, f.daily, f.actions, {
      trajectory: [{ day: 0, ...pair, targetCpuPercent: target }],
      convergedDay: 0,
    });
  });
  return bestInHindsight(runs, opts.config.slaTargetPercent) as RunResult;
}

/** The target learner from the stack's targetCpuPercent, with a plan from the shared history when there is one. */
export function runLearnedTarget(opts: RunOptions): RunResult {
  const cfg = targetLearnerConfigOf(opts.config);
  const history = historyOf(opts);
  const plan = history === null ? null : planTarget(history, twinParamsFromConfig(opts.config), cfg);
  const pair = configuredPair(opts.config);
  const start = opts.config.targetCpuPercent;
  let learner: TargetLearnerState = initialTargetLearnerState();
  const decisions: TargetDecision[] = [];
  const setting = (t: number) => ({
    thresholds: pair,
    controller: { mode: "target-tracking" as const, targetCpuPercent: t },
  });
  const run = runCycles(opts, setting(start), (m, current) => {
    const from = current.controller.targetCpuPercent;
    const { decision, nextState } = decideTarget(learner, { targetCpuPercent: from, ...m, plan }, cfg);
    learner = nextState;
    decisions.push(decision);
    return decision.to === from ? current : setting(decision.to);
  });
  const trajectory = [
    { day: 0, ...pair, targetCpuPercent: start },
    ...run.changes.map((c) => ({ day: c.day, ...pair, targetCpuPercent: c.setting.controller.targetCpuPercent })),
  ];
  const lastChangeDay = run.changes.length > 0 ? run.changes[run.changes.length - 1].day : 0;
  const convergedDay = learner.converged ? lastChangeDay : null;
  return result(opts, run.twin, run.daily, run.actions, { trajectory, convergedDay, decisions });
}
