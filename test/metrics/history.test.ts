import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNALS, type SignalSet } from "../../optimizer/core/types";
import {
  HistoryFileError,
  loadHistory,
  mergeHistory,
  saveHistory,
  trimHistory,
  updateHistoryFile,
} from "../../optimizer/metrics";

const M = 60_000;
const DAY = 86_400_000;

/** Every signal: `n` minutes from `startMs`, value = f(minute index from epoch). */
function set(startMs: number, n: number, f: (minute: number) => number): SignalSet {
  const out = {} as SignalSet;
  for (const s of SIGNALS) {
    const timestamps = Array.from({ length: n }, (_, i) => startMs + i * M);
    out[s] = { timestamps, values: timestamps.map((t) => f(t / M)) };
  }
  return out;
}

describe("mergeHistory / trimHistory (pure)", () => {
  it("unions the grids; fresh finite values win, fresh NaN keeps the old value, holes stay missing", () => {
    const old = mergeHistory(
      undefined,
      set(0, 5, (m) => m),
      60,
    );
    const fresh = set(3 * M, 5, (m) => (m === 4 ? NaN : 100 + m));
    const merged = mergeHistory(old, fresh, 60);
    expect(merged.signals.cpu.timestamps).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((m) => m * M));
    expect(merged.signals.cpu.values).toEqual([0, 1, 2, 103, 4, 105, 106, 107]);
    const later = mergeHistory(
      merged,
      set(10 * M, 1, () => 9),
      60,
    );
    expect(later.signals.errorRate.values.slice(8, 10).every(Number.isNaN)).toBe(true);
    expect(later.signals.errorRate.values[10]).toBe(9);
  });
  it("trims points older than historyDays before now", () => {
    const h = mergeHistory(
      undefined,
      set(0, 3 * 1440, (m) => m),
      60,
    );
    const t = trimHistory(h, 3 * DAY, 2);
    expect(t.signals.inService.timestamps[0]).toBe(DAY);
    expect(t.signals.inService.values[0]).toBe(1440);
    expect(t.signals.inService.timestamps).toHaveLength(2 * 1440);
  });
  it("refuses a step change and off-grid timestamps with a clear message", () => {
    const h = mergeHistory(
      undefined,
      set(0, 2, () => 1),
      60,
    );
    expect(() =>
      mergeHistory(
        h,
        set(0, 2, () => 1),
        30,
      ),
    ).toThrow(/60s step but the new data uses 30s/);
    expect(() =>
      mergeHistory(
        h,
        set(30_000, 2, () => 1),
        60,
      ),
    ).toThrow(/off the 60s grid/);
  });
});

describe("history file (adapter)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "np-history-"));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("a missing file is no history", async () => {
    expect(await loadHistory(path.join(dir, "none.json"))).toBeUndefined();
  });

  it("round-trips with NaN as null, schema version 1, no temp file left behind", async () => {
    const file = path.join(dir, "sub", "h.json");
    const h = mergeHistory(
      undefined,
      set(10 * M, 4, (m) => (m === 11 ? NaN : m / 3)),
      60,
    );
    await saveHistory(file, h, new Date(0));
    const raw = JSON.parse(await fs.readFile(file, "utf8"));
    expect(raw.schemaVersion).toBe(1);
    expect(raw.signals.cpu).toEqual([10 / 3, null, 4, 13 / 3]);
    expect(await fs.readdir(path.dirname(file))).toEqual(["h.json"]);
    expect(await loadHistory(file)).toEqual(h);
  });

  it("update merges, trims to historyDays and rewrites", async () => {
    const file = path.join(dir, "u.json");
    await updateHistoryFile(
      file,
      set(0, 1440, () => 1),
      { stepSeconds: 60, historyDays: 1, now: new Date(DAY) },
    );
    const h = await updateHistoryFile(
      file,
      set(DAY, 60, () => 2),
      { stepSeconds: 60, historyDays: 1, now: new Date(DAY + 59 * M) },
    );
    expect(h.signals.cpu.timestamps[0]).toBe(59 * M);
    expect(h.signals.cpu.values.at(-1)).toBe(2);
    expect(h.signals.cpu.values[0]).toBe(1);
    expect(await loadHistory(file)).toEqual(h);
  });

  it("rejects an unknown schema version, naming the file", async () => {
    const file = path.join(dir, "v2.json");
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 2, stepSeconds: 60, startMs: 0, signals: {} }));
    await expect(loadHistory(file)).rejects.toThrow(HistoryFileError);
    await expect(loadHistory(file)).rejects.toThrow(`metrics history ${file}: unknown schema version 2`);
  });

  it("rejects broken JSON and bad content, naming file and field", async () => {
    const bad = path.join(dir, "bad.json");
    await fs.writeFile(bad, "{");
    await expect(loadHistory(bad)).rejects.toThrow(`metrics history ${bad}: not valid JSON`);
    const uneven = path.join(dir, "uneven.json");
    const signals = Object.fromEntries(SIGNALS.map((s) => [s, s === "inService" ? [1] : [1, 2]]));
    await fs.writeFile(uneven, JSON.stringify({ schemaVersion: 1, stepSeconds: 60, startMs: 0, signals }));
    await expect(loadHistory(uneven)).rejects.toThrow(/signals\.inService has 1 values/);
    const wrongType = path.join(dir, "wrong.json");
    await fs.writeFile(
      wrongType,
      JSON.stringify({ schemaVersion: 1, stepSeconds: 60, startMs: 0, signals: { ...signals, cpu: ["x", 2] } }),
    );
    await expect(loadHistory(wrongType)).rejects.toThrow(/signals\.cpu\.0/);
  });
});
