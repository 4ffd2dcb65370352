import { parseStackConfig, type StackConfig } from "../../infra/config";
import type { QualityIssue, SignalSet, Thresholds } from "../core/types";
import { controllerWith } from "../core/controller";
import { detectAnomalies, type FlaggedRange } from "../detect";
import { decideAndRecord } from "../learn/replay";
import { initialLearnerState, learnerConfigOf } from "../learn/learner";
import type { LearnerRecord, LearnerState } from "../learn/types";
import type { Logger } from "../log/logger";
import { mergeHistory, trimHistory, type MetricsHistory } from "../metrics/history";
import type { DecisionLogEntry } from "../state/decisionLog";
import type { RunnerState } from "../state/schemas";
import { applyChange } from "./apply";
import type { CycleDeps, CycleOptions, CycleResult } from "./cycleTypes";
import { isExcluded, safetyGates } from "./gates";
import { observeCycle } from "./observe";
import { fmtThresholds as fmt, outcomeOfChange, planChange, type Verdict } from "./outcome";
import type { PolicyViolation } from "./ports";
import { StackLockedError } from "./portErrors";
import { baseEntry, commitMessage, cycleIdOf, mergeAnomalies, notify, withDetectors } from "./record";
import { recoverInterrupted } from "./recover";

/*
 * One autonomous cycle, in eight steps: 0 recover an interrupted cycle → 1 read config and state → 2 collect metrics
 * and check data quality → 3 detect anomalies → 4 decide thresholds → 5 act (write stack config → preview with the
 * policy pack → up → verify outputs) → 6 record the decision → 7 notify. Written once against the ports; the
 * production and embedded runs differ only in the adapters they pass (production.ts, embedded.ts).
 */

const DAY_MS = 86_400_000;
/** Detection looks at this much history before the cycle's window, so detectors are warm. */
const DETECTION_CONTEXT_MS = 2 * DAY_MS;

export { cycleIdOf };

interface Inputs {
  config: StackConfig;
  runner: RunnerState;
  learner: LearnerState;
  current: Thresholds;
  window: { startMs: number; endMs: number; stepSeconds: number; cycleMs: number };
}
interface Collected {
  signals: SignalSet;
  issues: QualityIssue[];
  blocking: QualityIssue[];
  history: MetricsHistory;
}
interface Detected {
  context: SignalSet;
  inWindow: FlaggedRange[];
  openCritical: boolean;
  ranges: (FlaggedRange & { detectors: string[] })[];
}
interface Decided {
  record: LearnerRecord;
  gates: string[];
}
interface Acted {
  verdict: Verdict;
  violations: PolicyViolation[];
}

/** Runs one cycle; the runner lock must already be held by the caller. */
export async function runCycle(deps: CycleDeps, opts: CycleOptions = {}): Promise<CycleResult> {
  const now = deps.clock.now();
  const cycleId = cycleIdOf(deps.stack, now);
  const log = deps.log.child({ stack: deps.stack, cycleId });

  const pending = await deps.store.load("pending");
  if (pending) return recoverInterrupted(deps, log, pending, { cycleId, now, opts });
  const inputs = await readInputs(deps, now);
  if (!hasNewData(inputs, log)) return { cycleId, outcome: "no-new-data", entry: null, deliveries: [] };
  const collected = await collect(deps, inputs, log);
  const detected = await detect(deps, inputs, collected, log);
  const decided = decide(inputs, collected, detected, now, log);
  const acted = await act(deps, inputs, decided, { cycleId, now, opts }, log);
  const entry: DecisionLogEntry = {
    ...baseEntry(
      deps.stack,
      cycleId,
      now,
      acted.verdict.action,
      acted.verdict.outcome,
      inputs.current,
      acted.verdict.to,
      acted.verdict.reason,
    ),
    window: { startMs: inputs.window.startMs, endMs: inputs.window.endMs },
    gates: decided.gates,
    qualityIssues: collected.issues,
    anomalies: detected.inWindow,
    policyViolations: acted.violations,
    learner: decided.record,
    controller: controllerWith(inputs.config, acted.verdict.action === "changed" ? acted.verdict.to : inputs.current),
  };
  if (opts.dryRun) {
    log.info({ step: "recorded", outcome: acted.verdict.outcome }, `dry run: ${acted.verdict.reason}`);
    return { cycleId, outcome: acted.verdict.outcome, entry, deliveries: [] };
  }
  await record(deps, inputs, collected, detected, decided, acted, entry, now, log);
  const deliveries = acted.verdict.outcome === "held" ? [] : await notify(deps.notifier, log, entry);
  return { cycleId, outcome: acted.verdict.outcome, entry, deliveries };
}

