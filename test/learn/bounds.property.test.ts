import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultStackConfig, parseStackConfig } from "../../infra/config";
import type { Thresholds } from "../../optimizer/core/types";
import { boundedMove, policyBoundsOf, withinBounds, type PolicyBounds } from "../../optimizer/learn/bounds";
import { decide, initialLearnerState, learnerConfigOf } from "../../optimizer/learn/learner";
import { replay } from "../../optimizer/learn/replay";
import type { LearnerState, Observation } from "../../optimizer/learn/types";
import { runPolicy } from "../../optimizer/sim/run";
import { BUILTIN_TRACES } from "../../optimizer/sim/traces";

const EPS = 1e-6;
const stepOk = (a: Thresholds, b: Thresholds, max: number) =>
  Math.abs(a.scaleOutCpuThreshold - b.scaleOutCpuThreshold) <= max + EPS &&
  Math.abs(a.scaleInCpuThreshold - b.scaleInCpuThreshold) <= max + EPS;

/** Random but valid learning settings: bands, hysteresis, step. */
const configArb = fc
  .record({
    outLo: fc.integer({ min: 30, max: 70 }),
    outSpan: fc.integer({ min: 5, max: 30 }),
    inLo: fc.integer({ min: 0, max: 30 }),
    inSpan: fc.integer({ min: 5, max: 40 }),
    hyst: fc.integer({ min: 1, max: 25 }),
    step: fc.double({ min: 0.5, max: 20, noNaN: true }),
    grid: fc.double({ min: 0.5, max: 20, noNaN: true }),
  })
  .filter((c) => c.outLo + c.outSpan - c.inLo >= c.hyst)
  .map((c) =>
    parseStackConfig({
      scaleOutCpuThreshold: c.outLo + c.outSpan,
      scaleInCpuThreshold: Math.min(c.inLo, c.outLo + c.outSpan - 1),
      maxThresholdStepPercent: c.step,
      learning: {
        scaleOutBand: [c.outLo, c.outLo + c.outSpan],
        scaleInBand: [c.inLo, c.inLo + c.inSpan],
        minHysteresis: c.hyst,
        gridStepPercent: c.grid,
      },
    }),
  );

const obsArb = fc.record({
  slaPercent: fc.oneof(fc.constant(100), fc.double({ min: 90, max: 100, noNaN: true })),
  costUsd: fc.double({ min: 0, max: 10, noNaN: true }),
  meanRps: fc.double({ min: 0, max: 1000, noNaN: true }),
  peakCpuPercent: fc.double({ min: 0, max: 100, noNaN: true }),
  peakP95LatencyMs: fc.double({ min: 0, max: 20_000, noNaN: true }),
  excluded: fc.boolean(),
});

const SEED = 20261124;

describe("learner invariants (property tests, seeded)", () => {
  it("every proposal is within the policy bounds and at most one step from a within-bounds pair", () => {
    fc.assert(
      fc.property(configArb, fc.array(obsArb, { minLength: 1, maxLength: 60 }), (config, cycles) => {
        const cfg = learnerConfigOf(config);
        const b: PolicyBounds = cfg.bounds;
        let state: LearnerState = initialLearnerState();
        let t: Thresholds = {
          scaleOutCpuThreshold: config.scaleOutCpuThreshold,
          scaleInCpuThreshold: config.scaleInCpuThreshold,
        };
        for (const c of cycles) {
          const observation: Observation = {
            thresholds: t,
            slaPercent: c.slaPercent,
            costUsd: c.costUsd,
            minutes: 360,
            load: { meanRps: c.meanRps, peakRps: c.meanRps * 1.5 },
            peakCpuPercent: c.peakCpuPercent,
            peakP95LatencyMs: c.peakP95LatencyMs,
            excluded: c.excluded,
          };
          const { decision, nextState } = decide(state, observation, cfg);
          expect(withinBounds(decision.to, b)).toBe(true);
          if (withinBounds(t, b)) expect(stepOk(t, decision.to, b.maxStep)).toBe(true);
          if (c.excluded) expect(nextState.pairs).toEqual(state.pairs);
          if (c.slaPercent < config.slaTargetPercent && !(decision.action === "project"))
            expect(decision.action).toBe("back-off");
          expect(
            replay(JSON.parse(JSON.stringify({ stateBefore: state, observation, config: cfg, decision, nextState })))
              .same,
          ).toBe(true);
          state = nextState;
          t = decision.to;
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("boundedMove never leaves the bounds nor exceeds the step", () => {
    const b = policyBoundsOf(defaultStackConfig());
    const pairArb = fc.record({
      scaleOutCpuThreshold: fc.double({ min: 0, max: 100, noNaN: true }),
      scaleInCpuThreshold: fc.double({ min: 0, max: 99, noNaN: true }),
    });
    fc.assert(
      fc.property(pairArb, pairArb, (from, to) => {
        const next = boundedMove(from, to, b);
        expect(withinBounds(next, b)).toBe(true);
        if (withinBounds(from, b)) expect(stepOk(from, next, b.maxStep)).toBe(true);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("on random traces the learned trajectory stays within bounds and step limits", () => {
    const config = defaultStackConfig();
    const b = learnerConfigOf(config).bounds;
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILTIN_TRACES),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 40, max: 300 }),
        (name, seed, peakRps) => {
          const r = runPolicy({
            config,
            trace: { kind: "builtin", name, seed, peakRps },
            days: 4,
            policy: "learned",
            startMs: 0,
          });
          for (let k = 1; k < r.trajectory.length; k++) {
            expect(withinBounds(r.trajectory[k], b)).toBe(true);
            expect(stepOk(r.trajectory[k - 1], r.trajectory[k], b.maxStep)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 12 },
    );
  });
});
