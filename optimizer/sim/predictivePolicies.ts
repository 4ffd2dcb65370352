import { runPredictive, type PredictiveRun } from "./predictive";
import { chooseTargets } from "./predictiveTuning";
import { startMinuteOf, type RunOptions } from "./runCommon";
import { runTargetTrackingBest } from "./runTarget";
import { loadAt } from "./traces";

/*
 * The two predictive benchmark policies (docs/forecast.md):
 *   learned-predictive  the forecast schedule (upper bound, withdrawn on a poor backtest) with target tracking at
 *                       the target chosen by replaying the stack's own history (chooseTargets), and the
 *                       reactive-only target chosen the same way while the schedule is withdrawn;
 *   aws-predictive      AWS-style predictive scaling (mean forecast, capacity for the target, 5-minute buffer,
 *                       forecasts every 6 h) beside target tracking at target-tracking-best's target.
 * Both see the same `historyDays` of history before the run (the trace's first days, as for every policy).
 */

const AWS_BUFFER_MINUTES = 5;
const AWS_REFRESH_HOURS = 6;

/** The request rate of the shared history: the trace's first `historyDays` days (the load does not depend on the policy). */
function historyRps(opts: RunOptions): number[] {
  return Array.from({ length: startMinuteOf(opts) }, (_, m) => loadAt(opts.trace, m));
}

export interface PredictivePolicyRun extends PredictiveRun {
  reactiveTargetCpuPercent: number;
}

export function runLearnedPredictive(opts: RunOptions): PredictivePolicyRun {
  const { config } = opts;
  const history = historyRps(opts);
  const base = { refreshHours: 24, bufferMinutes: config.capacitySchedule.bufferMinutes };
  const choice = chooseTargets(config, history, opts.startMs, base);
  const configured = config.targetCpuPercent;
  const withSchedule = choice?.withSchedule ?? configured;
  const run = runPredictive(
    config,
    opts.trace,
    opts.days,
    opts.startMs,
    {
      ...base,
      kind: "learned",
      reactiveTargetCpuPercent: withSchedule,
      scheduleTargetCpuPercent: withSchedule,
      fallbackTargetCpuPercent: choice?.reactiveOnly ?? configured,
    },
    history,
    startMinuteOf(opts),
  );
  return { ...run, reactiveTargetCpuPercent: withSchedule };
}

export function runAwsPredictive(opts: RunOptions): PredictivePolicyRun {
  const best = runTargetTrackingBest({ ...opts, policy: "target-tracking-best" });
  const target = best.trajectory[0]?.targetCpuPercent ?? opts.config.targetCpuPercent;
  const run = runPredictive(
    opts.config,
    opts.trace,
    opts.days,
    opts.startMs,
    {
      kind: "aws",
      reactiveTargetCpuPercent: target,
      scheduleTargetCpuPercent: target,
      refreshHours: AWS_REFRESH_HOURS,
      bufferMinutes: AWS_BUFFER_MINUTES,
    },
    historyRps(opts),
    startMinuteOf(opts),
  );
  return { ...run, reactiveTargetCpuPercent: target };
}
