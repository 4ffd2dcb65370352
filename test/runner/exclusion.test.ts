import { describe, expect, it } from "vitest";
import type { FlaggedRange } from "../../optimizer/detect";
import type { QualityIssue } from "../../optimizer/core/types";
import { isExcluded } from "../../optimizer/runner/gates";

const range = (signal: FlaggedRange["signal"]): FlaggedRange => ({
  signal,
  startMs: 0,
  endMs: 60_000,
  severity: "warning",
  peakScore: 0.7,
});
const blocking: QualityIssue = { signal: "cpu", kind: "stale", message: "cpu: stale", blocking: true };

describe("which windows the learner may learn from (isExcluded)", () => {
  it("a clean window is learned from, met or missed", () => {
    expect(isExcluded({ blocking: [], anomalies: [], slaMet: true })).toBe(false);
    expect(isExcluded({ blocking: [], anomalies: [], slaMet: false })).toBe(false);
  });

  it("rejected data or an anomalous load always excludes, whatever the SLA", () => {
    for (const slaMet of [true, false]) {
      expect(isExcluded({ blocking: [blocking], anomalies: [], slaMet })).toBe(true);
      expect(isExcluded({ blocking: [], anomalies: [range("requestRate")], slaMet })).toBe(true);
    }
  });

  it("an anomaly on a signal the thresholds act on excludes a met window but never hides a miss", () => {
    for (const signal of ["cpu", "p95LatencyMs", "errorRate", "inService"] as const) {
      expect(isExcluded({ blocking: [], anomalies: [range(signal)], slaMet: true })).toBe(true);
      expect(isExcluded({ blocking: [], anomalies: [range(signal)], slaMet: false })).toBe(false);
    }
  });
});