/** 1. The stack config (validated), the runner's and the learner's state, the thresholds in force, the window. */
async function readInputs(deps: CycleDeps, now: Date): Promise<Inputs> {
  const rawConfig = await deps.target.readConfig();
  const config = parseStackConfig(rawConfig, `stack config of "${deps.stack}" (${deps.target.name})`);
  const runner = (await deps.store.load("runner")) ?? { cycles: 0, lastWindowEndMs: null, lastChangeAtMs: null };
  const learner = (await deps.store.load("learner")) ?? initialLearnerState();
  const current = await deps.target.readThresholds();
  const stepSeconds = config.metrics.stepSeconds;
  const stepMs = stepSeconds * 1000;
  const cycleMs = config.learning.cycleHours * 3_600_000;
  const endMs = Math.floor(deps.metrics.latestCompleteMs(now.getTime()) / stepMs) * stepMs;
  const startMs = Math.max(runner.lastWindowEndMs ?? endMs - cycleMs, endMs - cycleMs);
  return { config, runner, learner, current, window: { startMs, endMs, stepSeconds, cycleMs } };
}

function hasNewData({ window: w }: Inputs, log: Logger): boolean {
  if (w.endMs - w.startMs >= w.cycleMs / 2) return true;
  log.info(
    { step: "collect", startMs: w.startMs, endMs: w.endMs },
    `only ${Math.round((w.endMs - w.startMs) / 60_000)} min of new data since the last cycle (need ${w.cycleMs / 120_000}); nothing to do`,
  );
  return false;
}

/** 2. The window's signals with their data-quality findings, merged into the kept history. */
async function collect(deps: CycleDeps, inputs: Inputs, log: Logger): Promise<Collected> {
  const { startMs, endMs, stepSeconds } = inputs.window;
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
  const oldHistory = await deps.store.loadHistory();
  const history = trimHistory(
    mergeHistory(oldHistory, fetched.signals, stepSeconds),
    endMs,
    inputs.config.metrics.historyDays,
  );
  log.info(
    { step: "quality", blocking: blocking.map((i) => i.message) },
    blocking.length ? "data quality rejected this window" : "data quality ok",
  );
  return { signals: fetched.signals, issues: fetched.issues, blocking, history };
}

/** 3. Anomalies over the window plus warm-up context. */
async function detect(deps: CycleDeps, inputs: Inputs, collected: Collected, log: Logger): Promise<Detected> {
  const { startMs, endMs, cycleMs } = inputs.window;
  const model = await deps.store.loadModel();
  const context = sliceSignals(collected.history.signals, endMs - cycleMs - DETECTION_CONTEXT_MS, endMs);
  const detection = detectAnomalies(context, model, inputs.config.detection);
  const inWindow = detection.summary.ranges.filter(
    (r) => r.endMs >= startMs && r.startMs < endMs && r.severity !== "info",
  );
  const openCritical = detection.summary.openCritical;
  log.info(
    { step: "detect", ranges: inWindow.length, openCritical },
    openCritical ? "a critical anomaly is open" : `${inWindow.length} anomalous range(s) in the window`,
  );
  return {
    context,
    inWindow,
    openCritical,
    ranges: withDetectors(detection.summary.ranges, context, detection.points),
  };
}

