import { parseStackConfig, type StackConfig } from "../../infra/config";
import type { QualityIssue, SignalSet, Thresholds } from "../core/types";
import { PolicyViolationError, StackLockedError, type PolicyViolation } from "../deploy/pulumiTarget";
import { detectAnomalies, loadModel, type AnomalySummary, type FlaggedRange } from "../detect";
import { decideAndRecord } from "../learn/replay";
import { initialLearnerState, learnerConfigOf } from "../learn/learner";
import type { DecisionRecord as LearnerRecord, LearnerState } from "../learn/types";
import type { Logger } from "../log/logger";
import { mergeHistory, trimHistory } from "../metrics/history";
import { loadHistory, saveHistory } from "../metrics/historyFile";
import { observeCycle } from "./observe";
import type {
  Clock,
  ConfigSnapshot,
  CycleMessage,
  DeploymentTarget,
  MetricsSource,
  Notifier,
  NotifierResult,
} from "./ports";
import { StateStore } from "./stateStore";

/*
 * One autonomous cycle: collect metrics → check data quality → detect anomalies → decide thresholds → write them
 * into stack config → preview with the policy pack → up → verify outputs → record the decision → notify.
 * Written once against the ports; the production and embedded runs differ only in the adapters they pass.
 */

export const RUNNER_SCHEMA_VERSION = 1;
const DAY_MS = 86_400_000;
/** Detection looks at this much history before the cycle's window, so detectors are warm. */
const DETECTION_CONTEXT_MS = 2 * DAY_MS;

export type CycleOutcome = "changed" | "held" | "no-new-data" | "refused" | "rolled-back" | "dry-run" | "recovered";

/** One line of decisions.jsonl: what the report reads, plus the learner's replayable record. */
export interface DecisionLogEntry {
  timestamp: number;
  stack: string;
  cycleId: string;
  /** The report's vocabulary: changed | held | refused | rolled-back. */
  action: "changed" | "held" | "refused" | "rolled-back";
  outcome: CycleOutcome;
  from: Thresholds;
  to: Thresholds;
  reason: string;
  window: { startMs: number; endMs: number } | null;
  gates: string[];
  qualityIssues: QualityIssue[];
  anomalies: FlaggedRange[];
  policyViolations: PolicyViolation[];
  /** The learner's inputs, estimates and decision: `replay(learner)` recomputes it. */
  learner: LearnerRecord | null;
}

interface RunnerState {
  cycles: number;
  lastWindowEndMs: number | null;
  lastChangeAtMs: number | null;
}

interface PendingChange {
  cycleId: string;
  from: Thresholds;
  to: Thresholds;
  snapshot: ConfigSnapshot;
  startedAtMs: number;
}

export interface CycleDeps {
  stack: string;
  store: StateStore;
  metrics: MetricsSource;
  target: DeploymentTarget;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
}

export interface CycleOptions {
  dryRun?: boolean;
  /** Test hook: called between writing stack config and `up` (to simulate a crash there). */
  afterConfigWritten?: () => Promise<void>;
}

export interface CycleResult {
  cycleId: string;
  outcome: CycleOutcome;
  entry: DecisionLogEntry | null;
  deliveries: NotifierResult[];
}

const FILES = {
  runner: "runner.json",
  learner: "learner.json",
  history: "metrics-history.json",
  model: "model.json",
  pending: "pending-change.json",
  decisions: "decisions.jsonl",
  anomalies: "anomalies.json",
  lastChange: "last-change.txt",
} as const;

const same = (a: Thresholds, b: Thresholds) =>
  a.scaleOutCpuThreshold === b.scaleOutCpuThreshold && a.scaleInCpuThreshold === b.scaleInCpuThreshold;
const fmt = (t: Thresholds) => `${t.scaleOutCpuThreshold}%/${t.scaleInCpuThreshold}%`;

