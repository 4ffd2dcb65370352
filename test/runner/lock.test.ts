import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../optimizer/cli/exitCodes";
import { createLogger } from "../../optimizer/log/logger";
import { runCycleCommand } from "../../optimizer/runner/production";
import { acquireRunnerLock, RunnerLockedError } from "../../optimizer/runner/lock";

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "neuropilot-lock-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe("runner lock", () => {
  it("a second acquire on the same state directory fails with RunnerLockedError until the first is released", async () => {
    const dir = tempDir();
    const release = await acquireRunnerLock(dir);
    const second = acquireRunnerLock(dir);
    await expect(second).rejects.toBeInstanceOf(RunnerLockedError);
    await expect(second).rejects.toThrow(
      `another neuropilot run holds the runner lock ${path.join(dir, "runner.lock")}; nothing was changed`,
    );
    await release();
    const again = await acquireRunnerLock(dir);
    await again();
  });

  it("locks are per state directory (one per stack)", async () => {
    const root = tempDir();
    const a = await acquireRunnerLock(path.join(root, "dev"));
    const b = await acquireRunnerLock(path.join(root, "prod"));
    await a();
    await b();
  });

  it("`neuropilot cycle` exits with EXIT.locked (5) while another run holds the lock, before any Pulumi call", async () => {
    const stateDir = tempDir();
    // only the stack file (validated before the lock is taken); no Pulumi.yaml: anything past the lock would fail loudly
    const emptyProject = tempDir();
    fs.mkdirSync(path.join(emptyProject, "stacks"));
    fs.copyFileSync(
      path.join(__dirname, "../../stacks/Pulumi.dev.yaml"),
      path.join(emptyProject, "stacks", "Pulumi.dev.yaml"),
    );
    const release = await acquireRunnerLock(path.join(stateDir, "dev"));
    const out = new PassThrough();
    let logged = "";
    out.on("data", (c: Buffer) => (logged += c.toString()));
    try {
      const t0 = Date.now();
      const r = await runCycleCommand({
        stack: "dev",
        projectRoot: emptyProject,
        stateDir,
        dryRun: false,
        env: {},
        log: createLogger({ destination: out, pretty: false }),
      });
      expect(r.exitCode).toBe(EXIT.locked);
      expect(EXIT.locked).toBe(5);
      expect(r.result).toBeUndefined();
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      await release();
    }
    expect(logged).toContain("another neuropilot run holds the runner lock");
    expect(fs.readdirSync(path.join(stateDir, "dev"))).toEqual([]);
    expect(fs.readdirSync(emptyProject)).toEqual(["stacks"]);
    expect(fs.readdirSync(path.join(emptyProject, "stacks"))).toEqual(["Pulumi.dev.yaml"]);
    // control: without the lock held, the same call goes on and fails on the missing project file (Pulumi.yaml)
    await expect(
      runCycleCommand({
        stack: "dev",
        projectRoot: emptyProject,
        stateDir,
        dryRun: false,
        env: {},
        log: createLogger({ destination: new PassThrough(), pretty: false }),
      }),
    ).rejects.toThrow(/Pulumi\.yaml/);
  });
});
