import { describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import type { Thresholds } from "../../optimizer/core/types";
import { decide, initialLearnerState, learnerConfigOf, pairKey } from "../../optimizer/learn/learner";
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
        expect(later.scaleOutCpuThreshold >= t.scaleOutCpuThreshold && later.scaleInCpuThreshold >= t.scaleInCpuThreshold).toBe(false);
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
