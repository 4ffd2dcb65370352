import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { loadModel, parseModel, trainAndSave } from "../../optimizer/detect/modelStore";
import type { KMeansModel } from "../../optimizer/detect/kmeansModel";
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
    expect(first.loss).toBe(1); // a first run has nothing to compare with: never converged
    expect(first.converged).toBe(false);
    expect(first.fitLoss).toBeGreaterThan(0);
    expect(first.fitLoss).toBeLessThan(1);
    const second = trainModel(first.model, dailySeries(1500, 4), { config, signal: "cpu" });
    if (second.status !== "trained") throw new Error("second run should train");
    expect(second.model.runs).toBe(2);
    expect(second.model.scaler).toEqual(first.model.scaler);
    expect(second.log.join("\n")).toMatch(/warm start from 8 previous centroids/);
    expect(second.model.history.map((h) => h.run)).toEqual([1, 2]);
    expect(second.converged).toBe(second.loss < CONVERGED_LOSS);
    expect(second.log.join("\n")).toMatch(/blend: 0\.500 of this run's fit/);
    expect(() => trainModel(first.model, dailySeries(100, 5), { config, signal: "p95LatencyMs" })).toThrow(
      /trained on signal "cpu"/,
    );
  });
});

describe("convergence (loss = how much a run moves the model)", () => {
  const WEEK = 2016; // 7 days of 5-minute points
  const DAY = 288;
  /** A stable series: daily sine with noise and a one-hour daily batch peak. */
  const stable = dailySeries(WEEK + 8 * DAY, 11, 5, 50, (i, v) => (i % DAY < 12 ? v + 30 : v));
  const windowAt = (start: number, shift = 0) => ({
    timestamps: stable.timestamps.slice(start, start + WEEK),
    values: stable.values.slice(start, start + WEEK).map((v) => v + shift),
  });
  /** Daily runs, each on the last 7 days of data. */
  function dailyRuns(days: number) {
    let model: KMeansModel | undefined;
    const runs: { loss: number; converged: boolean }[] = [];
    for (let d = 0; d < days; d++) {
      const r = trainModel(model, windowAt(d * DAY), { config, signal: "cpu" });
      if (r.status !== "trained") throw new Error("expected a trained run");
      model = r.model;
      runs.push({ loss: r.loss, converged: r.converged });
    }
    if (!model) throw new Error("no model");
    return { model, runs };
  }

  it("converges within a few daily runs on a stable series, and the loss shrinks as the model settles", () => {
    const { runs } = dailyRuns(6);
    expect(runs[0]).toEqual({ loss: 1, converged: false });
    const firstConverged = runs.findIndex((r) => r.converged);
    expect(firstConverged).toBeGreaterThan(0);
    expect(firstConverged).toBeLessThanOrEqual(3);
    expect(runs[5].converged).toBe(true);
    expect(runs[5].loss).toBeLessThan(runs[1].loss);
  });

  it("re-training on exactly the same data moves the model by nothing and converges at the second run", () => {
    const first = trainModel(undefined, windowAt(0), { config });
    if (first.status !== "trained") throw new Error("first run should train");
    const again = trainModel(first.model, windowAt(0), { config });
    expect(again.loss).toBeLessThan(0.001);
    expect(again.converged).toBe(true);
  });

  it("does not report convergence on the run where the distribution shifts", () => {
    const { model, runs } = dailyRuns(6);
    expect(runs[5].converged).toBe(true);
    const shifted = trainModel(model, windowAt(5 * DAY, 20), { config, signal: "cpu" });
    if (shifted.status !== "trained") throw new Error("shifted run should train");
    expect(shifted.converged).toBe(false);
    expect(shifted.loss).toBeGreaterThan(3 * CONVERGED_LOSS);
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
    const csv = ["timestamp,value", ...s.timestamps.map((t, i) => `${new Date(t).toISOString()},${s.values[i]}`)].join(
      "\n",
    );
    writeFileSync(join(dir, "in.csv"), csv);
    const model = join(dir, "cli-model.json");
    const run = () =>
      spawnSync(
        process.execPath,
        [bin, "train", "--input", join(dir, "in.csv"), "--model", model, "--seed", "3", "--json"],
        { encoding: "utf8" },
      );
    const first = JSON.parse(run().stdout) as { status: string; runs: number; loss: number; converged: boolean };
    expect(first).toMatchObject({ status: "trained", runs: 1 });
    const second = JSON.parse(run().stdout) as { runs: number; log: string[] };
    expect(second.runs).toBe(2);
    writeFileSync(join(dir, "few.csv"), csv.split("\n").slice(0, 11).join("\n"));
    const few = spawnSync(process.execPath, [bin, "train", "--input", join(dir, "few.csv"), "--model", model], {
      encoding: "utf8",
    });
    expect(few.status).toBe(4);
    expect(few.stdout).toMatch(/insufficient samples/);
  });
});
