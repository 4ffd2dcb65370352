import { spawnSync } from "node:child_process";
import { rigsCleanedAfterEach } from "../support/runner/rigs";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireRunnerLock, RunnerLockedError } from "../../optimizer/runner/lock";
import { PROJECT_ROOT, type Rig } from "../support/runner/twinRig";
import { StoreFailingOnce } from "../support/runner/wrappers";

/*
 * A cycle that dies between writing the new thresholds into the stack file and `up` leaves pending-change.json;
 * the next cycle must put the stack file back byte for byte, make the deployment match it, log "recovered" and not
 * advance the learner.
 */

const rig = rigsCleanedAfterEach();

interface Pending {
  cycleId: string;
  from: { scaleOutCpuThreshold: number; scaleInCpuThreshold: number };
  to: { scaleOutCpuThreshold: number; scaleInCpuThreshold: number };
}
const pendingOf = (r: Rig) => r.store.read<Pending>("pending-change.json", "pending-change", 1);
const deployedMatchesStack = (r: Rig) => {
  const c = r.config();
  expect(r.world.state().deployed).toEqual({
    scaleOutCpuThreshold: c.scaleOutCpuThreshold,
    scaleInCpuThreshold: c.scaleInCpuThreshold,
  });
};

describe("crash between writing stack config and up", () => {
  it("in-process: the thrown hook leaves pending-change.json; the next cycle restores the stack file byte for byte", async () => {
    const r = rig();
    // every cycle runs with a hook that throws; the first cycle that applies a change (on dev: the learner's first
    // exploration, 80/30 → 80/35) crashes there
    const crash = () => Promise.reject(new Error("simulated crash"));
    let before = r.stackText();
    let stateBefore = r.stateFiles();
    let crashedAt = 0;
    for (let i = 1; i <= 16 && crashedAt === 0; i++) {
      before = r.stackText();
      stateBefore = r.stateFiles();
      try {
        expect((await r.cycle(i, { afterConfigWritten: crash })).outcome).not.toBe("changed");
      } catch (err) {
        expect((err as Error).message).toBe("simulated crash");
        crashedAt = i;
      }
    }
    expect(crashedAt).toBeGreaterThan(1);
    expect(stateBefore["learner.json"]).toBeDefined();
    expect(pendingOf(r)).toMatchObject({
      from: { scaleOutCpuThreshold: 80, scaleInCpuThreshold: 30 },
      to: { scaleOutCpuThreshold: 80, scaleInCpuThreshold: 35 },
    });
    expect(r.config().scaleInCpuThreshold).toBe(35);
    expect(r.stackText()).not.toBe(before);
    // nothing of the crashed cycle was recorded
    const crashed = r.stateFiles();
    for (const f of ["learner.json", "runner.json", "decisions.jsonl", "metrics-history.json"])
      expect(crashed[f]).toBe(stateBefore[f]);

    const rec = await r.cycle(crashedAt + 1);
    expect(rec.outcome).toBe("recovered");
    expect(r.stackText()).toBe(before);
    expect(pendingOf(r)).toBeUndefined();
    deployedMatchesStack(r);
    const after = r.stateFiles();
    expect(after["learner.json"]).toBe(stateBefore["learner.json"]);
    expect(after["runner.json"]).toBe(stateBefore["runner.json"]);
    const line = r.decisions().at(-1)!;
    expect(line.outcome).toBe("recovered");
    expect(line.action).toBe("rolled-back");
    expect(line.reason).toBe(
      `recovered from interrupted cycle ${pendingIdOf(crashedAt)}: restored 80%/30% (its change to 80%/35% was never confirmed)`,
    );
    expect(line.learner).toBeNull();

    // the run goes on normally afterwards
    const next = await r.cycle(crashedAt + 2);
    expect(["changed", "held", "refused"]).toContain(next.outcome);
    expect(pendingOf(r)).toBeUndefined();
    deployedMatchesStack(r);
  });

  it("a real SIGKILL in a child process: the lock it leaves is stale, the next cycle recovers and state stays consistent", async () => {
    // the parent sets up the world (stack file with scale-out 95, outside the band: cycle 1 proposes 90/30)
    const r = rig({ config: { "neuropilot:scaleOutCpuThreshold": 95 } });
    const before = r.stackText();
    // one process (node with the tsx loader), so the SIGKILL hits the process that runs the cycle
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(PROJECT_ROOT, "test/support/runner/killDuringCycle.ts"), r.dir, "1"],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(child.stderr).toBe("");
    expect(child.signal).toBe("SIGKILL");
    expect(pendingOf(r)).toMatchObject({ to: { scaleOutCpuThreshold: 90, scaleInCpuThreshold: 30 } });
    expect(r.config().scaleOutCpuThreshold).toBe(90);
    expect(fs.existsSync(r.store.file("learner.json"))).toBe(false);

    // the killed run's lock is still there: a normal run is refused until it is stale
    await expect(acquireRunnerLock(r.store.dir)).rejects.toBeInstanceOf(RunnerLockedError);
    const release = await acquireStaleLock(r.store.dir);
    try {
      const rec = await r.cycle(2);
      expect(rec.outcome).toBe("recovered");
      expect(r.stackText()).toBe(before);
      expect(pendingOf(r)).toBeUndefined();
      deployedMatchesStack(r);
      expect(fs.existsSync(r.store.file("learner.json"))).toBe(false);
      expect(r.decisions().map((d) => d.outcome)).toEqual(["recovered"]);

      const next = await r.cycle(3);
      expect(["changed", "refused"]).toContain(next.outcome);
      expect(next.entry!.learner!.stateBefore.cycle).toBe(0);
      deployedMatchesStack(r);
    } finally {
      await release();
    }
  });
});

describe("crash after up, while the decision is being recorded", () => {
  it("pending-change.json stays until the decision line is written, so the next cycle recovers instead of leaving an unrecorded change", async () => {
    const r = rig({
      config: { "neuropilot:scaleOutCpuThreshold": 95 },
      store: (dir) => new StoreFailingOnce(dir, "learner.json"),
    });
    const before = r.stackText();
    await expect(r.cycle(1)).rejects.toThrow("simulated crash while writing learner.json");
    // up had applied 90/30, but nothing was recorded: the journal must still be there
    expect(r.world.state().deployed.scaleOutCpuThreshold).toBe(90);
    expect(r.decisions()).toEqual([]);
    expect(pendingOf(r)).toMatchObject({ to: { scaleOutCpuThreshold: 90, scaleInCpuThreshold: 30 } });
    const rec = await r.cycle(2);
    expect(rec.outcome).toBe("recovered");
    expect(r.stackText()).toBe(before);
    deployedMatchesStack(r);
    expect(pendingOf(r)).toBeUndefined();
  });
});

/** Retries with a 2 s stale time until the dead holder's lock counts as stale. */
async function acquireStaleLock(dir: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await acquireRunnerLock(dir, { staleMs: 2_000 });
    } catch (err) {
      if (!(err instanceof RunnerLockedError) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The id of cycle `i` of a dev rig (6 h cycles from the demo start). */
function pendingIdOf(i: number): string {
  const t = new Date(Date.UTC(2026, 10, 2) + i * 6 * 3_600_000);
  return `dev-${t
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}
