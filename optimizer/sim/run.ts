import type { Thresholds } from "../core/types";
import { thresholdGrid } from "../learn/bounds";
import { decide, initialLearnerState, learnerConfigOf } from "../learn/learner";
import type { Decision, LearnerState } from "../learn/types";
import {
  bestInHindsight,
  configuredPair,
  result,
  runCycles,
  runFixed,
  type RunOptions,
  type RunResult,
  type TrajectoryPoint,
} from "./runCommon";
import { runAwsPredictive, runLearnedPredictive } from "./predictivePolicies";
import { runLearnedTarget, runTargetTrackingBest } from "./runTarget";

/*
 * Runs one scaling policy on the twin for a number of days and measures it. Pure (the start time is passed in).
 *   static                  fixed thresholds from the stack config
 *   target-tracking         AWS target tracking at learning.targetTrackingCpuPercent (the baseline)
 *   learned                 the learner in the stack's scaling mode, deciding every learning.cycleHours
 *   oracle                  the cheapest fixed grid pair meeting the SLA over the whole run, found in hindsight
 *   target-tracking-best    the cheapest target (40–90 %, step 5) meeting the SLA over the whole run, in hindsight
 *   learned-target-tracking the learner in target-tracking mode, from the stack's targetCpuPercent
 *   learned-predictive, aws-predictive   target tracking with a forecast capacity floor (predictivePolicies.ts)
 */

export { POLICIES, type PolicyName, type RunOptions, type RunResult, type TrajectoryPoint } from "./runCommon";

const samePair = (a: Thresholds, b: Thresholds) =>
  a.scaleOutCpuThreshold === b.scaleOutCpuThreshold && a.scaleInCpuThreshold === b.scaleInCpuThreshold;

function runLearned(opts: RunOptions): RunResult {
  const cfg = learnerConfigOf(opts.config);
  let learner: LearnerState = initialLearnerState();
  const decisions: Decision[] = [];
  const start = configuredPair(opts.config);
  const run = runCycles(opts, { thresholds: start, controller: "step" as const }, (m, current) => {
    const { decision, nextState } = decide(learner, { thresholds: current.thresholds, ...m }, cfg);
    learner = nextState;
    decisions.push(decision);
    return samePair(decision.to, current.thresholds) ? current : { thresholds: { ...decision.to }, controller: "step" };
  });
  const trajectory: TrajectoryPoint[] = [
    { day: 0, ...start },
    ...run.changes.map((c) => ({ day: c.day, ...c.setting.thresholds })),
  ];
  const lastChangeDay = run.changes.length > 0 ? run.changes[run.changes.length - 1].day : 0;
  const convergedDay = learner.converged ? lastChangeDay : null;
  return result(opts, run.twin, run.daily, run.actions, { trajectory, convergedDay, decisions });
}

/** Grid search in hindsight: the cheapest fixed pair whose SLA over the run meets the target (else the best SLA). */
function runOracle(opts: RunOptions): RunResult {
  const grid = thresholdGrid(learnerConfigOf(opts.config).bounds, opts.config.learning.gridStepPercent);
  const runs = grid.map((pair) => {
    const f = runFixed(opts, pair, "step");
    return result(opts, f.state, f.daily, f.actions, { trajectory: [{ day: 0, ...pair }], convergedDay: 0 });
  });
  const best = bestInHindsight(runs, opts.config.slaTargetPercent);
  if (best === null)
    throw new Error("oracle: the policy bounds contain no grid pair (check neuropilot:learning bands)");
  return best;
}

/** Runs one policy. */
export function runPolicy(opts: RunOptions): RunResult {
  if (!Number.isInteger(opts.days) || opts.days < 1)
    throw new Error(`--days must be a whole number ≥ 1, got ${opts.days}`);
  const history = opts.historyDays ?? 0;
  if (!Number.isInteger(history) || history < 0)
    throw new Error(`--history-days must be a whole number ≥ 0, got ${history}`);
  switch (opts.policy) {
    case "static": {
      const pair = configuredPair(opts.config);
      const f = runFixed(opts, pair, "step");
      return result(opts, f.state, f.daily, f.actions, { trajectory: [{ day: 0, ...pair }], convergedDay: 0 });
    }
    case "target-tracking": {
      const f = runFixed(opts, configuredPair(opts.config), "target-tracking");
      return result(opts, f.state, f.daily, f.actions, {});
    }
    case "learned":
      return opts.config.scalingMode === "target-tracking" ? runLearnedTarget(opts) : runLearned(opts);
    case "oracle":
      return runOracle(opts);
    case "target-tracking-best":
      return runTargetTrackingBest(opts);
    case "learned-target-tracking":
      return runLearnedTarget(opts);
    case "learned-predictive":
    case "aws-predictive": {
      const run = opts.policy === "learned-predictive" ? runLearnedPredictive : runAwsPredictive;
      const r = run(opts);
      return result(opts, r.state, r.daily, r.actions, { forecastDecisions: r.decisions });
    }
  }
}
