import type { StackConfig } from "../../infra/config";
import { runPredictive, type PredictiveSettings } from "./predictive";
import { advance, createTwin } from "./twin";
import { twinParamsFromConfig } from "./params";

/*
 * The learner's choice of the reactive target beside its schedule: every candidate target is replayed on the
 * twin over the last `replayDays` of the stack's own request-rate history (the forecast of each replayed day
 * sees only the days before it), and the cheapest one meeting the SLA target wins (else the best SLA). The
 * same replay without a schedule gives the reactive-only target used whenever the forecast is withdrawn.
 * Pure; uses only the past.
 */

export const CANDIDATE_TARGETS = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95] as const;

export interface TargetChoice {
  withSchedule: number;
  reactiveOnly: number;
}

function better(a: { cost: number; sla: number }, b: { cost: number; sla: number } | null, target: number): boolean {
  if (b === null) return true;
  const aOk = a.sla >= target;
  const bOk = b.sla >= target;
  if (aOk !== bOk) return aOk;
  return aOk ? a.cost < b.cost : a.sla > b.sla;
}

/** Chooses both targets from `history` (request rate per minute, whole days, oldest first). */
export function chooseTargets(
  config: StackConfig,
  history: readonly number[],
  historyStartMs: number,
  base: Omit<PredictiveSettings, "reactiveTargetCpuPercent" | "scheduleTargetCpuPercent" | "kind">,
  replayDays = 7,
): TargetChoice | null {
  const days = Math.floor(history.length / 1440);
  if (days < replayDays + config.forecast.minHistoryDays) return null;
  const split = (days - replayDays) * 1440;
  const prior = history.slice(0, split);
  const replay = { kind: "series" as const, name: "history", rps: history.slice(split, days * 1440) };
  const replayStart = historyStartMs + split * 60_000;
  let sched: { cost: number; sla: number; t: number } | null = null;
  let reactive: { cost: number; sla: number; t: number } | null = null;
  for (const t of CANDIDATE_TARGETS) {
    const r = runPredictive(
      config,
      replay,
      replayDays,
      replayStart,
      { ...base, kind: "learned", reactiveTargetCpuPercent: t, scheduleTargetCpuPercent: t },
      prior,
    );
    const s = {
      cost: r.daily.reduce((a, b) => a + b, 0),
      sla: (100 * r.state.totals.slaMinutesMet) / r.state.totals.minutes,
      t,
    };
    if (better(s, sched, config.slaTargetPercent)) sched = s;
    let twin = createTwin(twinParamsFromConfig(config), replay, replayStart);
    let cost = 0;
    for (let d = 0; d < replayDays; d++) {
      const a = advance(
        twin,
        1440,
        { scaleOutCpuThreshold: 100, scaleInCpuThreshold: 0 },
        { mode: "target-tracking", targetCpuPercent: t },
      );
      twin = a.state;
      cost += a.summary.costUsd;
    }
    const q = { cost, sla: (100 * twin.totals.slaMinutesMet) / twin.totals.minutes, t };
    if (better(q, reactive, config.slaTargetPercent)) reactive = q;
  }
  return sched && reactive ? { withSchedule: sched.t, reactiveOnly: reactive.t } : null;
}
