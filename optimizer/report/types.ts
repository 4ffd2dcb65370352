import type { StackConfig } from "../../infra/config";
import type { Severity, SignalName, SignalSet, Thresholds } from "../core/types";

/*
 * The daily report's INPUT (what the runner fills, see docs/reporting.md) and OUTPUT (DailyReport, the JSON file).
 * Timestamps are Unix milliseconds (UTC) everywhere.
 */

/** One stretch of time a detector flagged on one signal. */
export interface FlaggedRange {
  /** First flagged point (inclusive), Unix ms. */
  start: number;
  /** Last flagged point (inclusive), Unix ms. */
  end: number;
  severity: Severity;
  /** Highest anomaly score inside the range (detector-specific scale, higher = more anomalous). */
  maxScore: number;
  /** Detectors that fired inside the range, e.g. ["robustZScore", "ewma"]. */
  detectors: string[];
}

/** Per-point anomaly scores of one signal (optional alternative or complement to ranges). */
export interface AnomalyPoints {
  timestamps: number[];
  scores: number[];
  severities: Severity[];
  /** Detectors that fired per point (empty when none). */
  detectors?: string[][];
}

/** What anomaly detection found on one signal over the report window (≥ the report day). */
export interface SignalAnomalySummary {
  signal: SignalName;
  /** Flagged ranges; contiguous non-"none" points are turned into ranges too. */
  ranges: FlaggedRange[];
  points?: AnomalyPoints;
}

export type DecisionAction = "changed" | "held" | "refused" | "rolled-back";
export const DECISION_ACTIONS: readonly DecisionAction[] = ["changed", "held", "refused", "rolled-back"];

/** One optimizer decision as the report reads it from a line of state/<stack>/decisions.jsonl (optimizer/state/decisionLog.ts). */
export interface LoggedDecision {
  timestamp: number;
  action: DecisionAction;
  from: Thresholds;
  to: Thresholds;
  reason: string;
}

/**
 * Where the threshold learner stands: state/<stack>/learner.json (the learner's own state, optimizer/learn/types.ts)
 * plus what its decisions in state/<stack>/decisions.jsonl add up to.
 */
export interface LearningStatus {
  /** Learner cycles run (one per runner cycle that reached the learner). */
  cycles: number;
  converged: boolean;
  /** Cycle at which the learner last declared convergence (null while exploring). */
  convergedAtCycle: number | null;
  /** The most recent pair confirmed safe (where the learner backs off to). */
  lastSafe: Thresholds | null;
  /** Pairs observed so far, and pairs marked unsafe (a miss, or refused by the policy pack). */
  pairsTried: number;
  unsafePairs: number;
  /** Learner decisions of each kind over the whole decision log (explore = try a cheaper pair; back-off = after a miss). */
  explorations: number;
  backOffs: number;
  /** Error budget over every cycle: minutes observed and minutes that missed the latency/error targets. */
  minutesSeen: number;
  badMinutes: number;
}

/** Where the k-means anomaly model stands (state/<stack>/model.json, written by `neuropilot train`). */
export interface AnomalyModelStatus {
  /** Latest training loss (how far the last run moved the model); null when not trained yet. */
  loss: number | null;
  converged: boolean;
  /** Training runs (one a day). */
  runs: number;
  samples: number;
  /** Loss of earlier runs, oldest first (optional, used for the loss trend). */
  lossHistory?: number[];
}

/** Everything the report builder reads. Missing parts are null/empty and listed in `inputNotes`. */
export interface ReportInput {
  stack: string;
  config: StackConfig;
  /** Signals over ≥ 7 days before the report day plus the day itself, 1-minute or coarser steps; NaN = missing. */
  signals: SignalSet | null;
  /** null when no anomaly summaries exist (the anomaly component of the health score is then left out). */
  anomalies: SignalAnomalySummary[] | null;
  /** Decision log (any days; the builder keeps the report day's). */
  decisions: LoggedDecision[];
  learning: LearningStatus | null;
  /** null when no anomaly model has been trained (or model.json holds something else). */
  anomalyModel: AnomalyModelStatus | null;
  /** Problems found while loading the inputs (missing files…), shown under "Data gaps". */
  inputNotes: string[];
}

// ---------------------------------------------------------------------------------------------- output

export const REPORT_SCHEMA_VERSION = 1;

export interface Evidence {
  name: string;
  value: number;
  unit: string;
}

export type Priority = "high" | "medium" | "low";

export interface Recommendation {
  id: string;
  priority: Priority;
  text: string;
  evidence: Evidence[];
}

export type HealthComponentName = "sla" | "anomalies" | "errors" | "cost" | "learning";

export interface HealthComponent {
  name: HealthComponentName;
  /** 0–100, or null when its input is missing (its weight then goes to the others). */
  score: number | null;
  weight: number;
  /** Why: the numbers the score came from. */
  basis: string;
}

export interface HealthSummary {
  /** null when the SLA component has no data: without it no score is meaningful. */
  score: number | null;
  grade: "healthy" | "watch" | "degraded" | "critical" | "unknown";
  components: HealthComponent[];
}

