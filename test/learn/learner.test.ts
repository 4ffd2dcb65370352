import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import type { Thresholds } from "../../optimizer/core/types";
import { decide, initialLearnerState, isUnsafe, learnerConfigOf, pairKey } from "../../optimizer/learn/learner";
import { decideAndRecord, replay } from "../../optimizer/learn/replay";
import type { LearnerState, Observation } from "../../optimizer/learn/types";

const cfg = learnerConfigOf(defaultStackConfig());
const obs = (t: Thresholds, over: Partial<Observation> = {}): Observation => ({
  thresholds: t,
  slaPercent: 100,
  costUsd: 0.8,
  minutes: 360,
  load: { meanRps: 100, peakRps: 150 },
  peakCpuPercent: 70,
  peakP95LatencyMs: 200,
  excluded: false,
  ...over,
});
const pair = (o: number, i: number): Thresholds => ({ scaleOutCpuThreshold: o, scaleInCpuThreshold: i });

/** Runs the learner on `n` cycles where every pair meets the SLA except those `isBad` says. */
function walk(n: number, isBad: (t: Thresholds) => boolean, start = pair(80, 30)) {
  let state: LearnerState = initialLearnerState();
  let t = start;
  const seen: Thresholds[] = [t];
  for (let k = 0; k < n; k++) {
    const r = decide(state, obs(t, { slaPercent: isBad(t) ? 99 : 100 }), cfg);
    state = r.nextState;
    t = r.decision.to;
    seen.push(t);
  }
  return { state, t, seen };
}

describe("threshold learner", () => {
  it("moves after one safe cycle far from the safety edges, raising scale-in first", () => {
    const { seen } = walk(1, () => false);
    expect(pairKey(seen[1])).toBe("80/35");
  });

  it("confirms a pair near a safety edge for confirmCycles before moving on", () => {
    // 80/40: a scale-in from 2 to 1 instance at 50 % would leave 100 % CPU → near the no-flap limit
    const { seen } = walk(5, () => false, pair(80, 40));
    expect(seen.slice(0, 4).every((t) => pairKey(t) === "80/40")).toBe(true);
    expect(pairKey(seen[4])).not.toBe("80/40");
  });

  it("backs off at once after an SLA miss and never returns to a pair above an unsafe one", () => {
    const bad = (t: Thresholds) => t.scaleInCpuThreshold >= 40;
    const { state, seen } = walk(60, bad);
    const firstBad = seen.findIndex(bad);
    expect(firstBad).toBeGreaterThan(0);
    expect(bad(seen[firstBad + 1])).toBe(false); // the very next pair is safe again
    // each miss had 4 bad minutes (≥ severeMissMinutes): no pair at or above a missed one is tried afterwards
    seen.forEach((t, k) => {
      if (!bad(t)) return;
      expect(bad(seen[k + 1])).toBe(false);
      for (const later of seen.slice(k + 1))
        expect(
          later.scaleOutCpuThreshold >= t.scaleOutCpuThreshold && later.scaleInCpuThreshold >= t.scaleInCpuThreshold,
        ).toBe(false);
    });
    expect(state.converged).toBe(true);
  });

  it("converges and then stops moving", () => {
    const { state, seen } = walk(80, (t) => t.scaleOutCpuThreshold > 85);
    expect(state.converged).toBe(true);
    const tail = seen.slice(-20).map(pairKey);
    expect(new Set(tail).size).toBe(1);
  });

  it("does not learn from excluded periods", () => {
    const s0 = initialLearnerState();
    const r = decide(s0, obs(pair(80, 30), { excluded: true }), cfg);
    expect(r.nextState.pairs).toEqual({});
    expect(r.decision.action).toBe("hold");
    const missed = decide(s0, obs(pair(80, 30), { excluded: true, slaPercent: 90 }), cfg);
    expect(missed.nextState.unsafe).toEqual([]); // not marked unsafe
    expect(missed.decision.action).toBe("back-off"); // but safety first
    expect(missed.decision.to).toEqual(pair(75, 25));
  });

  it("projects a pair outside the policy bounds into them", () => {
    const r = decide(initialLearnerState(), obs(pair(95, 70)), cfg);
    expect(r.decision.action).toBe("project");
    expect(r.decision.to).toEqual(pair(90, 60));
  });

  it("does not explore while the SLA so far is below target", () => {
    let state = initialLearnerState();
    state = decide(state, obs(pair(80, 30), { slaPercent: 98 }), cfg).nextState; // a heavy miss at 80/30
    let t = pair(75, 25);
    for (let k = 0; k < 6; k++) {
      const r = decide(state, obs(t), cfg);
      state = r.nextState;
      t = r.decision.to;
    }
    expect(t).toEqual(pair(75, 25));
  });
});

