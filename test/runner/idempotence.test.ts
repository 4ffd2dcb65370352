import { describe, expect, it } from "vitest";
import { rigsCleanedAfterEach } from "../support/runner/rigs";
import { StackLockedError } from "../../optimizer/runner/portErrors";
import { replay } from "../../optimizer/learn/replay";
import type { DeploymentTarget } from "../../optimizer/runner/ports";
import { firstChangeCycle, runUntil, type Rig } from "../support/runner/twinRig";

const rig = rigsCleanedAfterEach();

/** Every state file except twin.json: the twin is the simulated world (its clock moves whenever it is observed). */
const optimizerState = (r: Rig) => {
  const { ["twin.json"]: _twin, ...rest } = r.stateFiles();
  return rest;
};

describe("idempotent re-runs", () => {
  it("running the cycle again at the same clock time gives no-new-data and changes no file", async () => {
    const r = rig();
    const { last } = await runUntil(r, (x) => x.outcome === "changed");
    const stack = r.stackText();
    const files = r.stateFiles();
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["learner.json", "runner.json", "decisions.jsonl", "twin.json", "last-change.txt"]),
    );
    for (const again of [last, last, last + 0.1]) {
      const res = await r.cycle(again); // + 0.1: 36 min later, less than half a cycle of new data
      expect(res.outcome).toBe("no-new-data");
      expect(res.entry).toBeNull();
      expect(r.stackText()).toBe(stack);
      expect(r.stateFiles()).toEqual(files);
    }
  });
});

describe("dry run", () => {
  it("stops after preview: stack file and optimizer state byte-identical, no decision line", async () => {
    const k = await firstChangeCycle();
    const r = rig();
    for (let i = 1; i < k; i++) await r.cycle(i);
    const stack = r.stackText();
    const state = optimizerState(r);
    const deployed = r.world.state().deployed;
    const res = await r.cycle(k, { dryRun: true });
    expect(res.outcome).toBe("dry-run");
    expect(res.entry!.reason).toMatch(/^dry run: would change 80%\/30% → 80%\/35% \(.*\); preview passed$/);
    expect(res.deliveries).toEqual([]);
    expect(r.stackText()).toBe(stack);
    expect(optimizerState(r)).toEqual(state);
    expect(r.decisions()).toHaveLength(k - 1);
    expect(r.world.state().deployed).toEqual(deployed);
    // the real run at the same instant sees the same window and makes the change the dry run previewed
    const real = await r.cycle(k);
    expect(real.outcome).toBe("changed");
    expect(real.entry!.to).toEqual({ scaleOutCpuThreshold: 80, scaleInCpuThreshold: 35 });
    expect(real.entry!.controller).toBe("step 80/35");
  });

  it("with an interrupted cycle pending, a dry run reports it and touches nothing; the next real run recovers", async () => {
    const r = rig({ config: { "neuropilot:scaleOutCpuThreshold": 95 } });
    const original = r.stackText();
    await expect(
      r.cycle(1, { afterConfigWritten: () => Promise.reject(new Error("simulated crash")) }),
    ).rejects.toThrow("simulated crash");
    const crashedStack = r.stackText();
    const crashedState = r.stateFiles();
    const dry = await r.cycle(2, { dryRun: true });
    expect(dry.outcome).toBe("dry-run");
    expect(dry.entry!.reason).toContain("interrupted cycle");
    expect(r.stackText()).toBe(crashedStack);
    expect(r.stateFiles()).toEqual(crashedState);
    const real = await r.cycle(2);
    expect(real.outcome).toBe("recovered");
    expect(r.stackText()).toBe(original);
  });
});

describe("another update holds the Pulumi stack lock", () => {
  it("the cycle stops with StackLockedError, the stack file is restored and no recovery is left pending", async () => {
    const lockedPreview = (t: DeploymentTarget): DeploymentTarget => ({
      name: t.name,
      readConfig: () => t.readConfig(),
      readThresholds: () => t.readThresholds(),
      snapshot: () => t.snapshot(),
      restore: (s) => t.restore(s),
      writeThresholds: (th) => t.writeThresholds(th),
      preview: () => Promise.reject(new StackLockedError("dev", "error: the stack is currently locked by 1 lock(s)")),
      up: () => t.up(),
    });
    const r = rig({ config: { "neuropilot:scaleOutCpuThreshold": 95 }, wrapTarget: lockedPreview });
    const stack = r.stackText();
    await expect(r.cycle(1)).rejects.toBeInstanceOf(StackLockedError);
    expect(r.stackText()).toBe(stack);
    expect(r.store.read("pending-change.json", "pending-change", 1)).toBeUndefined();
  });
});

describe("replayable decisions", () => {
  it("replay(entry.learner) of every decisions.jsonl line gives the same decision and next state", async () => {
    const r = rig({ config: { "neuropilot:learning": { confirmCycles: 1 } } });
    let changes = 0;
    const { results } = await runUntil(r, (x) => (changes += x.outcome === "changed" ? 1 : 0) >= 2);
    const lines = r.decisions();
    expect(lines).toHaveLength(results.length);
    expect(new Set(lines.map((l) => l.learner!.decision.action)).size).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      const res = replay(line.learner!);
      expect(res.differences).toEqual([]);
      expect(res.decision).toEqual(line.learner!.decision);
      if (line.outcome === "changed") expect(res.decision.to).toEqual(line.to);
    }
    // each decision starts from the state the previous one left (the learner state file is the chain)
    for (let k = 1; k < lines.length; k++)
      expect(lines[k].learner!.stateBefore).toEqual(lines[k - 1].learner!.nextState);
  });
});