export function cycleIdOf(stack: string, now: Date): string {
  return `${stack}-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}

/** Runs one cycle; the runner lock must already be held by the caller. */
export async function runCycle(deps: CycleDeps, opts: CycleOptions = {}): Promise<CycleResult> {
  const now = deps.clock.now();
  const cycleId = cycleIdOf(deps.stack, now);
  const log = deps.log.child({ stack: deps.stack, cycleId });
  const { store, target } = deps;

  // 0. recover from an interrupted cycle: put back the config that was in force, make the deployment match it.
  const pending = store.read<PendingChange>(FILES.pending, "pending-change", RUNNER_SCHEMA_VERSION);
  if (pending && opts.dryRun) {
    // a dry run changes nothing, recovery included: the next real run restores the config and redeploys it
    const reason = `dry run: interrupted cycle ${pending.cycleId} is pending recovery (a real run restores ${fmt(pending.from)}); nothing was changed`;
    log.warn({ step: "recover", interruptedCycle: pending.cycleId }, reason);
    return {
      cycleId,
      outcome: "dry-run",
      entry: baseEntry(deps.stack, cycleId, now, "held", "dry-run", pending.from, pending.from, reason),
      deliveries: [],
    };
  }
  if (pending) {
    log.warn(
      { step: "recover", interruptedCycle: pending.cycleId, from: pending.from, to: pending.to },
      "previous cycle was interrupted; restoring its starting config",
    );
    await target.restore(pending.snapshot);
    await target.up();
    const entry = baseEntry(
      deps.stack,
      cycleId,
      now,
      "rolled-back",
      "recovered",
      pending.from,
      pending.from,
      `recovered from interrupted cycle ${pending.cycleId}: restored ${fmt(pending.from)} (its change to ${fmt(pending.to)} was never confirmed)`,
    );
    store.append(FILES.decisions, entry);
    store.remove(FILES.pending);
    log.info({ step: "recorded", outcome: "recovered" }, entry.reason);
    return { cycleId, outcome: "recovered", entry, deliveries: await notify(deps, log, entry) };
  }

  // 1. config, state
  const rawConfig = await target.readConfig();
  const config = parseStackConfig(rawConfig, `stack config of "${deps.stack}" (${target.name})`);
  const runner = store.read<RunnerState>(FILES.runner, "runner-state", RUNNER_SCHEMA_VERSION) ?? {
    cycles: 0,
    lastWindowEndMs: null,
    lastChangeAtMs: null,
  };
  const learnerState =
    store.read<LearnerState>(FILES.learner, "learner-state", RUNNER_SCHEMA_VERSION) ?? initialLearnerState();
  const current = await target.readThresholds();
  const stepSeconds = config.metrics.stepSeconds;
  const stepMs = stepSeconds * 1000;
  const cycleMs = config.learning.cycleHours * 3_600_000;
  const endMs = Math.floor(deps.metrics.latestCompleteMs(now.getTime()) / stepMs) * stepMs;
  const startMs = Math.max(runner.lastWindowEndMs ?? endMs - cycleMs, endMs - cycleMs);
  if (endMs - startMs < cycleMs / 2) {
    log.info(
      { step: "collect", startMs, endMs },
      `only ${Math.round((endMs - startMs) / 60_000)} min of new data since the last cycle (need ${cycleMs / 120_000}); nothing to do`,
    );
    return { cycleId, outcome: "no-new-data", entry: null, deliveries: [] };
  }

  // 2. collect + data quality
  const fetched = await deps.metrics.fetch({ startMs, endMs, stepSeconds });
  const blocking = fetched.issues.filter((i) => i.blocking);
  log.info(
    {
      step: "collect",
      source: deps.metrics.name,
      startMs,
      endMs,
      issues: fetched.issues.length,
      blocking: blocking.length,
    },
    "metrics collected",
  );
  const oldHistory = await loadHistory(store.file(FILES.history));
  const history = trimHistory(
    mergeHistory(oldHistory, fetched.signals, stepSeconds),
    endMs,
    config.metrics.historyDays,
  );
  log.info(
    { step: "quality", blocking: blocking.map((i) => i.message) },
    blocking.length ? "data quality rejected this window" : "data quality ok",
  );

  // 3. detect anomalies over the window plus warm-up context
  const model = loadModel(store.file(FILES.model));
  const context = sliceSignals(history.signals, endMs - cycleMs - DETECTION_CONTEXT_MS, endMs);
  const detection = detectAnomalies(context, model, config.detection);
  const inWindow = detection.summary.ranges.filter(
    (r) => r.endMs >= startMs && r.startMs < endMs && r.severity !== "info",
  );
  const openCritical = detection.summary.openCritical;
  log.info(
    { step: "detect", ranges: inWindow.length, openCritical },
    openCritical ? "a critical anomaly is open" : `${inWindow.length} anomalous range(s) in the window`,
  );

  // 4. decide
  const measured = observeCycle({
    signals: fetched.signals,
    config,
    thresholds: current,
    startMs,
    endMs,
    stepSeconds,
    excluded: false,
  });
  const excluded = isExcluded({
    blocking,
    anomalies: inWindow,
    slaMet: measured.slaPercent >= config.slaTargetPercent,
  });
  const observation = { ...measured, excluded: measured.excluded || excluded };
  const record = decideAndRecord(learnerState, observation, learnerConfigOf(config));
  const proposed = record.decision.to;
  const gates = safetyGates({
    config,
    current,
    proposed,
    blocking,
    openCritical,
    lastChangeAtMs: runner.lastChangeAtMs,
    nowMs: now.getTime(),
    returningIntoBounds: record.decision.action === "project",
  });
  log.info(
    { step: "decide", learner: record.decision.action, from: current, proposed, reason: record.decision.reason, gates },
    `learner: ${record.decision.action} ${fmt(current)} → ${fmt(proposed)}`,
  );

  let outcome: CycleOutcome;
  let action: DecisionLogEntry["action"];
  let to = current;
  let reason = record.decision.reason;
  let violations: PolicyViolation[] = [];
  let nextLearner = record.nextState;

  const hardGates = gates.filter((g) => !g.startsWith("cooldown"));
  if (hardGates.length > 0) {
    // kill switch, data quality, an open critical anomaly, an oversized step: refuse, whatever the learner says
    outcome = "refused";
    action = "refused";
    reason = `${hardGates.join("; ")} (learner: ${record.decision.action} ${fmt(proposed)})`;
  } else if (same(proposed, current)) {
    outcome = "held";
    action = "held";
  } else if (gates.length > 0) {
    outcome = "held";
    action = "held";
    reason = `${gates.join("; ")} (learner wanted ${fmt(proposed)}: ${record.decision.reason})`;
  } else {
    // 5. write → preview → up → verify
    const snapshot = await target.snapshot();
    store.write<PendingChange>(
      FILES.pending,
      "pending-change",
      RUNNER_SCHEMA_VERSION,
      { cycleId, from: current, to: proposed, snapshot, startedAtMs: now.getTime() },
      now,
    );
    let applied: Awaited<ReturnType<typeof applyChange>>;
    try {
      applied = await applyChange(deps, log, snapshot, proposed, opts);
    } catch (err) {
      // the stack lock stopped preview/up before anything was applied and the config is restored: nothing to recover
      if (err instanceof StackLockedError) store.remove(FILES.pending);
      throw err;
    }
    violations = applied.violations;
    if (applied.ok) {
      outcome = opts.dryRun ? "dry-run" : "changed";
      action = opts.dryRun ? "held" : "changed";
      to = opts.dryRun ? current : proposed;
      if (opts.dryRun)
        reason = `dry run: would change ${fmt(current)} → ${fmt(proposed)} (${record.decision.reason}); preview passed`;
    } else {
      outcome = "rolled-back";
      action = "rolled-back";
      reason = `${applied.why}; restored ${fmt(current)}`;
      // a pair the guardrails refuse is never proposed again (a failed `up` says nothing about the pair)
      if (applied.policyBlocked) nextLearner = { ...nextLearner, unsafe: [...nextLearner.unsafe, proposed] };
    }
    // the journal stays until the decision is recorded (step 6): a crash before that is recovered like one before up
    if (opts.dryRun) store.remove(FILES.pending);
  }

  const entry: DecisionLogEntry = {
    ...baseEntry(deps.stack, cycleId, now, action, outcome, current, to, reason),
    window: { startMs, endMs },
    gates,
    qualityIssues: fetched.issues,
    anomalies: inWindow,
    policyViolations: violations,
    learner: record,
  };
  if (opts.dryRun) {
    log.info({ step: "recorded", outcome }, `dry run: ${reason}`);
    return { cycleId, outcome, entry, deliveries: [] };
  }

  // 6. record: history, learner, runner state, decision log, commit message
  await saveHistory(store.file(FILES.history), history, now);
  recordAnomalies(store, withDetectors(detection.summary.ranges, context, detection.points), endMs, now);
  store.write(FILES.learner, "learner-state", RUNNER_SCHEMA_VERSION, nextLearner, now);
  store.write<RunnerState>(
    FILES.runner,
    "runner-state",
    RUNNER_SCHEMA_VERSION,
    {
      cycles: runner.cycles + 1,
      lastWindowEndMs: endMs,
      lastChangeAtMs: outcome === "changed" ? now.getTime() : runner.lastChangeAtMs,
    },
    now,
  );
  store.append(FILES.decisions, entry);
  store.remove(FILES.pending);
  store.writeText(FILES.lastChange, commitMessage(entry));
  log.info({ step: "recorded", outcome, from: current, to }, `${outcome}: ${reason}`);

  // 7. notify (a failed delivery never fails the cycle; it is in the result and the log)
  const deliveries = outcome === "held" ? [] : await notify(deps, log, entry);
  return { cycleId, outcome, entry, deliveries };
}

async function applyChange(
  deps: CycleDeps,
  log: Logger,
  snapshot: ConfigSnapshot,
  to: Thresholds,
  opts: CycleOptions,
): Promise<{ ok: boolean; why: string; violations: PolicyViolation[]; policyBlocked: boolean }> {
  const { target } = deps;
  let violations: PolicyViolation[] = [];
  const rollback = async (why: string, redeploy: boolean, policyBlocked = false) => {
    log.warn({ step: "rollback", why }, `restoring the previous config: ${why}`);
    await target.restore(snapshot);
    if (redeploy) {
      try {
        await target.up();
      } catch (err) {
        log.error(
          { step: "rollback", error: (err as Error).message },
          "re-applying the previous config failed; the next cycle will retry",
        );
      }
    }
    return { ok: false, why, violations, policyBlocked };
  };
  /** A failed preview or up: a policy refusal or an error rolls back (an `up` error also redeploys); a stack lock propagates. */
  const failed = async (command: "preview" | "up", err: unknown) => {
    if (err instanceof PolicyViolationError) {
      violations = [...err.violations];
      return rollback(
        `${command} blocked by policy: ${err.violations.map((v) => `${v.policyName}: ${v.message}`).join("; ")}`,
        false,
        true,
      );
    }
    if (err instanceof StackLockedError) {
      await target.restore(snapshot);
      throw err;
    }
    const firstLine = (err as Error).message.split("\n").find((l) => l.trim()) ?? "unknown error";
    return rollback(`${command} failed: ${firstLine}`, command === "up");
  };
  await target.writeThresholds(to);
  log.info({ step: "write-config", to }, `stack config set to ${fmt(to)}`);
  try {
    const p = await target.preview();
    violations = p.violations;
    log.info(
      { step: "preview", changes: p.changeSummary, violations: p.violations.length },
      "preview passed the policy pack",
    );
  } catch (err) {
    return failed("preview", err);
  }
  if (opts.dryRun) {
    await target.restore(snapshot);
    log.info({ step: "dry-run" }, "dry run: config restored after preview, nothing applied");
    return { ok: true, why: "", violations, policyBlocked: false };
  }
  await opts.afterConfigWritten?.();
  try {
    const up = await target.up();
    violations = up.violations;
    const thresholds = up.outputs.thresholds as Partial<Thresholds> | undefined;
    if (
      thresholds &&
      (thresholds.scaleOutCpuThreshold !== to.scaleOutCpuThreshold ||
        thresholds.scaleInCpuThreshold !== to.scaleInCpuThreshold)
    )
      return rollback(
        `up finished but the stack outputs show ${JSON.stringify(thresholds)} instead of ${fmt(to)}`,
        true,
      );
    log.info({ step: "up", changes: up.changeSummary }, "up applied");
    log.info({ step: "verify", outputs: thresholds ?? null }, "outputs match the new thresholds");
    return { ok: true, why: "", violations, policyBlocked: false };
  } catch (err) {
    return failed("up", err);
  }
}

/**
 * Whether the learner must not learn from this window. Always when data quality rejected it or the load itself
 * (request rate, which no threshold controls) was anomalous. Anomalies on the signals the thresholds act on (CPU,
 * latency, errors, capacity) exclude a window only when the SLA was met there: a miss the current thresholds may
 * have caused is never hidden from the learner (the latency spike of an under-provisioned fleet is itself flagged).
 * Both directions are conservative: an odd window never confirms a pair as safe, a miss always counts against it.
 */
export function isExcluded(a: {
  blocking: readonly QualityIssue[];
  anomalies: readonly FlaggedRange[];
  slaMet: boolean;
}): boolean {
  if (a.blocking.length > 0) return true;
  if (a.anomalies.some((r) => r.signal === "requestRate")) return true;
  return a.anomalies.length > 0 && a.slaMet;
}

/** Safety rules the runner enforces whatever the learner says; each returned string blocks the change. */
export function safetyGates(a: {
  config: StackConfig;
  current: Thresholds;
  proposed: Thresholds;
  blocking: readonly QualityIssue[];
  openCritical: boolean;
  lastChangeAtMs: number | null;
  nowMs: number;
  /**
   * The learner is bringing thresholds that sit outside the policy bounds back inside them (its "project" action).
   * That move may be larger than the step limit: the bounds are the guardrail, so it is not refused for its size.
   */
  returningIntoBounds?: boolean;
}): string[] {
  const gates: string[] = [];
  if (!a.config.optimizerEnabled) gates.push("kill switch: neuropilot:optimizerEnabled is false");
  if (a.blocking.length > 0) gates.push(`data quality: ${a.blocking.map((i) => i.message).join("; ")}`);
  if (a.openCritical) gates.push("a critical anomaly is open");
  const step = Math.max(
    Math.abs(a.proposed.scaleOutCpuThreshold - a.current.scaleOutCpuThreshold),
    Math.abs(a.proposed.scaleInCpuThreshold - a.current.scaleInCpuThreshold),
  );
  if (step > a.config.maxThresholdStepPercent + 1e-9 && !a.returningIntoBounds)
    gates.push(`step ${step} points exceeds neuropilot:maxThresholdStepPercent (${a.config.maxThresholdStepPercent})`);
  if (a.lastChangeAtMs !== null) {
    const waitMs = a.lastChangeAtMs + a.config.changeCooldownHours * 3_600_000 - a.nowMs;
    if (waitMs > 0)
      gates.push(
        `cooldown: last change ${((a.nowMs - a.lastChangeAtMs) / 3_600_000).toFixed(1)} h ago, neuropilot:changeCooldownHours is ${a.config.changeCooldownHours}`,
      );
  }
  return gates;
}

interface AnomaliesFile {
  signals: {
    signal: string;
    ranges: { start: number; end: number; severity: string; maxScore: number; detectors: string[] }[];
  }[];
}

/** Each flagged range with the detectors that fired on its points (so the report can say why). */
function withDetectors(
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

/** Keeps the flagged ranges of the last 8 days in anomalies.json (what the daily report reads). */
function recordAnomalies(
  store: StateStore,
  ranges: readonly (FlaggedRange & { detectors: string[] })[],
  endMs: number,
  now: Date,
): void {
  const keepFrom = endMs - 8 * DAY_MS;
  const old = store.read<AnomaliesFile>(FILES.anomalies, "anomalies", RUNNER_SCHEMA_VERSION) ?? { signals: [] };
  const bySignal = new Map<string, Map<number, AnomaliesFile["signals"][number]["ranges"][number]>>();
  for (const s of old.signals)
    bySignal.set(s.signal, new Map(s.ranges.filter((r) => r.end >= keepFrom).map((r) => [r.start, r])));
  for (const r of ranges) {
    const m = bySignal.get(r.signal) ?? new Map();
    m.set(r.startMs, {
      start: r.startMs,
      end: r.endMs,
      severity: r.severity,
      maxScore: r.peakScore,
      detectors: r.detectors,
    });
    bySignal.set(r.signal, m);
  }
  const signals = [...bySignal].map(([signal, m]) => ({
    signal,
    ranges: [...m.values()].sort((a, b) => a.start - b.start),
  }));
  store.write<AnomaliesFile>(FILES.anomalies, "anomalies", RUNNER_SCHEMA_VERSION, { signals }, now);
}

function sliceSignals(s: SignalSet, fromMs: number, toMs: number): SignalSet {
  const out = {} as SignalSet;
  for (const [name, series] of Object.entries(s) as [keyof SignalSet, SignalSet[keyof SignalSet]][]) {
    let i = 0;
    while (i < series.timestamps.length && series.timestamps[i] < fromMs) i++;
    let j = i;
    while (j < series.timestamps.length && series.timestamps[j] < toMs) j++;
    out[name] = { timestamps: series.timestamps.slice(i, j), values: series.values.slice(i, j) };
  }
  return out;
}

function baseEntry(
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

async function notify(deps: CycleDeps, log: Logger, e: DecisionLogEntry): Promise<NotifierResult[]> {
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
  const results = await deps.notifier.send(message);
  for (const r of results) {
    if (r.ok) log.info({ step: "notify", channel: r.channel, attempts: r.attempts }, `notified ${r.channel}`);
    else log.error({ step: "notify", channel: r.channel, error: r.error }, `notification to ${r.channel} failed`);
  }
  return results;
}

export type { AnomalySummary };
