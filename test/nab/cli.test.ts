import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNabCorpus, parseNabTimestamp } from "../../optimizer/nab/corpus";

const BIN = resolve(__dirname, "../../optimizer/cli/bin.cjs");
let dir: string;

function series(n: number, anomalyAt: number | undefined): string {
  const start = Date.parse("2024-01-01T00:00:00Z");
  const rows = ["timestamp,value"];
  for (let i = 0; i < n; i++) {
    const t = new Date(start + i * 300_000).toISOString().slice(0, 19).replace("T", " ");
    const base = 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13;
    rows.push(`${t},${anomalyAt !== undefined && i >= anomalyAt && i < anomalyAt + 5 ? base + 80 : base}`);
  }
  return rows.join("\n");
}

const at = (i: number) =>
  new Date(Date.parse("2024-01-01T00:00:00Z") + i * 300_000).toISOString().replace("T", " ").replace("Z", "000");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nab-cli-"));
  mkdirSync(join(dir, "data", "catA"), { recursive: true });
  mkdirSync(join(dir, "data", "catB"), { recursive: true });
  writeFileSync(join(dir, "data", "catA", "spike.csv"), series(1000, 700));
  writeFileSync(join(dir, "data", "catB", "calm.csv"), series(800, undefined));
  writeFileSync(
    join(dir, "labels.json"),
    JSON.stringify({
      "catA/spike.csv": [[at(660), at(740)]],
      "catB/calm.csv": [],
      "catC/absent.csv": [[at(10), at(20)]],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("NAB corpus loading", () => {
  it("parses NAB timestamps as UTC, with or without fractional seconds", () => {
    expect(parseNabTimestamp("2014-04-10 07:15:00")).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseNabTimestamp("2014-04-10 07:15:00.000000")).toBe(Date.UTC(2014, 3, 10, 7, 15));
  });

  it("loads labelled files that exist and skips label entries whose file is absent", () => {
    const files = loadNabCorpus(join(dir, "data"), join(dir, "labels.json"));
    expect(files.map((f) => f.key)).toEqual(["catA/spike.csv", "catB/calm.csv"]);
    expect(files[0].windows).toHaveLength(1);
    expect(files[0].values).toHaveLength(1000);
  });

  it("names the file and line of a bad row", () => {
    writeFileSync(
      join(dir, "data", "catB", "bad.csv"),
      "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,abc\n",
    );
    writeFileSync(join(dir, "bad-labels.json"), JSON.stringify({ "catB/bad.csv": [] }));
    expect(() => loadNabCorpus(join(dir, "data"), join(dir, "bad-labels.json"))).toThrow(/bad\.csv:3: bad value/);
  });
});

describe("neuropilot nab", () => {
  it("prints the three profile scores as JSON and writes NAB's results layout", () => {
    const out = join(dir, "results");
    const stdout = execFileSync(
      process.execPath,
      [BIN, "nab", "--data", join(dir, "data"), "--labels", join(dir, "labels.json"), "--json", "--out", out],
      { encoding: "utf8" },
    );
    const r = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(r)).toEqual([
      "standard",
      "reward_low_FP_rate",
      "reward_low_FN_rate",
      "files",
      "points",
      "seconds",
    ]);
    expect(r.files).toBe(2);
    expect(r.points).toBe(1800);
    expect(r.standard).toBeGreaterThan(50); // the injected 5-point spike is found without a costly false alarm
    const csv = readFileSync(join(out, "neuropilot", "catA", "neuropilot_spike.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toBe("timestamp,value,anomaly_score,label");
    expect(csv).toHaveLength(1001);
    expect(csv[661]).toMatch(/^2024-01-03 07:00:00,[\d.]+,[\d.e-]+,1$/);
    expect(csv[1]).toMatch(/,0$/);
  });

  it("rejects an unknown detector with a usage error", () => {
    const r = spawnSync(
      process.execPath,
      [BIN, "nab", "--data", join(dir, "data"), "--labels", join(dir, "labels.json"), "--detectors", "robustZ,magic"],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown detector "magic"/);
  });

  it("cross-validates by category: a usage error for another --cv or --grid, a clear error with one scored category", () => {
    const nab = (...extra: string[]) =>
      spawnSync(
        process.execPath,
        [BIN, "nab", "--data", join(dir, "data"), "--labels", join(dir, "labels.json"), ...extra],
        {
          encoding: "utf8",
        },
      );
    const bad = nab("--cv", "file");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--cv file: the only choice is "category"/);
    const grid = nab("--cv", "category", "--grid", "huge");
    expect(grid.status).toBe(2);
    expect(grid.stderr).toMatch(/--grid huge: choose from small, none/);
    const one = nab("--cv", "category", "--json");
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/needs ≥ 2 categories with label windows, found 1/);
    expect(one.stdout).toBe("");
  });

  it("prints each held-out category, the mean and the in-sample figure with --cv category --json", () => {
    const cvDir = mkdtempSync(join(tmpdir(), "nab-cv-"));
    try {
      for (const c of ["catA", "catB"]) {
        mkdirSync(join(cvDir, "data", c), { recursive: true });
        writeFileSync(join(cvDir, "data", c, "spike.csv"), series(1000, 700));
      }
      writeFileSync(
        join(cvDir, "labels.json"),
        JSON.stringify({ "catA/spike.csv": [[at(660), at(740)]], "catB/spike.csv": [[at(660), at(740)]] }),
      );
      const out = execFileSync(
        process.execPath,
        [
          BIN,
          "nab",
          "--data",
          join(cvDir, "data"),
          "--labels",
          join(cvDir, "labels.json"),
          "--cv",
          "category",
          "--json",
          "--grid",
          "none",
        ],
        { encoding: "utf8" },
      );
      const r = JSON.parse(out) as {
        standard: number;
        cv: string;
        folds: { category: string; chosen: string; standard: number }[];
        inSample: { standard: number };
      };
      expect(r.cv).toBe("category");
      expect(r.folds.map((f) => [f.category, f.chosen])).toEqual([
        ["catA", "defaults"],
        ["catB", "defaults"],
      ]);
      expect(r.standard).toBeCloseTo((r.folds[0].standard + r.folds[1].standard) / 2, 1);
      expect(r.inSample.standard).toBeGreaterThan(50);
    } finally {
      rmSync(cvDir, { recursive: true, force: true });
    }
  });
});
