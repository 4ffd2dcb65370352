import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadState } from "../../optimizer/report/io/loadState";
import { StateFileError } from "../../optimizer/state/errors";
import { loadStackConfig } from "../../optimizer/report/io/loadStackConfig";
import { fixtureInput } from "./fixture";
import { writeStackFile, writeStateFiles } from "./stateFixture";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "np-report-state-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("state loader", () => {
  it("reads every file of the documented layout", () => {
    const input = fixtureInput();
    writeStateFiles(dir, input);
    const s = loadState(dir, "prod");
    expect(s.notes).toEqual([]);
    expect(s.signals!.cpu.values.length).toBe(input.signals!.cpu.values.length);
    expect(s.signals!.cpu.values.filter((v) => Number.isNaN(v)).length).toBe(6); // nulls back to NaN
    expect(s.decisions).toEqual(input.decisions);
    expect(s.learning).toEqual(input.learning);
    expect(s.anomalyModel).toEqual(input.anomalyModel);
    expect(s.anomalies!.map((a) => a.signal)).toEqual(["p95LatencyMs", "errorRate", "requestRate"]);
  });

  it("tolerates missing files with one clear message per file", () => {
    const s = loadState(dir, "dev");
    expect(s.signals).toBeNull();
    expect(s.notes).toHaveLength(5);
    expect(s.notes[0]).toContain("no metrics history yet");
    expect(s.notes[0]).toContain("run `neuropilot cycle` first");
    expect(s.notes.join("\n")).toContain(path.join(dir, "dev", "model.json"));
    expect(s.notes.join("\n")).toContain(`no learning status yet (${path.join(dir, "dev", "learner.json")})`);
  });

  it("skips a broken decision-log line, naming the line", () => {
    writeStateFiles(dir, fixtureInput(), { skip: ["decisions.jsonl"] });
    const log = path.join(dir, "prod", "decisions.jsonl");
    fs.writeFileSync(
      log,
      `{"timestamp":"2026-11-20T01:00:00Z","action":"held","from":{"scaleOutCpuThreshold":70,"scaleInCpuThreshold":30},"to":{"scaleOutCpuThreshold":70,"scaleInCpuThreshold":30},"reason":"x"}\n{"timestamp":"2026-11-20T02:00:00Z","action":"jumped"}\n{"trunc`,
    );
    const s = loadState(dir, "prod");
    expect(s.decisions).toHaveLength(1);
    expect(s.notes.some((n) => n.includes("line 2 skipped") && n.includes("action"))).toBe(true);
    expect(s.notes.some((n) => n.includes("line 3 skipped: not valid JSON"))).toBe(true);
  });

  it("rejects a malformed metrics file, naming the file and the field", () => {
    fs.mkdirSync(path.join(dir, "prod"), { recursive: true });
    const f = path.join(dir, "prod", "metrics-history.json");
    const signals = { cpu: [1, 2], p95LatencyMs: [1], requestRate: [1, 2], errorRate: [1, 2], inService: [1, 2] };
    fs.writeFileSync(f, JSON.stringify({ schemaVersion: 1, stepSeconds: 60, startMs: 0, signals }));
    expect(() => loadState(dir, "prod")).toThrow(StateFileError);
    expect(() => loadState(dir, "prod")).toThrow(
      /metrics-history\.json: signals\.p95LatencyMs has 1 values, signals\.cpu has 2/,
    );
    fs.writeFileSync(f, "{not json");
    expect(() => loadState(dir, "prod")).toThrow(/metrics-history\.json: not valid JSON/);
  });
});

describe("stack config loader", () => {
  it("parses stacks/Pulumi.<stack>.yaml and names a missing or invalid file", () => {
    writeStackFile(dir, "prod");
    expect(loadStackConfig(dir, "prod").instanceType).toBe("m6i.large");
    expect(() => loadStackConfig(dir, "nope")).toThrow(/no stack config .*Pulumi\.nope\.yaml/);
    fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), "config:\n  neuropilot:maxSize: 500\n");
    expect(() => loadStackConfig(dir, "bad")).toThrow(/Pulumi\.bad\.yaml[\s\S]*neuropilot:maxSize/);
    expect(() => loadStackConfig(dir, "../etc")).toThrow(/must be a stack name/);
  });
});

describe("runner envelope", () => {
  it("accepts files wrapped as { kind, schemaVersion, savedAt, data }", () => {
    const input = fixtureInput();
    writeStateFiles(dir, input);
    const f = path.join(dir, "prod", "model.json");
    fs.writeFileSync(
      f,
      JSON.stringify({ kind: "model", schemaVersion: 1, savedAt: "2026-11-20T00:00:00Z", data: input.anomalyModel }),
    );
    expect(loadState(dir, "prod").anomalyModel).toEqual(input.anomalyModel);
  });
});

describe("model.json of another shape", () => {
  it("is reported as a missing anomaly model status, naming the file and field; the learner status is unaffected", () => {
    const input = fixtureInput();
    writeStateFiles(dir, input);
    fs.writeFileSync(path.join(dir, "prod", "model.json"), JSON.stringify({ centroids: [[1, 2]] }));
    const s = loadState(dir, "prod");
    expect(s.anomalyModel).toBeNull();
    expect(s.learning).toEqual(input.learning);
    expect(s.notes.join("\n")).toMatch(/no anomaly model status in .*model\.json: loss: .*converged/);
  });
});

describe("learner.json (the threshold learner's state)", () => {
  it("is the learning status; explorations and back-offs are counted once per learner cycle from the decision log", () => {
    const input = fixtureInput();
    writeStateFiles(dir, input);
    const log = path.join(dir, "prod", "decisions.jsonl");
    const line = (cycle: number, action: string) =>
      JSON.stringify({
        timestamp: "2026-11-19T06:00:00Z",
        action: "held",
        from: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
        to: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
        reason: "x",
        learner: { decision: { cycle, action } },
      });
    // cycle 5 appears twice (a recovered cycle): its last line counts
    fs.writeFileSync(
      log,
      [line(3, "back-off"), line(4, "back-off"), line(5, "explore"), line(5, "back-off")].join("\n"),
    );
    const s = loadState(dir, "prod");
    expect(s.learning).toEqual({ ...input.learning, explorations: 0, backOffs: 3 });
  });

  it("rejects a malformed learner.json, naming the file and the field", () => {
    writeStateFiles(dir, fixtureInput());
    const f = path.join(dir, "prod", "learner.json");
    const env = JSON.parse(fs.readFileSync(f, "utf8")) as { data: Record<string, unknown> };
    env.data.convergedAtCycle = "39";
    fs.writeFileSync(f, JSON.stringify(env));
    expect(() => loadState(dir, "prod")).toThrow(StateFileError);
    expect(() => loadState(dir, "prod")).toThrow(/learner\.json: convergedAtCycle: /);
  });
});
