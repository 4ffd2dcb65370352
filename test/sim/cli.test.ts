import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../optimizer/cli/main";

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi
    .spyOn(process.stdout, "write")
    .mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi
    .spyOn(process.stderr, "write")
    .mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    process.exitCode = undefined;
    const code = await main(["node", "neuropilot", ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("neuropilot simulate / bench optimizer", () => {
  it("simulate --json prints SLA, cost, actions, trajectory and convergence", async () => {
    const r = await cli([
      "simulate",
      "--trace",
      "builtin:weekly",
      "--days",
      "2",
      "--policy",
      "static",
      "--seed",
      "3",
      "--stack",
      "prod",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      trace: "builtin:weekly",
      policy: "static",
      days: 2,
      stack: "prod",
      slaTargetPercent: 99.95,
      convergedDay: 0,
    });
    expect(j.trajectory).toEqual([{ day: 0, scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 }]); // stacks/Pulumi.prod.yaml
    expect(j.costUsd).toBeGreaterThan(0);
    expect(j.dailyCostUsd).toHaveLength(2);
  });

  it("simulate rejects a bad policy and an unknown trace with exit code 2 and a clear message", async () => {
    const a = await cli(["simulate", "--trace", "builtin:diurnal", "--policy", "greedy"]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--policy must be one of learned, static, target-tracking, oracle/);
    const b = await cli(["simulate", "--trace", "/nonexistent/t.csv"]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/cannot read file "\/nonexistent\/t.csv"/);
  });

  it("bench optimizer runs every policy on every CSV of a directory and writes an SVG chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "np-bench-"));
    dirs.push(dir);
    const rows = [
      "timestamp,value",
      ...Array.from(
        { length: 300 },
        (_, i) =>
          `2015-07-10 ${String(Math.floor(i / 12)).padStart(2, "0")}:${String((i % 12) * 5).padStart(2, "0")}:00,${50 + 40 * Math.sin(i / 40)}`,
      ),
    ];
    writeFileSync(join(dir, "wave.csv"), rows.slice(0, 289).join("\n"));
    const json = await cli(["bench", "optimizer", "--traces", dir, "--days", "1", "--json"]);
    expect(json.code).toBe(0);
    const j = JSON.parse(json.out);
    expect(Object.keys(j.results)).toEqual(["wave.csv"]);
    expect(Object.keys(j.results["wave.csv"]).sort()).toEqual([
      "aws-predictive",
      "learned",
      "learned-predictive",
      "learned-target-tracking",
      "oracle",
      "static",
      "target-tracking",
      "target-tracking-best",
    ]);
    const svg = join(dir, "chart.svg");
    const md = await cli(["bench", "optimizer", "--traces", dir, "--days", "1", "--svg", svg]);
    expect(md.out).toMatch(/\| wave\.csv \| learned \|/);
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg/);
  });
});
