import { describe, expect, it } from "vitest";
import { rigsCleanedAfterEach } from "../support/runner/rigs";
import { EXIT } from "../../optimizer/cli/exitCodes";
import { isUnsafe } from "../../optimizer/learn/learner";
import type { LearnerState } from "../../optimizer/learn/types";
import { exitCodeOf } from "../../optimizer/runner/production";
import { stricterPolicyCheck } from "../support/runner/policyCheck";
import { runUntil, type Rig } from "../support/runner/twinRig";
import { upFailsOnce } from "../support/runner/wrappers";

const rig = rigsCleanedAfterEach();

const learnerOf = (r: Rig) => r.store.read<LearnerState>("learner.json", "learner-state", 1);

describe("rollback on a mandatory policy violation", () => {
  it("prod: the learner's move 70/30 → 70/35 breaks scaling-hysteresis (pack requires a 40-point gap): stack file restored byte for byte", async () => {
    const r = rig({
      stack: "prod",
      policyCheck: (stack) =>
        stricterPolicyCheck(stack, (c) => ({
          ...c,
          "scaling-hysteresis": { ...c["scaling-hysteresis"], minGapPoints: 40 },
        })),
    });
    // the learner stays at 70/30 until it is confirmed (prod: cycle 10 on the weekly trace), then tries 70/35
    let res = await r.cycle(1);
    let i = 1;
    const deployedBefore = r.world.state().deployed;
    let before = r.stackText();
    while (res.outcome === "held" && i < 12) {
      before = r.stackText();
      res = await r.cycle(++i);
    }
    expect(res.entry!.learner!.decision.to).toEqual({ scaleOutCpuThreshold: 70, scaleInCpuThreshold: 35 });
    expect(res.outcome).toBe("rolled-back");
    expect(exitCodeOf(res.outcome, true)).toBe(EXIT.rolledBack);
    expect(r.stackText()).toBe(before);
    expect(r.world.state().deployed).toEqual(deployedBefore);
    const line = r.decisions().at(-1)!;
    expect(line.action).toBe("rolled-back");
    expect(line.reason).toMatch(/^preview blocked by policy: scaling-hysteresis: /);
    expect(line.reason).toMatch(/restored 70%\/30%$/);
    expect(line.policyViolations.map((v) => [v.policyName, v.enforcementLevel])).toContainEqual([
      "scaling-hysteresis",
      "mandatory",
    ]);
    expect(r.store.read("pending-change.json", "pending-change", 1)).toBeUndefined();
    // the refused pair is never proposed again
    expect(isUnsafe({ scaleOutCpuThreshold: 70, scaleInCpuThreshold: 35 }, learnerOf(r)!.unsafe)).toBe(true);
    const next = await r.cycle(++i);
    expect(next.entry!.learner!.decision.to).not.toEqual({ scaleOutCpuThreshold: 70, scaleInCpuThreshold: 35 });
  });
});

describe("rollback on a failed up", () => {
  it("an up that fails half way: the stack file is restored byte for byte, the previous thresholds are redeployed", async () => {
    let wrapped: ReturnType<typeof upFailsOnce> | undefined;
    const r = rig({
      config: { "neuropilot:scaleOutCpuThreshold": 95 },
      wrapTarget: (t) => (wrapped = upFailsOnce(t, "update failed: connection reset by peer")),
    });
    const before = r.stackText();
    const res = await r.cycle(1);
    expect(res.outcome).toBe("rolled-back");
    expect(exitCodeOf(res.outcome, true)).toBe(EXIT.rolledBack);
    expect(r.stackText()).toBe(before);
    // the failed up had applied 90/30 to the twin; the rollback's redeploy put 95/30 back
    expect(wrapped!.calls).toBe(2);
    expect(r.world.state().deployed).toEqual({ scaleOutCpuThreshold: 95, scaleInCpuThreshold: 30 });
    const line = r.decisions().at(-1)!;
    expect(line.reason).toBe("up failed: update failed: connection reset by peer; restored 95%/30%");
    expect(line.to).toEqual(line.from);
    expect(r.store.read("pending-change.json", "pending-change", 1)).toBeUndefined();
  });

  it("a failed up is not a verdict on the pair: the learner may propose it again (only policy refusals mark it unsafe)", async () => {
    const r = rig({
      config: { "neuropilot:scaleOutCpuThreshold": 95 },
      wrapTarget: (t) => upFailsOnce(t, "update failed: connection reset by peer"),
    });
    expect((await r.cycle(1)).outcome).toBe("rolled-back");
    expect(learnerOf(r)!.unsafe).toEqual([]);
    // a later cycle (the next one may be refused by an anomaly of the trace) applies the same pair
    const { results } = await runUntil(r, (x) => x.outcome !== "refused", { from: 2, max: 6 });
    expect(results.at(-1)!.outcome).toBe("changed");
    expect(results.at(-1)!.entry!.to).toEqual({ scaleOutCpuThreshold: 90, scaleInCpuThreshold: 30 });
  });
});
