import { describe, expect, it } from "vitest";
import { defaultStackConfig, type StackConfig } from "../../infra/config";
import type { QualityIssue, Thresholds } from "../../optimizer/core/types";
import { safetyGates } from "../../optimizer/runner/gates";

const pair = (o: number, i: number): Thresholds => ({ scaleOutCpuThreshold: o, scaleInCpuThreshold: i });
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 10, 12);
const blockingIssue: QualityIssue = {
  signal: "cpu",
  kind: "missing",
  message: "cpu: 40% of the window is missing",
  blocking: true,
};

function gates(over: Partial<Parameters<typeof safetyGates>[0]> = {}, config: Partial<StackConfig> = {}) {
  return safetyGates({
    config: { ...defaultStackConfig(), ...config },
    current: pair(80, 30),
    proposed: pair(80, 35),
    blocking: [],
    openCritical: false,
    lastChangeAtMs: null,
    nowMs: NOW,
    ...over,
  });
}

describe("safetyGates", () => {
  it("lets a small change through when nothing blocks it", () => {
    expect(gates()).toEqual([]);
  });

  it("kill switch: neuropilot:optimizerEnabled false blocks every change", () => {
    expect(gates({}, { optimizerEnabled: false })).toEqual(["kill switch: neuropilot:optimizerEnabled is false"]);
  });

  it("a blocking data-quality issue blocks, naming the issue", () => {
    const g = gates({ blocking: [blockingIssue] });
    expect(g).toHaveLength(1);
    expect(g[0]).toMatch(/^data quality: cpu: 40% of the window is missing/);
  });

  it("an open critical anomaly blocks", () => {
    expect(gates({ openCritical: true })).toEqual(["a critical anomaly is open"]);
  });

  it("max step: exactly maxThresholdStepPercent passes, anything bigger is refused (either threshold, either way)", () => {
    const config = { maxThresholdStepPercent: 5 };
    expect(gates({ proposed: pair(85, 35) }, config)).toEqual([]);
    expect(gates({ proposed: pair(75, 25) }, config)).toEqual([]);
    expect(gates({ proposed: pair(85.5, 30) }, config)).toEqual([
      "step 5.5 points exceeds neuropilot:maxThresholdStepPercent (5)",
    ]);
    expect(gates({ proposed: pair(80, 24) }, config)).toEqual([
      "step 6 points exceeds neuropilot:maxThresholdStepPercent (5)",
    ]);
    expect(gates({ proposed: pair(80, 32) }, { maxThresholdStepPercent: 1.5 })).toEqual([
      "step 2 points exceeds neuropilot:maxThresholdStepPercent (1.5)",
    ]);
  });

  it("cooldown: refuses until changeCooldownHours have passed since the last change, then lets it through", () => {
    const config = { changeCooldownHours: 12 };
    expect(gates({ lastChangeAtMs: NOW - 6 * HOUR }, config)).toEqual([
      "cooldown: last change 6.0 h ago, neuropilot:changeCooldownHours is 12",
    ]);
    expect(gates({ lastChangeAtMs: NOW - 12 * HOUR + 1 }, config)).toHaveLength(1);
    expect(gates({ lastChangeAtMs: NOW - 12 * HOUR }, config)).toEqual([]);
    expect(gates({ lastChangeAtMs: NOW - 1 }, { changeCooldownHours: 0 })).toEqual([]);
  });

  it("reports every gate that blocks, not only the first", () => {
    const g = gates(
      { proposed: pair(90, 30), blocking: [blockingIssue], openCritical: true, lastChangeAtMs: NOW - HOUR },
      { optimizerEnabled: false, maxThresholdStepPercent: 5, changeCooldownHours: 6 },
    );
    expect(g.map((s) => s.split(":")[0].split(" ")[0])).toEqual(["kill", "data", "a", "step", "cooldown"]);
  });
  it("a move back into the policy bounds is not refused for its size; any other oversized step is", () => {
    const big = { current: pair(98, 30), proposed: pair(90, 30) };
    expect(gates(big)).toEqual(["step 8 points exceeds neuropilot:maxThresholdStepPercent (5)"]);
    expect(gates({ ...big, returningIntoBounds: true })).toEqual([]);
  });
});
