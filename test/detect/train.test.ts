import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { loadModel, parseModel, trainAndSave } from "../../optimizer/detect/modelStore";
import { CONVERGED_LOSS, MIN_TRAINING_SAMPLES, trainModel } from "../../optimizer/detect/train";
import { dailySeries } from "./helpers";

const config = defaultStackConfig().detection;
const dir = mkdtempSync(join(tmpdir(), "np-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trainModel", () => {
  it("returns an insufficient-samples outcome below 48 points and keeps the previous model", () => {
    const r = trainModel(undefined, dailySeries(MIN_TRAINING_SAMPLES - 1, 1), { config });
    expect(r.status).toBe("insufficient-samples");
    expect(r.model).toBeUndefined();
    expect(r.samples).toBe(47);
    expect(r.log.join("\n")).toMatch(/insufficient samples: 47 < 48/);
  });

  it("is deterministic for the same input and seed", () => {
    const s = dailySeries(1500, 2);
    const a = trainModel(undefined, s, { config, seed: 5 });
    const b = trainModel(undefined, s, { config, seed: 5 });
    expect(JSON.stringify(a.model)).toBe(JSON.stringify(b.model));
  });

  it("warm-starts from the previous centroids, keeps the scaler, and reports loss and convergence", () => {
    const first = trainModel(undefined, dailySeries(1500, 3), { config, signal: "cpu" });
    if (first.status !== "trained") throw new Error("first run should train");
    expect(first.loss).toBeGreaterThan(0);
    expect(first.loss).toBeLessThan(1);
    expect(first.converged).toBe(first.loss < CONVERGED_LOSS);
    const second = trainModel(first.model, dailySeries(1500, 4), { config, signal: "cpu" });
    if (second.status !== "trained") throw new Error("second run should train");
    expect(second.model.runs).toBe(2);
    expect(second.model.scaler).toEqual(first.model.scaler);
    expect(second.log.join("\n")).toMatch(/warm start from 8 previous centroids/);
    expect(second.model.history.map((h) => h.run)).toEqual([1, 2]);
    expect(() => trainModel(first.model, dailySeries(100, 5), { config, signal: "p95LatencyMs" })).toThrow(/trained on signal "cpu"/);
  });
});

describe("model store", () => {
  it("saves versioned JSON atomically and loads it back; a bad field is named", () => {
    const path = join(dir, "m.json");
    expect(loadModel(path)).toBeUndefined();
    const r = trainAndSave(path, dailySeries(800, 6), { config });
    expect(r.status).toBe("trained");
    const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    expect(raw).toMatchObject({ format: "neuropilot-kmeans", version: 1 });
    expect(loadModel(path)).toEqual(r.model);
    expect(() => parseModel({ ...raw, distanceScale: -1 }, "x.json")).toThrow(/model x\.json: distanceScale/);
    writeFileSync(join(dir, "broken.json"), "{");
    expect(() => loadModel(join(dir, "broken.json"))).toThrow(/broken\.json: not JSON/);
  });
});

describe("neuropilot train", () => {
  const bin = join(__dirname, "../../optimizer/cli/bin.cjs");
  it("trains from a CSV, then warm-starts; too few rows exit 4 with a clear message", () => {
    const s = dailySeries(600, 7);
    const csv = ["timestamp,value", ...s.timestamps.map((t, i) => `${new Date(t).toISOString()},${s.values[i]}`)].join("\n");
    writeFileSync(join(dir, "in.csv"), csv);
    const model = join(dir, "cli-model.json");
    const run = () => spawnSync(process.execPath, [bin, "train", "--input", join(dir, "in.csv"), "--model", model, "--seed", "3", "--json"], { encoding: "utf8" });
    const first = JSON.parse(run().stdout) as { status: string; runs: number; loss: number; converged: boolean };
    expect(first).toMatchObject({ status: "trained", runs: 1 });
    const second = JSON.parse(run().stdout) as { runs: number; log: string[] };
    expect(second.runs).toBe(2);
    writeFileSync(join(dir, "few.csv"), csv.split("\n").slice(0, 11).join("\n"));
    const few = spawnSync(process.execPath, [bin, "train", "--input", join(dir, "few.csv"), "--model", model], { encoding: "utf8" });
    expect(few.status).toBe(4);
    expect(few.stdout).toMatch(/insufficient samples/);
  });
});
