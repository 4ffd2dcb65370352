import type { Thresholds } from "../core/types";
import { withinBounds } from "./bounds";
import { isUnsafe, pair, pairKey } from "./pairs";
import { cpuAfterScaleIn, scaleOutHeadroom } from "./safety";
import type { CandidateEstimate, LearnerConfig, LearnerState, PairStats } from "./types";

/* The cheaper neighbours the learner may try next, and the proven safer neighbour it may back off to. */

type Status = CandidateEstimate["status"];

interface CandidateView {
  t: Thresholds;
  /** Scale-out raise over the current pair, in points. */
  raise: number;
  here: PairStats | undefined;
  stats: PairStats | undefined;
  cfg: LearnerConfig;
  state: LearnerState;
}

/** Status rules in the order they apply: the first that matches names the candidate. */
const STATUS_RULES: readonly { status: Status; applies: (c: CandidateView) => boolean }[] = [
  { status: "out-of-bounds", applies: (c) => !withinBounds(c.t, c.cfg.bounds) },
  { status: "unsafe", applies: (c) => isUnsafe(c.t, c.state.unsafe) },
  {
    status: "flap-risk",
    applies: (c) =>
      cpuAfterScaleIn(c.t.scaleInCpuThreshold, c.cfg) > c.cfg.safeCpuCeilingPercent - c.cfg.flapMarginPercent,
  },
  { status: "cpu-headroom", applies: (c) => c.raise > 0 && !scaleOutHeadroom(c.here, c.raise, c.cfg) },
  { status: "untried", applies: (c) => c.stats === undefined },
  { status: "missed-once", applies: (c) => (c.stats?.misses ?? 0) > 0 },
];

function statusOf(c: CandidateView): Status {
  return STATUS_RULES.find((r) => r.applies(c))?.status ?? "safe";
}

/** Candidates a learner may move to: any of these statuses. */
export const TRYABLE: readonly Status[] = ["untried", "safe", "missed-once"];

/** The three cheaper neighbours of `from`: scale-in up first (removes idle capacity without delaying scale-out), then both, then scale-out up. */
export function candidatesOf(from: Thresholds, cfg: LearnerConfig, state: LearnerState): CandidateEstimate[] {
  const g = cfg.gridStep;
  const o = from.scaleOutCpuThreshold;
  const i = from.scaleInCpuThreshold;
  const here = state.pairs[pairKey(from)];
  return [pair(o, i + g), pair(o + g, i + g), pair(o + g, i)].map((t) => {
    const stats = state.pairs[pairKey(t)];
    const status = statusOf({ t, raise: t.scaleOutCpuThreshold - o, here, stats, cfg, state });
    return { thresholds: t, status, meanCostPerKRequestUsd: stats ? stats.costPerKRequestSum / stats.cycles : null };
  });
}

/** The first candidate the learner may try, if any. */
export function firstTryable(from: Thresholds, cfg: LearnerConfig, state: LearnerState): CandidateEstimate | undefined {
  return candidatesOf(from, cfg, state).find((c) => TRYABLE.includes(c.status));
}

/**
 * Back-off target when there is no other confirmed pair to return to: the neighbour one grid step lower in a single
 * threshold that was already observed without a miss (the most observed one; lower scale-out on a tie), or null
 * (the caller then lowers both thresholds).
 */
export function provenSaferNeighbour(from: Thresholds, cfg: LearnerConfig, state: LearnerState): Thresholds | null {
  const g = cfg.gridStep;
  const proven = [
    pair(from.scaleOutCpuThreshold - g, from.scaleInCpuThreshold),
    pair(from.scaleOutCpuThreshold, from.scaleInCpuThreshold - g),
  ]
    .map((t) => ({ t, s: state.pairs[pairKey(t)] }))
    .filter(
      ({ t, s }) =>
        s !== undefined &&
        s.misses === 0 &&
        s.safeStreak > 0 &&
        withinBounds(t, cfg.bounds) &&
        !isUnsafe(t, state.unsafe),
    );
  proven.sort((a, b) => (b.s?.cycles ?? 0) - (a.s?.cycles ?? 0));
  return proven.length > 0 ? proven[0].t : null;
}
