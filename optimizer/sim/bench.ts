import type { StackConfig } from "../../infra/config";
import { POLICIES, runPolicy, type PolicyName, type RunResult } from "./run";
import { traceLabel, type TraceSpec } from "./traces";

/*
 * The optimizer benchmark: every policy on every trace, the measured table and the targets per trace.
 * Pure; the bench command does the I/O (traces, SVG file).
 */

export interface BenchRow {
  trace: string;
  policy: PolicyName;
  sla: number;
  cost: number;
  costPerDay: number;
  scalingActions: number;
  convergedDay: number | null;
}

export interface TraceChecks {
  trace: string;
  learnedSlaMet: boolean;
  /** Learned cost ÷ oracle cost (target ≤ 1.05). */
  learnedOverOracle: number;
  learnedBelowTargetTracking: boolean;
  convergedWithin14Days: boolean;
  learnedPredictiveSlaMet: boolean;
  /** learned-predictive cost ÷ aws-predictive cost (target ≤ 1). */
  learnedPredictiveOverAwsPredictive: number;
  /** learned-target-tracking meets the SLA target. */
  learnedTargetTrackingSlaMet: boolean;
  /** min(learned, learned-target-tracking) cost ÷ target-tracking-best cost (target ≤ 1.00). */
  bestLearnedOverTargetTrackingBest: number;
  /** Both learned policies stop changing their setting within 10 days. */
  convergedWithin10Days: boolean;
}

export interface BenchResult {
  days: number;
  historyDays: number;
  slaTargetPercent: number;
  rows: BenchRow[];
  checks: TraceChecks[];
  runs: RunResult[];
}

export function runBench(
  config: StackConfig,
  traces: readonly TraceSpec[],
  days: number,
  startMs: number,
  historyDays = 0,
): BenchResult {
  const runs: RunResult[] = [];
  for (const trace of traces)
    for (const policy of POLICIES) runs.push(runPolicy({ config, trace, days, policy, startMs, historyDays }));
  const rows = runs.map((r) => ({
    trace: r.trace,
    policy: r.policy,
    sla: r.slaPercent,
    cost: r.costUsd,
    costPerDay: r.costPerDayUsd,
    scalingActions: r.scalingActions,
    convergedDay: r.convergedDay,
  }));
  const checks = traces.map((t): TraceChecks => {
    const label = traceLabel(t);
    const get = (p: PolicyName) => rows.find((r) => r.trace === label && r.policy === p) as BenchRow;
    const learned = get("learned");
    const learnedTt = get("learned-target-tracking");
    const within10 = (r: BenchRow) => r.convergedDay !== null && r.convergedDay <= 10;
    return {
      trace: label,
      learnedSlaMet: learned.sla >= config.slaTargetPercent,
      learnedOverOracle: learned.cost / get("oracle").cost,
      learnedBelowTargetTracking: learned.cost < get("target-tracking").cost,
      convergedWithin14Days: learned.convergedDay !== null && learned.convergedDay <= 14,
      learnedPredictiveSlaMet: get("learned-predictive").sla >= config.slaTargetPercent,
      learnedPredictiveOverAwsPredictive: get("learned-predictive").cost / get("aws-predictive").cost,
      learnedTargetTrackingSlaMet: learnedTt.sla >= config.slaTargetPercent,
      bestLearnedOverTargetTrackingBest: Math.min(learned.cost, learnedTt.cost) / get("target-tracking-best").cost,
      convergedWithin10Days: within10(learned) && within10(learnedTt),
    };
  });
  return { days, historyDays, slaTargetPercent: config.slaTargetPercent, rows, checks, runs };
}

const f = (x: number, d: number) => x.toFixed(d);
const yes = (ok: boolean) => (ok ? "yes" : "NO");

/** Markdown table: one row per trace and policy, then the targets per trace. */
export function benchMarkdown(b: BenchResult): string {
  const out = [
    `Policies on the digital twin, ${b.days} simulated days after ${b.historyDays} days of shared history, SLA target ${b.slaTargetPercent} %.`,
    "",
    "| trace | policy | SLA % | cost USD | USD/day | scaling actions | converged day |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...b.rows.map(
      (r) =>
        `| ${r.trace} | ${r.policy} | ${f(r.sla, 3)} | ${f(r.cost, 2)} | ${f(r.costPerDay, 3)} | ${r.scalingActions} | ${r.convergedDay === null ? "–" : f(r.convergedDay, 2)} |`,
    ),
    "",
    "| trace | learned SLA ≥ target | learned-target-tracking SLA ≥ target | best learned ÷ target-tracking-best | learned ÷ oracle cost | learned < target tracking | converged ≤ 10 days (both) |",
    "| --- | --- | --- | ---: | ---: | --- | --- |",
    ...b.checks.map(
      (c) =>
        `| ${c.trace} | ${yes(c.learnedSlaMet)} | ${yes(c.learnedTargetTrackingSlaMet)} | ${f(c.bestLearnedOverTargetTrackingBest, 3)} | ${f(c.learnedOverOracle, 3)} | ${yes(c.learnedBelowTargetTracking)} | ${yes(c.convergedWithin10Days)} |`,
    ),
  ];
  return out.join("\n");
}
