import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../optimizer/cli/exitCodes";
import { createLogger } from "../../optimizer/log/logger";
import { runCycleCommand } from "../../optimizer/runner/production";
import { PROJECT_ROOT, setStackKeys } from "../support/runner/twinRig";

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe("neuropilot cycle: invalid stack config", () => {
  it("exits with EXIT.usage (2), logs every bad key, and changes nothing", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "neuropilot-cmd-"));
    dirs.push(root);
    fs.mkdirSync(path.join(root, "stacks"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    const stackFile = path.join(root, "stacks", "Pulumi.dev.yaml");
    fs.copyFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), stackFile);
    setStackKeys(stackFile, { "neuropilot:scaleInCpuThreshold": 130, "neuropilot:maxThresholdStepPercent": 50 });
    const before = fs.readFileSync(stackFile, "utf8");
    const out = new PassThrough();
    let logged = "";
    out.on("data", (c: Buffer) => (logged += c.toString()));
    const r = await runCycleCommand({
      stack: "dev",
      projectRoot: root,
      stateDir: path.join(root, "state"),
      dryRun: false,
      env: {},
      log: createLogger({ destination: out, pretty: false }),
    });
    expect(r.exitCode).toBe(EXIT.usage);
    expect(logged).toContain("neuropilot:scaleInCpuThreshold = 130: must be ≤ 99 (allowed range 0–99 %)");
    expect(logged).toContain("neuropilot:maxThresholdStepPercent = 50");
    expect(fs.readFileSync(stackFile, "utf8")).toBe(before);
    // the lock was released: the state directory holds nothing
    expect(fs.readdirSync(path.join(root, "state", "dev"))).toEqual([]);
  });
});
