import type { StackConfig } from "../../infra/config";
import { historyOf, runPredictive, type PredictiveRun } from "./predictive";
import { chooseTargets } from "./predictiveTuning";
import { twinParamsFromConfig } from "./params";
import type { TraceSpec } from "./traces";
import { advance, createTwin } from "./twin";

/*
 * The two predictive benchmark policies (docs/forecast.md):
 *   learned-predictive  the forecast schedule (upper bound, withdrawn on a poor backtest) with target tracking at
 *                       the target chosen by replaying the stack's own history (chooseTargets), and the
 *                       reactive-only target chosen the same way while the schedule is withdrawn;
 *   aws-predictive      AWS-style predictive scaling (mean forecast, capacity for the target, 5-minute buffer,
 *                       forecasts every 6 h) beside target tracking at the best fixed target in hindsight.
 * Both see the same `historyDays` of history before the run.
 */

const AWS_BUFFER_MINUTES = 5;
const AWS_REFRESH_HOURS = 6;

/** The cheapest target-tracking target (40–90 %, step 5) meeting the SLA over the run, in hindsight (else the best SLA). */
export function bestFixedTarget(config: StackConfig, trace: TraceSpec, days: number, startMs: number): number {
  let best: { t: number; cost: number; sla: number } | null = null;
  for (let t = 40; t <= 90; t += 5) {
    let twin = createTwin({ ...twinParamsFromConfig(config), targetTrackingCpuPercent: t }, trace, startMs);
    let cost = 0;
    for (let d = 0; d < days; d++) {
      const r = advance(twin, 1440, { scaleOutCpuThreshold: 100, scaleInCpuThreshold: 0 }, "target-tracking");
      twin = r.state;
      cost += r.summary.costUsd;
    }
    const sla = (100 * twin.totals.slaMinutesMet) / twin.totals.minutes;
    const ok = sla >= config.slaTargetPercent;
    const bestOk = best !== null && best.sla >= config.slaTargetPercent;
    if (best === null || (ok && !bestOk) || (ok === bestOk && (ok ? cost < best.cost : sla > best.sla)))
      best = { t, cost, sla };
  }
  return (best as { t: number }).t;
}

export interface PredictivePolicyRun extends PredictiveRun {
  reactiveTargetCpuPercent: number;
}

export function runLearnedPredictive(
  config: StackConfig,
  trace: TraceSpec,
  days: number,
  startMs: number,
  historyDays: number,
): PredictivePolicyRun {
  const history = historyOf(trace, historyDays);
  const base = { refreshHours: 24, bufferMinutes: config.capacitySchedule.bufferMinutes };
  const choice = chooseTargets(config, history, startMs - history.length * 60_000, base);
  const configured = config.learning.targetTrackingCpuPercent;
  const withSchedule = choice?.withSchedule ?? configured;
  const run = runPredictive(
    config,
    trace,
    days,
    startMs,
    {
      ...base,
      kind: "learned",
      reactiveTargetCpuPercent: withSchedule,
      scheduleTargetCpuPercent: withSchedule,
      fallbackTargetCpuPercent: choice?.reactiveOnly ?? configured,
    },
    history,
  );
  return { ...run, reactiveTargetCpuPercent: withSchedule };
}

export function runAwsPredictive(
  config: StackConfig,
  trace: TraceSpec,
  days: number,
  startMs: number,
  historyDays: number,
): PredictivePolicyRun {
  const target = bestFixedTarget(config, trace, days, startMs);
  const run = runPredictive(
    config,
    trace,
    days,
    startMs,
    {
      kind: "aws",
      reactiveTargetCpuPercent: target,
      scheduleTargetCpuPercent: target,
      refreshHours: AWS_REFRESH_HOURS,
      bufferMinutes: AWS_BUFFER_MINUTES,
    },
    historyOf(trace, historyDays),
  );
  return { ...run, reactiveTargetCpuPercent: target };
}