describe("exploration speed, carry-over, retreat and settling", () => {
  /** Runs observations through the learner; `at(t, k)` gives the observation overrides for pair t at cycle k. */
  function run(
    n: number,
    start: Thresholds,
    at: (t: Thresholds, k: number) => Partial<Observation>,
    state0 = initialLearnerState(),
  ) {
    let state: LearnerState = state0;
    let t = start;
    const decisions = [];
    for (let k = 0; k < n; k++) {
      const r = decide(state, obs(t, at(t, k)), cfg);
      decisions.push(r.decision);
      state = r.nextState;
      t = r.decision.to;
    }
    return { state, t, decisions };
  }
  // 4 cycles a day; the cycle k % 4 === 2 carries the daily peak (300 requests/s, 3× the others)
  const daily = (k: number) => ({ load: { meanRps: 100, peakRps: k % 4 === 2 ? 300 : 100 } });

  it("raises scale-out after fewer than confirmCycles only once the pair saw the day's peak with CPU and latency headroom", () => {
    // at 60/40 scale-in is at the no-flap edge (a 2 → 1 scale-in at 45 % would give 90 %), so moves raise scale-out
    const { decisions } = run(8, pair(60, 40), (_t, k) => ({ ...daily(k), peakCpuPercent: 60 }));
    // first day: the full confirmCycles (no day of load seen yet); then 65/40 sees the peak at k = 6 → moves after 3
    expect(decisions.map((d) => d.action)).toEqual([
      "confirm",
      "confirm",
      "confirm",
      "explore",
      "confirm",
      "confirm",
      "explore",
      "confirm",
    ]);
    expect(decisions[3].to).toEqual(pair(65, 40));
    expect(decisions[6].to).toEqual(pair(70, 40));
    // without the peak (a pair that never saw ≥ 90 % of the highest request rate) it waits for confirmCycles
    const flat = run(8, pair(60, 40), (_t, k) => ({
      load: { meanRps: 100, peakRps: k === 0 ? 300 : 100 },
      peakCpuPercent: 60,
    }));
    expect(flat.decisions.map((d) => d.action)).toEqual([
      "confirm",
      "confirm",
      "confirm",
      "explore",
      "confirm",
      "confirm",
      "confirm",
      "explore",
    ]);
  });

  it("needs both CPU and latency headroom to raise scale-out", () => {
    const slow = run(8, pair(60, 40), (_t, k) => ({ ...daily(k), peakCpuPercent: 50, peakP95LatencyMs: 0.9 * 500 }));
    expect(slow.t).toEqual(pair(60, 40));
    expect(slow.state.converged).toBe(true);
  });

  it("does not hold a miss in the first cycle after a back-off against the pair backed off to (but still backs off)", () => {
    let state = initialLearnerState();
    state = decide(state, obs(pair(80, 30)), cfg).nextState; // 80/30 → 80/35
    const miss = decide(state, obs(pair(80, 35), { slaPercent: 99.7 }), cfg); // 1 bad minute: back to 80/30
    expect(miss.decision.to).toEqual(pair(80, 30));
    expect(miss.nextState.backedOffFrom).toEqual(pair(80, 35));
    const carried = decide(miss.nextState, obs(pair(80, 30), { slaPercent: 99.4 }), cfg);
    expect(carried.decision.action).toBe("back-off");
    expect(carried.decision.reason).toMatch(/first cycle after backing off from 80\/35/);
    expect(carried.nextState.pairs["80/30"].misses).toBe(0);
    expect(isUnsafe(pair(80, 30), carried.nextState.unsafe)).toBe(false);
    // the next miss at the same pair is held against it again
    const again = decide({ ...carried.nextState, backedOffFrom: null }, obs(pair(80, 30), { slaPercent: 99.4 }), cfg);
    expect(again.nextState.pairs["80/30"].misses).toBe(1);
  });

  it("retreats scale-in toward spare capacity after a miss that saturated the fleet, one step per cycle, then settles", () => {
    let state = initialLearnerState();
    state = decide(state, obs(pair(80, 30)), cfg).nextState;
    // 8 bad minutes with the fleet saturated at 80/35: 8 / severeMissMinutes = 4 steps of scale-in → 80/15
    const hit = decide(state, obs(pair(80, 35), { slaPercent: (1 - 8 / 360) * 100, peakCpuPercent: 100 }), cfg);
    expect(hit.decision.to).toEqual(pair(80, 30));
    expect(hit.nextState.retreatTo).toEqual(pair(80, 15));
    const { decisions, state: end, t } = run(12, hit.decision.to, () => ({}), hit.nextState);
    expect(decisions.slice(0, 3).map((d) => d.to)).toEqual([pair(80, 25), pair(80, 20), pair(80, 15)]);
    expect(decisions.slice(0, 3).every((d) => d.action === "back-off")).toBe(true);
    expect(t).toEqual(pair(80, 15)); // pairs above the retreat pair are given up: it settles there
    expect(end.converged).toBe(true); // even though the SLA so far is still below target (that only stops exploring)
    expect(end.retreatTo).toBeNull();
  });

  it("after convergence, a miss marks the pair unsafe only when the pair's own SLA falls below the target", () => {
    const settled = run(40, pair(80, 30), () => ({}), initialLearnerState());
    expect(settled.state.converged).toBe(true);
    const here = settled.t;
    // one bad minute after 30+ clean cycles keeps the pair's own SLA above 99.95 %: backs off, may return
    const mild = decide(settled.state, obs(here, { slaPercent: 99.72 }), cfg);
    expect(mild.decision.action).toBe("back-off");
    expect(isUnsafe(here, mild.nextState.unsafe)).toBe(false);
    // a young converged pair (few minutes observed) with the same miss falls below the target: unsafe
    const young = {
      ...settled.state,
      pairs: {
        ...settled.state.pairs,
        [pairKey(here)]: { ...settled.state.pairs[pairKey(here)], minutes: 1440, badMinutes: 0 },
      },
    };
    const marked = decide(young, obs(here, { slaPercent: 99.72 }), cfg);
    expect(marked.decision.reason).toMatch(/missed after convergence: marked unsafe/);
    expect(isUnsafe(here, marked.nextState.unsafe)).toBe(true);
  });

  it("accepts a state saved before the optional fields existed", () => {
    const { backedOffFrom: _b, retreatTo: _r, maxPeakRps: _m, ...legacy } = run(3, pair(80, 30), () => ({})).state;
    const r = decide(legacy as LearnerState, obs(pair(80, 40)), cfg);
    expect(r.decision.from).toEqual(pair(80, 40));
    expect(r.nextState.backedOffFrom).toBeNull();
  });
});

describe("decision records", () => {
  it("replay to the same decision after a JSON round trip", () => {
    let state = initialLearnerState();
    let t = pair(80, 30);
    for (let k = 0; k < 12; k++) {
      const rec = decideAndRecord(state, obs(t, { slaPercent: k === 7 ? 99.5 : 100, costUsd: 0.7 + k / 100 }), cfg);
      const stored = JSON.parse(JSON.stringify(rec));
      expect(replay(stored).same).toBe(true);
      state = rec.nextState;
      t = rec.decision.to;
    }
  });
  it("detect a tampered record", () => {
    const rec = decideAndRecord(initialLearnerState(), obs(pair(80, 30)), cfg);
    const tampered = { ...rec, decision: { ...rec.decision, to: pair(90, 60) } };
    expect(replay(tampered)).toMatchObject({ same: false, differences: ["decision"] });
  });
});
