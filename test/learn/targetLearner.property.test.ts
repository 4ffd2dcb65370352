import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultStackConfig, parseStackConfig, type StackConfig } from "../../infra/config";
import {
  decideTarget,
  initialTargetLearnerState,
  replayTarget,
  targetLearnerConfigOf,
  withinTargetBounds,
} from "../../optimizer/learn/targetLearner";
import type { TargetLearnerState, TargetObservation } from "../../optimizer/learn/targetTypes";

const SEED = 20261202;
const EPS = 1e-6;

const configArb = fc
  .record({
    lo: fc.integer({ min: 10, max: 70 }),
    span: fc.integer({ min: 0, max: 40 }),
    step: fc.double({ min: 0.5, max: 20, noNaN: true }),
    grid: fc.double({ min: 0.5, max: 20, noNaN: true }),
    start: fc.integer({ min: 10, max: 95 }),
  })
  .map((c) =>
    parseStackConfig({
      scalingMode: "target-tracking",
      targetCpuPercent: c.start,
      maxThresholdStepPercent: c.step,
      learning: { targetCpuBand: [c.lo, Math.min(95, c.lo + c.span)], gridStepPercent: c.grid },
    }),
  );

const obsArb = fc.record({
  slaPercent: fc.oneof(fc.constant(100), fc.double({ min: 90, max: 100, noNaN: true })),
  costUsd: fc.double({ min: 0, max: 10, noNaN: true }),
  peakCpuPercent: fc.double({ min: 0, max: 100, noNaN: true }),
  excluded: fc.boolean(),
  plan: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
});

type Cycle = { slaPercent: number; costUsd: number; peakCpuPercent: number; excluded: boolean; plan: number | null };

/** Runs the learner over random cycles, feeding each decision's target back as the next cycle's target. */
function walk(config: StackConfig, cycles: Cycle[]) {
  const cfg = targetLearnerConfigOf(config);
  let state: TargetLearnerState = initialTargetLearnerState();
  let target = config.targetCpuPercent;
  const steps: { from: number; to: number; slaMet: boolean; state: TargetLearnerState; obs: TargetObservation }[] = [];
  for (const c of cycles) {
    const obs: TargetObservation = {
      targetCpuPercent: target,
      slaPercent: c.slaPercent,
      costUsd: c.costUsd,
      minutes: 360,
      load: { meanRps: 100, peakRps: 150 },
      peakCpuPercent: c.peakCpuPercent,
      peakP95LatencyMs: 100,
      excluded: c.excluded,
      plan: c.plan === null ? null : { targetCpuPercent: c.plan, basis: "test" },
    };
    const before = state;
    const r = decideTarget(state, obs, cfg);
    steps.push({ from: target, to: r.decision.to, slaMet: c.slaPercent >= cfg.slaTargetPercent, state: before, obs });
    state = r.nextState;
    target = r.decision.to;
  }
  return { cfg, steps, state };
}

describe("target learner invariants (property tests, seeded)", () => {
  it("stays within the bounds, moves at most one step, backs off on every miss, never returns to an unsafe target", () => {
    fc.assert(
      fc.property(configArb, fc.array(obsArb, { minLength: 1, maxLength: 60 }), (config, cycles) => {
        const { cfg, steps } = walk(config, cycles);
        for (const s of steps) {
          expect(withinTargetBounds(s.to, cfg)).toBe(true);
          if (withinTargetBounds(s.from, cfg)) expect(Math.abs(s.to - s.from)).toBeLessThanOrEqual(cfg.maxStep + EPS);
          if (!s.slaMet && withinTargetBounds(s.from, cfg)) expect(s.to).toBeLessThanOrEqual(s.from + EPS);
          const ceiling = s.state.ceiling;
          if (ceiling !== null && s.to > s.from + EPS) expect(s.to).toBeLessThanOrEqual(ceiling + EPS);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("every decision replays identically after a JSON round trip", () => {
    fc.assert(
      fc.property(configArb, fc.array(obsArb, { minLength: 1, maxLength: 30 }), (config, cycles) => {
        const { cfg, steps } = walk(config, cycles);
        for (const s of steps) {
          const { decision, nextState } = decideTarget(s.state, s.obs, cfg);
          const record = JSON.parse(
            JSON.stringify({ stateBefore: s.state, observation: s.obs, config: cfg, decision, nextState }),
          );
          expect(replayTarget(record).same).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe("target learner", () => {
  const config = parseStackConfig({ scalingMode: "target-tracking", targetCpuPercent: 60 });
  const cfg = targetLearnerConfigOf(config);
  const obs = (target: number, over: Partial<TargetObservation> = {}): TargetObservation => ({
    targetCpuPercent: target,
    slaPercent: 100,
    costUsd: 1,
    minutes: 360,
    load: { meanRps: 100, peakRps: 150 },
    peakCpuPercent: 70,
    peakP95LatencyMs: 100,
    excluded: false,
    plan: null,
    ...over,
  });

  it("walks to a plan one step per safe cycle, then confirms it for confirmCycles and converges", () => {
    let state = initialTargetLearnerState();
    let t = 60;
    const seen: number[] = [];
    for (let k = 0; k < 12; k++) {
      const r = decideTarget(state, obs(t, { plan: { targetCpuPercent: 77, basis: "test" } }), cfg);
      state = r.nextState;
      t = r.decision.to;
      seen.push(t);
    }
    expect(seen.slice(0, 4)).toEqual([65, 70, 75, 77]);
    expect(state.converged).toBe(true);
    expect(state.convergedAtCycle).toBe(4 + cfg.confirmCycles);
  });

  it("backs off at once on a miss, to the last confirmed target, and marks a severe miss unsafe", () => {
    let state = initialTargetLearnerState();
    let r = decideTarget(state, obs(60, { plan: { targetCpuPercent: 80, basis: "t" } }), cfg);
    state = r.nextState;
    expect(r.decision.to).toBe(65);
    r = decideTarget(state, obs(65, { slaPercent: 99, plan: { targetCpuPercent: 80, basis: "t" } }), cfg);
    expect(r.decision.action).toBe("back-off");
    expect(r.decision.to).toBe(60);
    expect(r.nextState.ceiling).toBe(64); // the missed target is given up: 1 point below it
    // afterwards the plan is capped below the unsafe target
    r = decideTarget(r.nextState, obs(60, { plan: { targetCpuPercent: 80, basis: "t" } }), cfg);
    expect(r.decision.to).toBeLessThan(65);
  });

  it("explores one grid step without a plan only with CPU headroom", () => {
    const state = initialTargetLearnerState();
    let r = decideTarget(state, obs(60, { peakCpuPercent: 70 }), cfg);
    for (let k = 1; k < cfg.confirmCycles; k++) r = decideTarget(r.nextState, obs(60, { peakCpuPercent: 70 }), cfg);
    expect(r.decision).toMatchObject({ action: "explore", to: 65 });
    let h = decideTarget(state, obs(60, { peakCpuPercent: 90 }), cfg);
    for (let k = 1; k < cfg.confirmCycles; k++) h = decideTarget(h.nextState, obs(60, { peakCpuPercent: 90 }), cfg);
    expect(h.decision.action).toBe("converged");
  });

  it("rejects a bad observation naming the field", () => {
    const bad = obs(60, { slaPercent: NaN });
    expect(() => decideTarget(initialTargetLearnerState(), bad, targetLearnerConfigOf(defaultStackConfig()))).toThrow(
      /target learner observation: slaPercent/,
    );
  });
});
