import type { Thresholds } from "../core/types";
import type { Overrides, OperatorHold } from "../state/schemas";
import { fmtThresholds as fmt, sameThresholds } from "./outcome";

/*
 * The operator's word over the learner, pure: holds on settings a person reverted (for
 * neuropilot:learning.manualHoldDays) and vetoes (until lifted). A proposal of a held setting is never applied.
 */

const DAY_MS = 86_400_000;

export const NO_OVERRIDES: Overrides = { holds: [] };

/** Parses `--pair 80/35` (scale-out/scale-in, in %). */
export function parsePair(text: string): Thresholds | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  const pair = { scaleOutCpuThreshold: Number(m[1]), scaleInCpuThreshold: Number(m[2]) };
  if (pair.scaleOutCpuThreshold > 100 || pair.scaleInCpuThreshold >= pair.scaleOutCpuThreshold) return undefined;
  return pair;
}

/** The holds still in force at `nowMs`. */
export function activeHolds(o: Overrides, nowMs: number): OperatorHold[] {
  return o.holds.filter((h) => h.untilMs === null || h.untilMs > nowMs);
}

/** The gate a proposal meets when a hold forbids it (null when none does). */
export function holdGate(o: Overrides, proposed: Thresholds, nowMs: number): string | null {
  const h = activeHolds(o, nowMs).find((x) => sameThresholds(x.thresholds, proposed));
  if (!h) return null;
  if (h.source === "veto")
    return `veto: ${fmt(proposed)} is vetoed by the operator (lift with \`neuropilot veto --lift --pair ${pairText(proposed)}\`)`;
  return `manual hold: ${fmt(proposed)} was reverted by a manual change; not proposed again until ${new Date(h.untilMs ?? 0).toISOString()} (neuropilot:learning.manualHoldDays)`;
}

/** Adds (or renews) a hold; expired holds are dropped. */
export function withHold(o: Overrides, hold: OperatorHold): Overrides {
  const kept = activeHolds(o, hold.atMs).filter(
    (h) => !(h.source === hold.source && sameThresholds(h.thresholds, hold.thresholds)),
  );
  return { holds: [...kept, hold] };
}

/** Removes every hold on `pair` (a veto and a manual hold alike: the operator lifted it). */
export function withoutHold(o: Overrides, pair: Thresholds): Overrides {
  return { holds: o.holds.filter((h) => !sameThresholds(h.thresholds, pair)) };
}

/** The hold that a manual revert of `reverted` puts on it (none when manualHoldDays is 0). */
export function manualHold(reverted: Thresholds, nowMs: number, holdDays: number, by: Thresholds): OperatorHold | null {
  if (holdDays <= 0) return null;
  return {
    thresholds: reverted,
    source: "manual-change",
    atMs: nowMs,
    untilMs: nowMs + holdDays * DAY_MS,
    reason: `the optimizer's ${fmt(reverted)} was replaced by ${fmt(by)} outside the optimizer`,
  };
}

export function pairText(t: Thresholds): string {
  return `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
}
