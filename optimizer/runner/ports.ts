import type { QualityIssue, SignalSet, Thresholds } from "../core/types";
import type { KMeansModel } from "../detect/kmeansModel";
import type { MetricsHistory } from "../metrics/history";
import type { DecisionLogEntry } from "../state/decisionLog";
import type { StateDocuments } from "../state/schemas";

/*
 * The small interfaces the cycle is written against. Production adapters: Prometheus, the Pulumi Automation API,
 * Slack. Embedded adapters: the digital twin (metrics and deployment), the console. Tests swap adapters, never logic.
 */

export interface MetricsWindow {
  startMs: number;
  endMs: number;
  stepSeconds: number;
}

/** Reads every signal over a window, cleaned, with the data-quality findings. */
export interface MetricsSource {
  readonly name: string;
  /** The latest instant with complete data (e.g. now − scrape lag, or the twin's clock). */
  latestCompleteMs(nowMs: number): number;
  fetch(window: MetricsWindow): Promise<{ signals: SignalSet; issues: QualityIssue[] }>;
}

/** An opaque copy of the stack config as it was, to put back byte for byte. */
export interface ConfigSnapshot {
  readonly description: string;
  readonly content: string;
}

/** A policy violation reported by the policy pack during preview or up. */
export interface PolicyViolation {
  policyName: string;
  /** As the engine reports it: advisory or mandatory (the SDK's type says "warning" for advisory). */
  enforcementLevel: "advisory" | "mandatory";
  message: string;
  resourceUrn?: string;
}

export interface DeployPreview {
  changeSummary: Record<string, number>;
  violations: PolicyViolation[];
}

export interface DeployUp extends DeployPreview {
  outputs: Record<string, unknown>;
}

/**
 * Where thresholds are written and applied. `preview` and `up` run the policy pack and throw PolicyViolationError
 * on a mandatory violation, StackLockedError when another update holds the stack (both in ./portErrors).
 */
export interface DeploymentTarget {
  readonly name: string;
  /** The stack config as the program will read it (`neuropilot:key` → value). */
  readConfig(): Promise<Record<string, unknown>>;
  readThresholds(): Promise<Thresholds>;
  snapshot(): Promise<ConfigSnapshot>;
  restore(snapshot: ConfigSnapshot): Promise<void>;
  writeThresholds(t: Thresholds): Promise<void>;
  preview(): Promise<DeployPreview>;
  up(): Promise<DeployUp>;
}

/** A short message about one cycle (what changed and why). */
export interface CycleMessage {
  stack: string;
  cycleId: string;
  title: string;
  lines: string[];
  outcome: string;
}

export interface NotifierResult {
  channel: string;
  ok: boolean;
  attempts?: number;
  error?: string;
}

export interface Notifier {
  send(message: CycleMessage): Promise<NotifierResult[]>;
}

/**
 * The optimizer's state between runs (one per stack): typed documents validated by their schema on read and write,
 * the append-only decision log, the metrics history, the anomaly model and the commit message for CI. Asynchronous
 * so that a store may live on the network (object storage) as well as on local files.
 */
export interface StateStore {
  /** Where the state lives (for messages), e.g. the directory. */
  readonly location: string;
  load<N extends keyof StateDocuments>(name: N): Promise<StateDocuments[N] | undefined>;
  save<N extends keyof StateDocuments>(name: N, data: StateDocuments[N], now: Date): Promise<void>;
  discard(name: keyof StateDocuments): Promise<void>;
  appendDecision(entry: DecisionLogEntry): Promise<void>;
  decisions(): Promise<DecisionLogEntry[]>;
  writeCommitMessage(text: string): Promise<void>;
  loadHistory(): Promise<MetricsHistory | undefined>;
  saveHistory(history: MetricsHistory, now: Date): Promise<void>;
  loadModel(): Promise<KMeansModel | undefined>;
}

export interface Clock {
  now(): Date;
}
