import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "../..");

/** Runs vitest on the fixture files of test/support/summaryFixtures with the summary reporter; the last line. */
function run(fixture?: string): { status: number | null; last: string } {
  const env = { ...process.env };
  delete env.SUMMARY_FIXTURE;
  if (fixture) env.SUMMARY_FIXTURE = fixture;
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/vitest/vitest.mjs"),
      "run",
      "--config",
      "test/support/summaryFixtures/vitest.config.ts",
    ],
    { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 },
  );
  const lines = `${r.stdout}`.trimEnd().split("\n");
  return { status: r.status, last: lines[lines.length - 1] };
}

describe("summary line (test/support/summaryReporter.ts)", () => {
  it("counts a file that fails to load and tests kept from running by a failed setup as failed", () => {
    // loadFails: 1 failed file; setupFails: 4 blocked + 1 skipped on purpose; suiteSetupFails: 1 blocked, 1 passed;
    // passes: 1 passed, 1 todo
    const all = run();
    expect(all.last).toBe("2 passed, 6 failed, 2 skipped");
    expect(all.status).not.toBe(0);
  });

  it("a file that fails to load alone is one failure, not an empty run", () => {
    expect(run("loadFails.fixture.ts").last).toBe("0 passed, 1 failed");
  });

  it("a passing file stays as it was", () => {
    const ok = run("passes.fixture.ts");
    expect(ok.last).toBe("1 passed, 0 failed, 1 skipped");
    expect(ok.status).toBe(0);
  });
});
