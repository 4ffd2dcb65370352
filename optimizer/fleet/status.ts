import type { Thresholds } from "../core/types";
import type { LearnerState } from "../learn/types";
import type { StateStore } from "../runner/ports";
import type { DecisionLogEntry } from "../state/decisionLog";
import type { RunnerState } from "../state/schemas";
import type { FleetPlan } from "./plan";

/*
 * `neuropilot fleet status`: every stack's last cycle, thresholds in force, learner progress, health and savings,
 * read through the StateStore port (files or object storage). One stack's unreadable state is that stack's
 * "error" health with the message; the others are still summarized.
 */

export type StackHealth = "ok" | "attention" | "pending-change" | "never-run" | "error" | "invalid-config";

export interface StackStatus {
  stack: string;
  health: StackHealth;
  lastCycle: { cycleId: string | null; at: string; outcome: string; reason: string } | null;
  thresholds: Thresholds | null;
  cycles: number;
  learner: { converged: boolean; cycle: number; pairsTried: number; unsafePairs: number } | null;
  /**
   * Mean cost per cycle (USD) of the first thresholds the log shows minus that of the thresholds in force, from the
   * learner's per-pair statistics; null while either pair has no observed cycle.
   */
  savingsUsdPerCycle: number | null;
  message?: string;
}

export interface FleetStatus {
  stacks: StackStatus[];
  totals: { stacks: number; byHealth: Record<StackHealth, number>; savingsUsdPerCycle: number };
}

const ATTENTION = new Set(["refused", "rolled-back"]);

function key(t: Thresholds): string {
  return `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
}

function meanCost(l: LearnerState, t: Thresholds): number | undefined {
  const p = Object.values(l.pairs).find((x) => key(x.thresholds) === key(t));
  return p && p.cycles > 0 ? p.costUsdSum / p.cycles : undefined;
}

/** One stack's status from its documents. Pure. */
export function stackStatus(
  stack: string,
  s: {
    runner: RunnerState | undefined;
    learner: LearnerState | undefined;
    pending: boolean;
    decisions: readonly DecisionLogEntry[];
  },
): StackStatus {
  const last = s.decisions.at(-1);
  const first = s.decisions[0];
  const thresholds = last?.to ?? s.runner?.lastApplied ?? null;
  let savings: number | null = null;
  if (s.learner && first && thresholds) {
    const before = meanCost(s.learner, first.from);
    const now = meanCost(s.learner, thresholds);
    if (before !== undefined && now !== undefined) savings = Math.round((before - now) * 1e4) / 1e4;
  }
  const health: StackHealth = s.pending
    ? "pending-change"
    : !s.runner && !last
      ? "never-run"
      : last && ATTENTION.has(last.outcome)
        ? "attention"
        : "ok";
  return {
    stack,
    health,
    lastCycle: last
      ? {
          cycleId: last.cycleId ?? null,
          at: new Date(last.timestamp).toISOString(),
          outcome: last.outcome,
          reason: last.reason,
        }
      : null,
    thresholds,
    cycles: s.runner?.cycles ?? 0,
    learner: s.learner
      ? {
          converged: s.learner.converged,
          cycle: s.learner.cycle,
          pairsTried: Object.keys(s.learner.pairs).length,
          unsafePairs: s.learner.unsafe.length,
        }
      : null,
    savingsUsdPerCycle: savings,
  };
}

/** Reads one stack's status through its store; a store error becomes the stack's "error" health. */
export async function readStackStatus(stack: string, store: StateStore): Promise<StackStatus> {
  try {
    const [runner, learner, pending, decisions] = await Promise.all([
      store.load("runner"),
      store.load("learner"),
      store.load("pending"),
      store.decisions(),
    ]);
    return stackStatus(stack, { runner, learner, pending: pending !== undefined, decisions });
  } catch (err) {
    return {
      stack,
      health: "error",
      lastCycle: null,
      thresholds: null,
      cycles: 0,
      learner: null,
      savingsUsdPerCycle: null,
      message: (err as Error).message.split("\n")[0],
    };
  }
}

/** The fleet's status: every planned stack through `storeOf`, skipped stacks as "invalid-config". */
export async function fleetStatus(
  plan: FleetPlan,
  storeOf: (stack: string) => StateStore,
  concurrency = 16,
): Promise<FleetStatus> {
  const names = plan.stacks.map((s) => s.stack);
  const out: StackStatus[] = new Array<StackStatus>(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      out[i] = await readStackStatus(names[i], storeOf(names[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  for (const s of plan.skipped)
    out.push({
      stack: s.stack,
      health: "invalid-config",
      lastCycle: null,
      thresholds: null,
      cycles: 0,
      learner: null,
      savingsUsdPerCycle: null,
      message: s.reason,
    });
  out.sort((a, b) => a.stack.localeCompare(b.stack));
  const byHealth: Record<StackHealth, number> = {
    ok: 0,
    attention: 0,
    "pending-change": 0,
    "never-run": 0,
    error: 0,
    "invalid-config": 0,
  };
  let savings = 0;
  for (const s of out) {
    byHealth[s.health]++;
    savings += s.savingsUsdPerCycle ?? 0;
  }
  return { stacks: out, totals: { stacks: out.length, byHealth, savingsUsdPerCycle: Math.round(savings * 1e4) / 1e4 } };
}

/** The human-readable table of a fleet status. */
export function statusTable(st: FleetStatus): string {
  const fmt = (t: Thresholds | null) => (t ? `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}` : "-");
  const rows = st.stacks.map((s) =>
    [
      s.stack,
      s.health,
      s.lastCycle ? `${s.lastCycle.at} ${s.lastCycle.outcome}` : "-",
      fmt(s.thresholds),
      s.learner ? (s.learner.converged ? "converged" : `learning (${s.learner.pairsTried} pairs)`) : "-",
      s.savingsUsdPerCycle === null ? "-" : s.savingsUsdPerCycle.toFixed(4),
      s.message ?? "",
    ].join(" | "),
  );
  return [
    "stack | health | last cycle | thresholds | learner | savings USD/cycle | note",
    "---|---|---|---|---|---|---",
    ...rows,
    "",
    `${st.totals.stacks} stacks; ${Object.entries(st.totals.byHealth)
      .filter(([, n]) => n > 0)
      .map(([h, n]) => `${n} ${h}`)
      .join(", ")}; savings ${st.totals.savingsUsdPerCycle.toFixed(4)} USD/cycle`,
  ].join("\n");
}
