import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../optimizer/cli/main";
import { saveHistory } from "../../optimizer/metrics/historyFile";
import { loadStackConfig } from "../../optimizer/sim/loadInputs";
import { twinParamsFromConfig } from "../../optimizer/sim/params";
import { advance, createTwin } from "../../optimizer/sim/twin";

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

/** A metrics history as the runner stores it: `days` days of the prod stack's twin on a diurnal trace. */
async function historyFile(days: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "np-forecast-"));
  dirs.push(dir);
  const config = loadStackConfig("prod");
  const twin = createTwin(
    twinParamsFromConfig(config),
    { kind: "builtin", name: "diurnal", seed: 5, peakRps: 480 },
    Date.UTC(2026, 0, 5),
  );
  const r = advance(twin, days * 1440, { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 });
  const file = join(dir, "metrics-history.json");
  await saveHistory(file, { stepSeconds: 60, signals: r.signals }, new Date(Date.UTC(2026, 0, 5 + days)));
  return file;
}

describe("neuropilot forecast", () => {
  it("--json: the next 48 hours with a band, the backtest error and the schedule", async () => {
    const r = await cli(["forecast", "--stack", "prod", "--history", await historyFile(10), "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      used: boolean;
      reason: string;
      hours: { time: string; hourOfWeek: number; mean: number; lower: number; upper: number }[];
      backtest: { mapePercent: number; aboveUpperShare: number; origins: number };
      capacitySchedule: { ranges: { fromHour: number; toHour: number; minCapacity: number }[] };
    };
    expect(j.hours).toHaveLength(48);
    expect(j.hours[0]).toMatchObject({ time: "2026-01-15T00:00:00.000Z", hourOfWeek: 72 });
    expect(j.backtest.origins).toBeGreaterThan(3);
    expect(j.backtest.mapePercent).toBeLessThan(10);
    expect(j.used).toBe(true);
    expect(j.reason).toMatch(/^schedule in use: backtest MAPE/);
    expect(j.capacitySchedule.ranges.length).toBeGreaterThan(0);
    for (const range of j.capacitySchedule.ranges) {
      expect(range.minCapacity).toBeGreaterThan(2);
      expect(range.minCapacity).toBeLessThanOrEqual(10);
      expect(range.fromHour).toBeGreaterThanOrEqual(72); // Thursday and Friday only
      expect(range.toHour).toBeLessThanOrEqual(120);
    }
  });

  it("text output names the backtest error", async () => {
    const r = await cli(["forecast", "--stack", "prod", "--history", await historyFile(10)]);
    expect(r.out).toMatch(/Backtest: MAPE [\d.]+ %, [\d.]+ % of \d+ hours above the upper bound/);
    expect(r.out).toMatch(/\| 2026-01-15T00:00 Thu \|/);
  });

  it("history too short: exit 4 and the reason, reactive only", async () => {
    const r = await cli(["forecast", "--stack", "prod", "--history", await historyFile(2), "--json"]);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.out)).toMatchObject({
      used: false,
      reason: "reactive only: history too short: 48 usable hours, the forecast needs 72 (3 days)",
      capacitySchedule: { ranges: [] },
    });
  });

  it("no history file: a usage error naming the file", async () => {
    const r = await cli(["forecast", "--stack", "prod", "--state-dir", "/nonexistent-state"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no metrics history at /nonexistent-state/prod/metrics-history.json");
  });
});
