import { mulberry32 } from "../support/rng";
import { parseStackConfig } from "../../infra/config";
import type { SignalSet, TimeSeries } from "../../optimizer/core/types";
import type { ReportInput } from "../../optimizer/report/types";

/** Seeded PRNG (mulberry32, test/support/rng.ts) so test data is the same on every run. */
export const seededRng = mulberry32;

export const FIXTURE_DATE = "2026-11-20";
const DAY = 86_400_000;
const MIN = 60_000;

/** Prod-like stack config, written inline so the golden file does not depend on stacks/*.yaml. */
export function fixtureConfig() {
  return parseStackConfig(
    {
      "neuropilot:environment": "prod",
      "neuropilot:availabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c"],
      "neuropilot:instanceType": "m6i.large",
      "neuropilot:minSize": 2,
      "neuropilot:maxSize": 10,
      "neuropilot:desiredCapacity": 3,
      "neuropilot:scaleOutCpuThreshold": 70,
      "neuropilot:scaleInCpuThreshold": 30,
      "neuropilot:latencyThresholdMs": 300,
      "neuropilot:slaTargetPercent": 99.95,
      "neuropilot:monthlyBudgetUsd": 1200,
      "neuropilot:useNatGateway": true,
    },
    "test fixture",
  );
}

export interface FixtureOptions {
  seed?: number;
  /** Days of history before the report day. */
  baselineDays?: number;
  /** Multiplier of the report day's request rate (1 = like the baseline). */
  dayLoadFactor?: number;
  /** Add a latency/error incident at 14:00–14:20 of the report day. */
  incident?: boolean;
}

/** Eight days of 1-minute signals ending with the report day: diurnal load, a fleet following it, an incident. */
export function fixtureSignals(opts: FixtureOptions = {}): SignalSet {
  const rnd = seededRng(opts.seed ?? 1);
  const dayStart = Date.parse(`${FIXTURE_DATE}T00:00:00Z`);
  const start = dayStart - (opts.baselineDays ?? 7) * DAY;
  const mk = (): TimeSeries => ({ timestamps: [], values: [] });
  const s: SignalSet = { cpu: mk(), p95LatencyMs: mk(), requestRate: mk(), errorRate: mk(), inService: mk() };
  let instances = 3;
  for (let t = start; t < dayStart + DAY; t += MIN) {
    const hour = ((t % DAY) / 3_600_000) % 24;
    const onDay = t >= dayStart;
    const diurnal = 260 + 180 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    const rate = Math.max(5, diurnal * (onDay ? (opts.dayLoadFactor ?? 1.25) : 1) + (rnd() - 0.5) * 30);
    const wanted = Math.min(10, Math.max(2, Math.ceil(rate / 110)));
    if (wanted > instances) instances++;
    else if (wanted < instances - 1) instances--;
    const cpu = Math.min(100, (rate / instances) * 0.55 + 8 + (rnd() - 0.5) * 6);
    const incident =
      (opts.incident ?? true) && onDay && t >= dayStart + 14 * 3_600_000 && t < dayStart + 14 * 3_600_000 + 20 * MIN;
    const latency = 110 + cpu * 1.4 + rnd() * 25 + (incident ? 260 : 0);
    const errors = Math.max(
      0,
      0.08 + (rnd() - 0.5) * 0.06 + (incident && t < dayStart + 14 * 3_600_000 + 8 * MIN ? 1.6 : 0),
    );
    const gap = onDay && t >= dayStart + 3 * 3_600_000 && t < dayStart + 3 * 3_600_000 + 6 * MIN;
    push(s.requestRate, t, round(rate));
    push(s.inService, t, instances);
    push(s.cpu, t, gap ? NaN : round(cpu));
    push(s.p95LatencyMs, t, round(latency));
    push(s.errorRate, t, round(errors, 3));
  }
  return s;
}

function push(ts: TimeSeries, t: number, v: number): void {
  ts.timestamps.push(t);
  ts.values.push(v);
}

function round(x: number, d = 2): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** A full report input for the fixture date. */
export function fixtureInput(opts: FixtureOptions = {}): ReportInput {
  const dayStart = Date.parse(`${FIXTURE_DATE}T00:00:00Z`);
  const at = (h: number, m = 0) => dayStart + h * 3_600_000 + m * MIN;
  return {
    stack: "prod",
    config: fixtureConfig(),
    signals: fixtureSignals(opts),
    anomalies: [
      {
        signal: "p95LatencyMs",
        ranges: [
          { start: at(14), end: at(14, 19), severity: "critical", maxScore: 9.4, detectors: ["ewma", "robustZScore"] },
        ],
      },
      {
        signal: "errorRate",
        ranges: [],
        points: {
          timestamps: [at(14), at(14, 1), at(14, 2), at(14, 3), at(14, 4), at(14, 5), at(14, 6), at(14, 7), at(14, 8)],
          scores: [4.1, 6.3, 7.7, 7.9, 8.2, 7.5, 6.6, 5.2, 3.1],
          severities: [
            "warning",
            "critical",
            "critical",
            "critical",
            "critical",
            "critical",
            "critical",
            "warning",
            "none",
          ],
          detectors: [["robustZScore"], ["robustZScore", "kmeans"], ["kmeans"], [], [], [], [], ["ewma"], []],
        },
      },
      {
        signal: "requestRate",
        ranges: [
          { start: at(9, 30), end: at(10, 14), severity: "info", maxScore: 3.2, detectors: ["seasonalBaseline"] },
        ],
      },
    ],
    decisions: [
      {
        timestamp: at(-18),
        action: "held",
        from: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
        to: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
        reason: "no gain above noise",
      },
      {
        timestamp: at(6),
        action: "held",
        from: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
        to: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
        reason: "expected reward gain 0.4 % below 1 %",
      },
      {
        timestamp: at(12),
        action: "changed",
        from: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
        to: { scaleOutCpuThreshold: 66, scaleInCpuThreshold: 30 },
        reason: "latency breaches at peak load",
      },
      {
        timestamp: at(18),
        action: "refused",
        from: { scaleOutCpuThreshold: 66, scaleInCpuThreshold: 30 },
        to: { scaleOutCpuThreshold: 62, scaleInCpuThreshold: 30 },
        reason: "cooldown: 6 h since the last change not elapsed",
      },
    ],
    learning: {
      cycles: 38,
      converged: false,
      convergedAtCycle: null,
      lastSafe: { scaleOutCpuThreshold: 70, scaleInCpuThreshold: 30 },
      pairsTried: 5,
      unsafePairs: 1,
      explorations: 2,
      backOffs: 0,
      minutesSeen: 13680,
      badMinutes: 9,
    },
    anomalyModel: {
      loss: 0.0423,
      converged: false,
      runs: 9,
      samples: 13680,
      lossHistory: [0.091, 0.07, 0.052, 0.0431],
    },
    inputNotes: [],
  };
}
