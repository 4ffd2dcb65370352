import type { SignalSet, Thresholds } from "../core/types";
import type { FlaggedRange } from "../detect";
import type { Logger } from "../log/logger";
import type { CycleOutcome, DecisionLogEntry } from "../state/decisionLog";
import type { AnomaliesFile } from "../state/schemas";
import { fmtThresholds as fmt } from "./outcome";
import type { CycleMessage, Notifier, NotifierResult } from "./ports";

/*
 * What a cycle leaves behind: the decision-log entry, the anomaly summary the report reads, the commit message CI
 * uses, the notification. Pure, except `notify` (through the Notifier port).
 */

const DAY_MS = 86_400_000;
/** anomalies.json keeps the flagged ranges of this many days. */
const ANOMALY_KEEP_MS = 8 * DAY_MS;

export function cycleIdOf(stack: string, now: Date): string {
  return `${stack}-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}

export function baseEntry(
  stack: string,
  cycleId: string,
  now: Date,
  action: DecisionLogEntry["action"],
  outcome: CycleOutcome,
  from: Thresholds,
  to: Thresholds,
  reason: string,
): DecisionLogEntry {
  return {
    timestamp: now.getTime(),
    stack,
    cycleId,
    action,
    outcome,
    from,
    to,
    reason,
    window: null,
    gates: [],
    qualityIssues: [],
    anomalies: [],
    policyViolations: [],
    learner: null,
  };
}

/** The commit message CI uses for stacks/ and state/: what changed and why. */
export function commitMessage(e: DecisionLogEntry): string {
  const head =
    e.outcome === "changed"
      ? `neuropilot(${e.stack}): thresholds ${fmt(e.from)} → ${fmt(e.to)}`
      : `neuropilot(${e.stack}): ${e.outcome}, thresholds stay ${fmt(e.from)}`;
  return `${head}\n\n${e.reason}\n\ncycle ${e.cycleId}\n`;
}

/** Each flagged range with the detectors that fired on its points (so the report can say why). */
export function withDetectors(
  ranges: readonly FlaggedRange[],
  signals: SignalSet,
  points: Record<keyof SignalSet, readonly { detectors: readonly string[] }[]>,
): (FlaggedRange & { detectors: string[] })[] {
  return ranges.map((r) => {
    const ts = signals[r.signal].timestamps;
    const fired = new Set<string>();
    ts.forEach((t, i) => {
      if (t >= r.startMs && t <= r.endMs) for (const d of points[r.signal][i]?.detectors ?? []) fired.add(d);
    });
    return { ...r, detectors: [...fired].sort() };
  });
}

/** anomalies.json after this cycle: the old ranges of the last 8 days, with this cycle's ranges merged in. */
export function mergeAnomalies(
  old: AnomaliesFile | undefined,
  ranges: readonly (FlaggedRange & { detectors: string[] })[],
  endMs: number,
): AnomaliesFile {
  const keepFrom = endMs - ANOMALY_KEEP_MS;
  type Range = AnomaliesFile["signals"][number]["ranges"][number];
  const bySignal = new Map<AnomaliesFile["signals"][number]["signal"], Map<number, Range>>();
  for (const s of old?.signals ?? [])
    bySignal.set(s.signal, new Map(s.ranges.filter((r) => r.end >= keepFrom).map((r) => [r.start, r])));
  for (const r of ranges) {
    const m = bySignal.get(r.signal) ?? new Map<number, Range>();
    m.set(r.startMs, {
      start: r.startMs,
      end: r.endMs,
      severity: r.severity,
      maxScore: r.peakScore,
      detectors: r.detectors,
    });
    bySignal.set(r.signal, m);
  }
  return {
    signals: [...bySignal].map(([signal, m]) => ({
      signal,
      ranges: [...m.values()].sort((a, b) => a.start - b.start),
    })),
  };
}

/** Sends the cycle's message; a failed delivery never fails the cycle (it is in the result and the log). */
export async function notify(notifier: Notifier, log: Logger, e: DecisionLogEntry): Promise<NotifierResult[]> {
  const message: CycleMessage = {
    stack: e.stack,
    cycleId: e.cycleId,
    outcome: e.outcome,
    title:
      e.outcome === "changed"
        ? `${e.stack}: thresholds ${fmt(e.from)} → ${fmt(e.to)}`
        : `${e.stack}: ${e.outcome} (${fmt(e.from)})`,
    lines: [e.reason, ...e.policyViolations.map((v) => `policy ${v.policyName} [${v.enforcementLevel}]: ${v.message}`)],
  };
  const results = await notifier.send(message);
  for (const r of results) {
    if (r.ok) log.info({ step: "notify", channel: r.channel, attempts: r.attempts }, `notified ${r.channel}`);
    else log.error({ step: "notify", channel: r.channel, error: r.error }, `notification to ${r.channel} failed`);
  }
  return results;
}