export interface SlaSummary {
  targetPercent: number;
  /** null when no minute had both latency and error rate. */
  attainmentPercent: number | null;
  evaluatedMinutes: number;
  goodMinutes: number;
  badMinutes: number;
  latencyBreachMinutes: number;
  errorBreachMinutes: number;
  latencyThresholdMs: number;
  errorRateTargetPercent: number;
  /** Share of the day's error budget (100 − target) used, in %. */
  errorBudgetUsedPercent: number | null;
  met: boolean | null;
}

export type TrendDirection = "up" | "down" | "flat";

export interface SignalTrend {
  signal: SignalName;
  unit: string;
  dayMean: number | null;
  baselineMean: number | null;
  dayP95: number | null;
  baselineP95: number | null;
  changePercent: number | null;
  direction: TrendDirection;
  /** Two-sided Mann-Whitney U p-value on hourly means (day vs baseline). */
  pValue: number | null;
  significant: boolean;
  dayHours: number;
  baselineHours: number;
  note: string;
}

export interface CostProjection {
  instanceType: string;
  hourlyInstanceUsd: number;
  fixedHourlyUsd: number;
  monthStart: string;
  monthEnd: string;
  daysInMonth: number;
  daysElapsed: number;
  monthToDateUsd: number;
  /** Share of elapsed month minutes covered by in-service data, in %. */
  monthToDateCoveragePercent: number;
  /** Mean instances in service over the last 7 days (used for the rest of the month). */
  meanInService7d: number;
  projectedMonthUsd: number;
  budgetUsd: number;
  /** projectedMonthUsd / budgetUsd × 100. */
  budgetUsedPercent: number;
  overBudgetUsd: number;
  /** estimateMonthlyCost at maxSize all month (the worst case), 730-hour month. */
  worstCaseMonthlyUsd: number;
  basis: string;
}

export interface ScalingSummary {
  minSize: number;
  maxSize: number;
  meanInService: number | null;
  peakInService: number | null;
  minutesAtMax: number;
  minutesAtMin: number;
  scaleOutEvents: number;
  scaleInEvents: number;
  cpuMean: number | null;
  cpuP95: number | null;
  cpuMax: number | null;
  minutesAboveScaleOut: number;
  minutesBelowScaleIn: number;
  events: { time: string; from: number; to: number }[];
}

export interface DecisionSummary {
  counts: Record<DecisionAction, number>;
  entries: { time: string; action: DecisionAction; from: Thresholds; to: Thresholds; reason: string }[];
  thresholdsAtStart: Thresholds | null;
  thresholdsAtEnd: Thresholds;
  /** The controller in force at the end of the day: "target tracking @ 65 % CPU" or "step 80/35". */
  controllerAtEnd: string;
}

export interface SignalAnomalyLoad {
  signal: SignalName;
  flaggedMinutes: number;
  criticalMinutes: number;
  warningMinutes: number;
  infoMinutes: number;
  ranges: number;
  maxScore: number | null;
  detectors: string[];
}

export interface AnomalySummary {
  available: boolean;
  perSignal: SignalAnomalyLoad[];
  /** Severity-weighted flagged minutes (critical 1, warning 0.5, info 0.1) over all signals. */
  weightedMinutes: number;
  /** weightedMinutes / minutes of the day, in %. */
  loadPercent: number | null;
  /** The trained k-means model, when there is one. */
  model: AnomalyModelSummary | null;
}

export interface SignalQuality {
  signal: SignalName;
  expectedPoints: number;
  presentPoints: number;
  coveragePercent: number;
  longestGapMinutes: number;
}

export interface LearningSummary {
  available: boolean;
  converged: boolean | null;
  /** Learner cycles × learning.cycleHours / 24. */
  daysLearning: number | null;
  cycles: number | null;
  /** Day (since the learner's first cycle) and cycle at which it last declared convergence; null while exploring. */
  convergedSinceDay: number | null;
  convergedAtCycle: number | null;
  /** What is in force at the end of the report day: the threshold pair. */
  inForce: Thresholds;
  lastSafe: Thresholds | null;
  pairsTried: number | null;
  unsafePairs: number | null;
  explorations: number | null;
  backOffs: number | null;
  /** The learner's cumulative SLA attainment over every minute it saw, in % (null without minutes). */
  cumulativeSlaPercent: number | null;
}

/** The k-means anomaly model's training state (not the threshold learner). */
export interface AnomalyModelSummary {
  loss: number | null;
  converged: boolean;
  runs: number;
  samples: number;
  /** Relative change of the loss over the recorded history, in % (negative = improving). */
  lossChangePercent: number | null;
}

export interface DailyReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  stack: string;
  environment: string;
  date: string;
  window: { start: string; end: string };
  baselineWindow: { start: string; end: string };
  stepSeconds: number | null;
  health: HealthSummary;
  sla: SlaSummary;
  trends: SignalTrend[];
  cost: CostProjection;
  scaling: ScalingSummary;
  decisions: DecisionSummary;
  anomalies: AnomalySummary;
  learning: LearningSummary;
  dataQuality: SignalQuality[];
  recommendations: Recommendation[];
  /** Facts about missing or partial inputs. */
  dataGaps: string[];
}
