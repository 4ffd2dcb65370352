import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverFleet, parseFleetList, stacksOfListing } from "../../optimizer/fleet/plan";
import { fleetStatus } from "../../optimizer/fleet/status";
import { baseEntry } from "../../optimizer/runner/record";
import { FileStateStore } from "../../optimizer/state/fileStateStore";
import { stackStateDir } from "../../optimizer/state/layout";
import type { LearnerState } from "../../optimizer/learn/types";

const REPO = path.resolve(__dirname, "../..");
const DEV = fs.readFileSync(path.join(REPO, "stacks/Pulumi.dev.yaml"), "utf8");
const PROD = fs.readFileSync(path.join(REPO, "stacks/Pulumi.prod.yaml"), "utf8");

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "np-fleet-"));
  fs.mkdirSync(path.join(root, "stacks"));
  fs.writeFileSync(path.join(root, "stacks/Pulumi.dev.yaml"), DEV);
  fs.writeFileSync(path.join(root, "stacks/Pulumi.prod.yaml"), PROD);
  fs.writeFileSync(
    path.join(root, "stacks/Pulumi.web-eu.yaml"),
    DEV.replace("t3.small", "t3.medium").replace("maxSize: 4", "maxSize: 6"),
  );
  // invalid: scale-in above scale-out is out of range for its key
  fs.writeFileSync(
    path.join(root, "stacks/Pulumi.broken.yaml"),
    DEV.replace("scaleOutCpuThreshold: 80", "scaleOutCpuThreshold: 900"),
  );
  fs.writeFileSync(path.join(root, "stacks/README.md"), "not a stack");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("fleet discovery", () => {
  it("lists stacks from file names only", () => {
    expect(stacksOfListing(["Pulumi.b.yaml", "Pulumi.a.yaml", "x.yaml", "Pulumi.yaml", "Pulumi.a b.yaml"])).toEqual([
      "a",
      "b",
    ]);
  });

  it("plans every valid stack and skips an invalid stack file with a message naming the file and key", () => {
    const plan = discoverFleet({ projectRoot: root });
    expect(plan.stacks.map((s) => s.stack)).toEqual(["dev", "prod", "web-eu"]);
    expect(plan.matrix.include).toEqual([{ stack: "dev" }, { stack: "prod" }, { stack: "web-eu" }]);
    expect(plan.stacks[2]).toMatchObject({ instanceType: "t3.medium", file: "stacks/Pulumi.web-eu.yaml" });
    expect(plan.skipped).toHaveLength(1);
    expect(plan.skipped[0].stack).toBe("broken");
    expect(plan.skipped[0].reason).toContain("stacks/Pulumi.broken.yaml");
    expect(plan.skipped[0].reason).toContain("neuropilot:scaleOutCpuThreshold");
  });

  it("filters by the fleet file, and --stacks overrides it; a listed stack without a file is skipped", () => {
    fs.writeFileSync(path.join(root, "fleet.yaml"), "stacks: [prod, ghost]\n");
    const plan = discoverFleet({ projectRoot: root });
    expect(plan.stacks.map((s) => s.stack)).toEqual(["prod"]);
    expect(plan.skipped).toEqual([{ stack: "ghost", file: "stacks/Pulumi.ghost.yaml", reason: "no stack file" }]);
    expect(discoverFleet({ projectRoot: root, only: ["dev"] }).stacks.map((s) => s.stack)).toEqual(["dev"]);
  });

  it("refuses a malformed fleet list naming the file", () => {
    expect(() => parseFleetList("stacks: [ok, 'bad name']\n", "fleet.yaml")).toThrow(/fleet\.yaml: "stacks" must be/);
    expect(() => parseFleetList("stacks: 3\n", "fleet.yaml")).toThrow(/fleet\.yaml/);
  });
});

describe("fleet status", () => {
  it("summarizes each stack's last cycle, thresholds, learner, health and savings from the state store", async () => {
    const stateRoot = path.join(root, "state");
    const now = new Date(Date.UTC(2026, 0, 10, 12));
    const dev = new FileStateStore(stackStateDir(stateRoot, "dev"));
    const from = { scaleOutCpuThreshold: 80, scaleInCpuThreshold: 30 };
    const to = { scaleOutCpuThreshold: 85, scaleInCpuThreshold: 35 };
    await dev.save(
      "runner",
      { cycles: 2, lastWindowEndMs: now.getTime(), lastChangeAtMs: now.getTime(), lastApplied: to },
      now,
    );
    const stat = (t: typeof from, cycles: number, cost: number) => ({
      thresholds: t,
      cycles,
      misses: 0,
      safeStreak: cycles,
      costUsdSum: cost,
      costPerKRequestSum: 0,
      maxPeakCpuPercent: 70,
      maxPeakP95LatencyMs: 200,
    });
    const learner: LearnerState = {
      version: 1,
      cycle: 2,
      pairs: { "80/30": stat(from, 1, 10), "85/35": stat(to, 2, 16) },
      unsafe: [],
      lastSafe: to,
      converged: true,
      minutesSeen: 100,
      badMinutes: 0,
      convergedAtCycle: 2,
    };
    await dev.save("learner", learner, now);
    await dev.appendDecision(baseEntry("dev", "dev-1", now, "changed", "changed", from, to, "cheaper"));
    const prod = new FileStateStore(stackStateDir(stateRoot, "prod"));
    await prod.appendDecision(baseEntry("prod", "prod-1", now, "refused", "refused", from, from, "data quality"));
    fs.mkdirSync(stackStateDir(stateRoot, "web-eu"), { recursive: true });
    fs.writeFileSync(path.join(stackStateDir(stateRoot, "web-eu"), "runner.json"), '{"kind":"learner-state"}');

    const st = await fleetStatus(
      discoverFleet({ projectRoot: root }),
      (s) => new FileStateStore(stackStateDir(stateRoot, s)),
    );
    const by = Object.fromEntries(st.stacks.map((s) => [s.stack, s]));
    expect(by.dev).toMatchObject({
      health: "ok",
      thresholds: to,
      cycles: 2,
      learner: { converged: true, pairsTried: 2 },
      savingsUsdPerCycle: 2,
      lastCycle: { cycleId: "dev-1", outcome: "changed" },
    });
    expect(by.prod).toMatchObject({ health: "attention", savingsUsdPerCycle: null, lastCycle: { outcome: "refused" } });
    expect(by["web-eu"].health).toBe("error");
    expect(by["web-eu"].message).toContain('expected kind "runner-state"');
    expect(by.broken.health).toBe("invalid-config");
    expect(st.totals).toMatchObject({ stacks: 4, savingsUsdPerCycle: 2 });
    expect(st.totals.byHealth).toMatchObject({ ok: 1, attention: 1, error: 1, "invalid-config": 1 });
  });
});
