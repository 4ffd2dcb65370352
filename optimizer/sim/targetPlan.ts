import type { TargetLearnerConfig, TargetPlan } from "../learn/targetTypes";
import { calibrateServiceModel, type MetricsHistory } from "./calibrate";
import type { TwinParams } from "./params";
import { advance, createTwin } from "./twin";

/*
 * Chooses a target-tracking target by simulation on the stack's own history, never on the future: the twin's service
 * model is calibrated to the history (calibrate.ts), each candidate target replays the history's load, and the plan is
 * the highest target such that it and every lower candidate keep the history's bad minutes within a share of the
 * SLA's error budget (a margin for what the history did not show). Coarse grid first, then 1-point steps. Pure.
 */

export const PLAN_RULES = {
  /** Share of the error budget (bad minutes the SLA allows over the history) a candidate may use in simulation. */
  budgetShare: 0.75,
  coarseStep: 5,
  fineStep: 1,
  /** Shortest history worth planning on. */
  minHistoryMinutes: 1440,
} as const;

interface Simulated {
  target: number;
  badMinutes: number;
  costUsd: number;
}

function simulate(params: TwinParams, rps: number[], target: number): Simulated {
  const trace = { kind: "series" as const, name: "history", rps };
  const r = advance(
    createTwin(params, trace, 0),
    rps.length,
    { scaleOutCpuThreshold: 100, scaleInCpuThreshold: 0 },
    {
      mode: "target-tracking",
      targetCpuPercent: target,
    },
  );
  return { target, badMinutes: r.summary.minutes - r.summary.slaMinutesMet, costUsd: r.summary.costUsd };
}

/** The plan, or null when the history is too short to plan on. */
export function planTarget(history: MetricsHistory, base: TwinParams, cfg: TargetLearnerConfig): TargetPlan | null {
  const rps = history.requestRate.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  if (rps.length < PLAN_RULES.minHistoryMinutes) return null;
  const calibration = calibrateServiceModel(history, base);
  const allowed = ((100 - cfg.slaTargetPercent) / 100) * rps.length * PLAN_RULES.budgetShare;
  const ok = (s: Simulated) => s.badMinutes <= allowed;
  const { min, max } = cfg.bounds;
  /** Highest passing candidate of an ascending list, stopping at the first failure (safety assumed monotone). */
  const frontier = (targets: number[]): Simulated | null => {
    let last: Simulated | null = null;
    for (const t of targets) {
      const s = simulate(calibration.params, rps, t);
      if (!ok(s)) break;
      last = s;
    }
    return last;
  };
  const range = (from: number, to: number, step: number) => {
    const out: number[] = [];
    for (let t = from; t <= to + 1e-9; t += step) out.push(Math.round(t * 1000) / 1000);
    return out;
  };
  const coarse = frontier(range(min, max, PLAN_RULES.coarseStep));
  if (coarse === null)
    return {
      targetCpuPercent: min,
      basis: `no target down to ${min} % kept the SLA on the history; ${calibration.basis}`,
    };
  const fine = frontier(
    range(
      coarse.target + PLAN_RULES.fineStep,
      Math.min(max, coarse.target + PLAN_RULES.coarseStep - PLAN_RULES.fineStep),
      PLAN_RULES.fineStep,
    ),
  );
  const chosen = fine ?? coarse;
  const days = (rps.length / 1440).toFixed(1);
  return {
    targetCpuPercent: chosen.target,
    basis: `simulated on ${days} days of history: ${chosen.badMinutes} bad minutes (≤ ${allowed.toFixed(1)} allowed), ${chosen.costUsd.toFixed(2)} USD; ${calibration.basis}`,
  };
}
