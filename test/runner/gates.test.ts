import { describe, expect, it } from "vitest";
import { rigsCleanedAfterEach } from "../support/runner/rigs";
import type { QualityIssue } from "../../optimizer/core/types";
import { exitCodeOf } from "../../optimizer/runner/production";
import { EXIT } from "../../optimizer/cli/exitCodes";
import type { DecisionLogEntry } from "../../optimizer/state/decisionLog";
import { runUntil, stepOf, type Rig } from "../support/runner/twinRig";
import { withQualityIssue, withSpikeAtEnd } from "../support/runner/wrappers";

/*
 * The safety gates of the cycle, end to end on the embedded world (twin metrics, twin deployment, stack file,
 * policy pack in-process). A stack file whose scale-out threshold (95) lies outside the learning band (≤ 90) makes
 * the learner propose a change on the very first cycle (it projects to 90/30), so each gate can be shown to stop it.
 */

const OUT_OF_BAND = { "neuropilot:scaleOutCpuThreshold": 95 };
const blockingIssue: QualityIssue = {
  signal: "cpu",
  kind: "stale",
  message: "cpu: newest sample is 45 min old",
  blocking: true,
};

const rig = rigsCleanedAfterEach();

const fmt = (t: DecisionLogEntry["to"]) => `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;

/** Runs cycles 1..n and returns every result. */
async function runCycles(r: Rig, n: number) {
  const results = [];
  for (let i = 1; i <= n; i++) results.push(await r.cycle(i));
  return results;
}

describe("first-cycle proposal (control for the gate tests)", () => {
  it("without a gate, the out-of-band stack is changed to 90/30 on cycle 1", async () => {
    const r = rig({ config: OUT_OF_BAND });
    const before = r.stackText();
    const res = await r.cycle(1);
    expect(res.outcome).toBe("changed");
    expect(fmt(res.entry!.to)).toBe("90/30");
    expect(r.stackText()).not.toBe(before);
    expect(r.config().scaleOutCpuThreshold).toBe(90);
    expect(r.world.state().deployed.scaleOutCpuThreshold).toBe(90);
  });
});

describe("kill switch (neuropilot:optimizerEnabled: false)", () => {
  it("refuses the learner's change, records why, and leaves the stack and the deployment alone", async () => {
    const r = rig({ config: { ...OUT_OF_BAND, "neuropilot:optimizerEnabled": false } });
    const before = r.stackText();
    const res = await r.cycle(1);
    expect(res.outcome).toBe("refused");
    expect(exitCodeOf(res.outcome, true)).toBe(EXIT.refused);
    expect(r.stackText()).toBe(before);
    expect(r.world.state().deployed.scaleOutCpuThreshold).toBe(95);
    const [line] = r.decisions();
    expect(line.action).toBe("refused");
    expect(line.reason).toContain("kill switch: neuropilot:optimizerEnabled is false");
    expect(line.reason).toContain("(learner: project 90%/30%)");
    expect(line.gates).toEqual(["kill switch: neuropilot:optimizerEnabled is false"]);
  });

  it("over a normal run, the learner's first exploration is refused and nothing ever changes", async () => {
    const r = rig({ config: { "neuropilot:optimizerEnabled": false } });
    const before = r.stackText();
    const { results } = await runUntil(r, (x) => x.entry?.learner?.decision.action === "explore");
    // the kill switch refuses every cycle, whether the learner holds or moves
    expect(results.every((x) => x.outcome === "refused")).toBe(true);
    expect(results.every((x) => x.entry!.reason.startsWith("kill switch: neuropilot:optimizerEnabled is false"))).toBe(
      true,
    );
    expect(r.stackText()).toBe(before);
    expect(r.decisions()).toHaveLength(results.length);
  });
});

describe("data quality", () => {
  it("a blocking quality issue refuses the change; the issue is in the decision log", async () => {
    const r = rig({ config: OUT_OF_BAND, wrapMetrics: (m) => withQualityIssue(m, blockingIssue) });
    const before = r.stackText();
    const res = await r.cycle(1);
    expect(res.outcome).toBe("refused");
    expect(r.stackText()).toBe(before);
    const [line] = r.decisions();
    expect(line.reason).toContain("data quality: cpu: newest sample is 45 min old");
    expect(line.qualityIssues).toEqual([blockingIssue]);
    expect(line.learner!.observation.excluded).toBe(true);
  });

  it("while quality fails on every window, no change is made and the learner learns nothing", async () => {
    const r = rig({ wrapMetrics: (m) => withQualityIssue(m, blockingIssue) });
    const before = r.stackText();
    const results = await runCycles(r, 6);
    expect(results.every((x) => x.outcome === "refused")).toBe(true);
    expect(r.stackText()).toBe(before);
    const learner = r.store.read<{ pairs: Record<string, unknown> }>("learner.json", "learner-state", 1);
    expect(learner?.pairs).toEqual({});
  });
});

describe("critical anomaly", () => {
  it("a CPU spike still open at the end of the window refuses the change", async () => {
    const r = rig({ config: OUT_OF_BAND, wrapMetrics: (m) => withSpikeAtEnd(m, "cpu", 5, 100) });
    const before = r.stackText();
    const res = await r.cycle(1);
    expect(res.outcome).toBe("refused");
    expect(res.entry!.gates).toContain("a critical anomaly is open");
    expect(res.entry!.anomalies.some((a) => a.signal === "cpu" && a.severity === "critical")).toBe(true);
    expect(r.stackText()).toBe(before);
    expect(r.world.state().deployed.scaleOutCpuThreshold).toBe(95);
  });
});

describe("max step (neuropilot:maxThresholdStepPercent)", () => {
  it("thresholds outside the policy bounds are brought back in one move even when it is larger than the step (100 → 90)", async () => {
    // the bounds win over the step limit: refusing would leave the stack stuck outside its guardrails for good;
    // any other oversized step is refused (safetyGates.test.ts)
    const r = rig({ config: { "neuropilot:scaleOutCpuThreshold": 100 } });
    const before = r.stackText();
    const res = await r.cycle(1);
    expect(res.entry!.learner!.decision.action).toBe("project");
    expect(fmt(res.entry!.learner!.decision.to)).toBe("90/30");
    expect(res.outcome).toBe("changed");
    expect(res.entry!.gates).toEqual([]);
    expect(r.stackText()).not.toBe(before);
    expect(r.world.state().deployed.scaleOutCpuThreshold).toBe(90);
  });

  it("the learner's explorations never exceed the step, and every applied change respects it", async () => {
    const r = rig({ config: { "neuropilot:maxThresholdStepPercent": 2, "neuropilot:learning": { confirmCycles: 1 } } });
    let changes = 0;
    const { results } = await runUntil(r, (x) => (changes += x.outcome === "changed" ? 1 : 0) >= 3, { max: 20 });
    const entries = results.map((x) => x.entry!);
    for (const e of entries) expect(stepOf(e.learner!.decision.from, e.learner!.decision.to)).toBeLessThanOrEqual(2);
    const changed = entries.filter((e) => e.outcome === "changed");
    for (const e of changed) expect(stepOf(e.from, e.to)).toBeLessThanOrEqual(2);
    expect(changed.some((e) => stepOf(e.from, e.to) === 2)).toBe(true);
  });
});

describe("cooldown (neuropilot:changeCooldownHours)", () => {
  /** Runs a learner that wants to move every cycle (confirmCycles 1) until it has changed `n` times. */
  async function changesWith(cooldownHours: number, n: number) {
    const r = rig({
      config: { "neuropilot:changeCooldownHours": cooldownHours, "neuropilot:learning": { confirmCycles: 1 } },
    });
    let count = 0;
    const { results } = await runUntil(r, (x) => (count += x.outcome === "changed" ? 1 : 0) >= n, { max: 24 });
    const entries = results.map((x) => x.entry!);
    const changes = entries.filter((e) => e.outcome === "changed");
    return { entries, gapsH: changes.slice(1).map((e, i) => (e.timestamp - changes[i].timestamp) / 3_600_000) };
  }

  it("with 12 h cooldown and 6 h cycles, two changes are never closer than 12 h; the cycle in between holds", async () => {
    const { entries, gapsH } = await changesWith(12, 3);
    for (const g of gapsH) expect(g).toBeGreaterThanOrEqual(12);
    const cooled = entries.filter((e) => e.gates.some((g) => g.startsWith("cooldown")));
    expect(cooled.length).toBeGreaterThanOrEqual(1);
    for (const e of cooled) {
      expect(e.outcome).toBe("held");
      expect(e.reason).toMatch(/cooldown: last change 6\.0 h ago, neuropilot:changeCooldownHours is 12/);
    }
  });

  it("control: with the cooldown at 6 h (one cycle) the same learner changes in consecutive cycles", async () => {
    const { gapsH } = await changesWith(6, 3);
    expect(Math.min(...gapsH)).toBe(6);
  });
});