/** 4. What the cycle measured, the learner's decision on it, and the safety gates on that decision. */
function decide(inputs: Inputs, collected: Collected, detected: Detected, now: Date, log: Logger): Decided {
  const { config, current } = inputs;
  const { startMs, endMs, stepSeconds } = inputs.window;
  const measured = observeCycle({
    signals: collected.signals,
    config,
    thresholds: current,
    startMs,
    endMs,
    stepSeconds,
    excluded: false,
  });
  const excluded = isExcluded({
    blocking: collected.blocking,
    anomalies: detected.inWindow,
    slaMet: measured.slaPercent >= config.slaTargetPercent,
  });
  const observation = { ...measured, excluded: measured.excluded || excluded };
  const record = decideAndRecord(inputs.learner, observation, learnerConfigOf(config));
  const proposed = record.decision.to;
  const gates = safetyGates({
    config,
    current,
    proposed,
    blocking: collected.blocking,
    openCritical: detected.openCritical,
    lastChangeAtMs: inputs.runner.lastChangeAtMs,
    nowMs: now.getTime(),
    returningIntoBounds: record.decision.action === "project",
  });
  log.info(
    { step: "decide", learner: record.decision.action, from: current, proposed, reason: record.decision.reason, gates },
    `learner: ${record.decision.action} ${fmt(current)} → ${fmt(proposed)}`,
  );
  return { record, gates };
}

/** 5. Refuse or hold (planChange), or write → preview → up → verify under the pending-change journal. */
async function act(
  deps: CycleDeps,
  inputs: Inputs,
  decided: Decided,
  ctx: { cycleId: string; now: Date; opts: CycleOptions },
  log: Logger,
): Promise<Acted> {
  const { current } = inputs;
  const proposal = { ...decided.record.decision };
  const plan = planChange(decided.gates, current, proposal);
  if (plan !== "apply") return { verdict: plan, violations: [] };
  const snapshot = await deps.target.snapshot();
  await deps.store.save(
    "pending",
    { cycleId: ctx.cycleId, from: current, to: proposal.to, snapshot, startedAtMs: ctx.now.getTime() },
    ctx.now,
  );
  let applied: Awaited<ReturnType<typeof applyChange>>;
  try {
    applied = await applyChange(deps.target, log, snapshot, proposal.to, ctx.opts);
  } catch (err) {
    // the stack lock stopped preview/up before anything was applied and the config is restored: nothing to recover
    if (err instanceof StackLockedError) await deps.store.discard("pending");
    throw err;
  }
  // the journal stays until the decision is recorded (step 6): a crash before that is recovered like one before up
  if (ctx.opts.dryRun) await deps.store.discard("pending");
  return {
    verdict: outcomeOfChange(current, proposal, applied, ctx.opts.dryRun ?? false),
    violations: applied.violations,
  };
}

/** 6. History, anomalies, learner, runner state, decision log, commit message; then the journal goes. */
async function record(
  deps: CycleDeps,
  inputs: Inputs,
  collected: Collected,
  detected: Detected,
  decided: Decided,
  acted: Acted,
  entry: DecisionLogEntry,
  now: Date,
  log: Logger,
): Promise<void> {
  const { store } = deps;
  const { verdict } = acted;
  const { endMs } = inputs.window;
  const next = decided.record.nextState;
  await store.saveHistory(collected.history, now);
  await store.save("anomalies", mergeAnomalies(await store.load("anomalies"), detected.ranges, endMs), now);
  await store.save(
    "learner",
    verdict.markUnsafe ? { ...next, unsafe: [...next.unsafe, verdict.markUnsafe] } : next,
    now,
  );
  await store.save(
    "runner",
    {
      cycles: inputs.runner.cycles + 1,
      lastWindowEndMs: endMs,
      lastChangeAtMs: verdict.outcome === "changed" ? now.getTime() : inputs.runner.lastChangeAtMs,
    },
    now,
  );
  await store.appendDecision(entry);
  await store.discard("pending");
  await store.writeCommitMessage(commitMessage(entry));
  log.info(
    { step: "recorded", outcome: verdict.outcome, from: inputs.current, to: verdict.to },
    `${verdict.outcome}: ${verdict.reason}`,
  );
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
