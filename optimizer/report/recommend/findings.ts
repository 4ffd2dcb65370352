import type { StackConfig } from "../../../infra/config";
import { estimateMonthlyCost, fixedHourlyUsd, instanceHourlyUsd } from "../../../infra/cost/model";
import type { SignalName, Thresholds } from "../../core/types";
import type { DailyReport, Priority, SignalAnomalyLoad, SignalTrend } from "../types";
import { RULE_THRESHOLDS as T } from "./thresholds";

/*
 * The recommendation rules as pure findings: each looks at the computed report parts and says which case holds and
 * the figures that decide it. No wording here (optimizer/report/recommend/wording.ts turns a finding into text and
 * evidence); every limit a rule compares against is in RULE_THRESHOLDS.
 */

/** Everything the rules look at: the already computed parts of the report, the config and the thresholds in force. */
export type RuleContext = Pick<
  DailyReport,
  "sla" | "cost" | "scaling" | "decisions" | "anomalies" | "learning" | "dataQuality" | "trends"
> & {
  config: StackConfig;
  thresholds: Thresholds;
};

/** One finding: its kind (which wording applies), its priority and the figures the rule derived. */
export type Finding =
  | { kind: "sla-missed"; priority: Priority; dominant: "latency" | "errors"; lowerScaleOut: number }
  | { kind: "sla-budget" | "sla-met"; priority: Priority; budgetUsed: number }
  | { kind: "cost-over-budget"; priority: Priority; affordableInstances: number }
  | {
      kind: "cost-near-budget" | "cost-headroom";
      priority: Priority;
      remainingDays: number;
      headroomUsd: number;
      extraInstances: number;
    }
  | {
      kind: "threshold-scale-out-tight" | "threshold-scale-out-headroom";
      priority: Priority;
      gap: number;
      cpuP95: number;
      cpuMax: number;
    }
  | {
      kind: "threshold-flapping" | "capacity-idle-at-min" | "threshold-hysteresis-ok";
      priority: Priority;
      gap: number;
      actions: number;
    }
  | { kind: "capacity-at-max"; priority: Priority; nextMaxSize: number; worstAtNextUsd: number }
  | {
      kind: "capacity-ceiling-high";
      priority: Priority;
      peak: number;
      mean: number;
      share: number;
      lowerMaxSize: number;
      worstAtLowerUsd: number;
    }
  | { kind: "capacity-utilisation"; priority: Priority; peak: number; mean: number; share: number }
  | { kind: "anomalies-missing" | "anomalies-none"; priority: Priority }
  | { kind: "anomalies-signal"; priority: Priority; worst: SignalAnomalyLoad; flaggedSignals: number }
  | { kind: "data-missing"; priority: Priority }
  | {
      kind: "data-gaps" | "data-complete";
      priority: Priority;
      minCoverage: number;
      maxGap: number;
      low: DailyReport["dataQuality"];
    }
  | { kind: "learning-missing" | "learning-converged" | "learning-progress" | "learning-slow"; priority: Priority }
  | { kind: "trend"; priority: Priority; significant: SignalTrend[]; advice: "demand" | "quality" | "baseline" }
  | { kind: "decisions-blocked"; priority: Priority; total: number; reasons: string[] }
  | { kind: "decisions-changed" | "decisions-held"; priority: Priority; total: number }
  | { kind: "errors-above-target"; priority: Priority; sharePercent: number; trend: SignalTrend | undefined };

type Rule = (c: RuleContext) => Finding | null;

/** SLA attainment against the target, and which breach dominates. */
const sla: Rule = ({ sla, thresholds, config }) => {
  if (sla.attainmentPercent === null) return null;
  if (sla.met === false) {
    const lowerScaleOut = Math.max(
      config.learning.scaleOutBand[0],
      thresholds.scaleOutCpuThreshold - config.maxThresholdStepPercent,
    );
    const dominant = sla.latencyBreachMinutes >= sla.errorBreachMinutes ? "latency" : "errors";
    return { kind: "sla-missed", priority: "high", dominant, lowerScaleOut };
  }
  const budgetUsed = sla.errorBudgetUsedPercent ?? 0;
  if (budgetUsed > T.slaBudgetWarnPercent) return { kind: "sla-budget", priority: "medium", budgetUsed };
  return { kind: "sla-met", priority: "low", budgetUsed };
};

/** Month-end projection against the budget. */
const cost: Rule = ({ cost, config }) => {
  const hours = cost.daysInMonth * 24;
  const affordable =
    (cost.budgetUsd - fixedHourlyUsd(config.useNatGateway) * hours) / (instanceHourlyUsd(config.instanceType) * hours);
  if (cost.budgetUsedPercent > T.costOverBudgetPercent)
    return { kind: "cost-over-budget", priority: "high", affordableInstances: Math.max(0, affordable) };
  const remainingDays = cost.daysInMonth - cost.daysElapsed;
  const headroomUsd = cost.budgetUsd - cost.projectedMonthUsd;
  const extraInstances = remainingDays > 0 ? headroomUsd / (remainingDays * 24) / cost.hourlyInstanceUsd : 0;
  const kind = cost.budgetUsedPercent > T.costNearBudgetPercent ? "cost-near-budget" : "cost-headroom";
  return { kind, priority: kind === "cost-near-budget" ? "medium" : "low", remainingDays, headroomUsd, extraInstances };
};

/** Distance between the day's CPU and the scale-out threshold. */
const scaleOutHeadroom: Rule = ({ scaling, thresholds }) => {
  if (scaling.cpuP95 === null || scaling.cpuMax === null) return null;
  const gap = thresholds.scaleOutCpuThreshold - scaling.cpuP95;
  const tight = gap < T.scaleOutTightGapPoints;
  return {
    kind: tight ? "threshold-scale-out-tight" : "threshold-scale-out-headroom",
    priority: tight ? "medium" : "low",
    gap,
    cpuP95: scaling.cpuP95,
    cpuMax: scaling.cpuMax,
  };
};

/** Hysteresis between the two thresholds and how often the fleet changed size. */
const hysteresis: Rule = ({ scaling, thresholds, config }) => {
  if (scaling.meanInService === null) return null;
  const gap = thresholds.scaleOutCpuThreshold - thresholds.scaleInCpuThreshold;
  const actions = scaling.scaleOutEvents + scaling.scaleInEvents;
  if (gap < config.learning.minHysteresis || actions > T.flappingActionsPerDay)
    return { kind: "threshold-flapping", priority: "medium", gap, actions };
  if (
    scaling.minutesAtMin >= T.idleAtMinShare * T.minutesPerDay &&
    scaling.minutesBelowScaleIn >= T.idleBelowScaleInShare * T.minutesPerDay
  )
    return { kind: "capacity-idle-at-min", priority: "medium", gap, actions };
  return { kind: "threshold-hysteresis-ok", priority: "low", gap, actions };
};

/** The month's cost with `max` instances all month (the worst case at that maxSize). */
const worstCaseAt = (config: StackConfig, max: number): number =>
  estimateMonthlyCost({
    instanceType: config.instanceType,
    expectedInstances: max,
    maxInstances: max,
    loadBalancers: 1,
    natGateways: config.useNatGateway ? 1 : 0,
  }).maxMonthlyUsd;

/** Capacity ceiling and utilisation. */
const capacity: Rule = ({ scaling, config }) => {
  if (scaling.meanInService === null || scaling.peakInService === null) return null;
  if (scaling.minutesAtMax > 0) {
    const nextMaxSize = Math.min(T.maxSizeLimit, config.maxSize + 1);
    return { kind: "capacity-at-max", priority: "high", nextMaxSize, worstAtNextUsd: worstCaseAt(config, nextMaxSize) };
  }
  const peak = scaling.peakInService;
  const mean = scaling.meanInService;
  const share = (peak / config.maxSize) * 100;
  if (peak * T.ceilingHighPeakFactor <= config.maxSize && config.maxSize > config.minSize) {
    const lowerMaxSize = Math.max(config.minSize, Math.ceil(peak * T.ceilingHeadroomFactor), 1);
    const worstAtLowerUsd = worstCaseAt(config, lowerMaxSize);
    return { kind: "capacity-ceiling-high", priority: "low", peak, mean, share, lowerMaxSize, worstAtLowerUsd };
  }
  return { kind: "capacity-utilisation", priority: "low", peak, mean, share };
};

/** Which signal carried the anomaly load. */
const anomalies: Rule = ({ anomalies }) => {
  if (!anomalies.available) return { kind: "anomalies-missing", priority: "medium" };
  const worst = [...anomalies.perSignal].sort(
    (a, b) => b.criticalMinutes - a.criticalMinutes || b.flaggedMinutes - a.flaggedMinutes,
  )[0];
  if (!worst || worst.flaggedMinutes === 0) return { kind: "anomalies-none", priority: "low" };
  const flaggedSignals = anomalies.perSignal.filter((s) => s.flaggedMinutes > 0).length;
  return { kind: "anomalies-signal", priority: worst.criticalMinutes > 0 ? "high" : "medium", worst, flaggedSignals };
};

/** Gaps in the metrics. */
const dataQuality: Rule = ({ dataQuality }) => {
  if (dataQuality.every((q) => q.presentPoints === 0)) return { kind: "data-missing", priority: "high" };
  const low = dataQuality.filter((q) => q.coveragePercent < T.dataCompleteCoveragePercent);
  const minCoverage = Math.min(...dataQuality.map((q) => q.coveragePercent));
  const maxGap = Math.max(...dataQuality.map((q) => q.longestGapMinutes));
  if (low.length > 0)
    return {
      kind: "data-gaps",
      priority: minCoverage < T.dataGapsHighCoveragePercent ? "high" : "medium",
      minCoverage,
      maxGap,
      low,
    };
  return { kind: "data-complete", priority: "low", minCoverage, maxGap, low };
};

/** The threshold learner's progress (its state, not the anomaly model's training loss). */
const learning: Rule = ({ learning }) => {
  if (!learning.available) return { kind: "learning-missing", priority: "medium" };
  if (learning.converged) return { kind: "learning-converged", priority: "low" };
  if ((learning.daysLearning ?? 0) >= T.learningSlowDays) return { kind: "learning-slow", priority: "medium" };
  return { kind: "learning-progress", priority: "low" };
};

const QUALITY_SIGNALS: readonly SignalName[] = ["p95LatencyMs", "errorRate"];

/** Significant changes against the baseline. */
const trend: Rule = ({ trends }) => {
  const significant = trends.filter((t) => t.significant && t.changePercent !== null);
  if (significant.length === 0) return null;
  const worrying = significant.some((t) => QUALITY_SIGNALS.includes(t.signal) && t.direction === "up");
  const load = significant.find((t) => t.signal === "requestRate");
  const advice = load && load.direction === "up" ? "demand" : worrying ? "quality" : "baseline";
  return { kind: "trend", priority: worrying ? "medium" : "low", significant, advice };
};

/** The optimizer's own decisions. */
const decisions: Rule = ({ decisions }) => {
  const c = decisions.counts;
  const total = c.changed + c.held + c.refused + c["rolled-back"];
  if (total === 0) return null;
  if (c.refused + c["rolled-back"] > 0) {
    const blocked = decisions.entries.filter((e) => e.action === "refused" || e.action === "rolled-back");
    const reasons = [...new Set(blocked.map((e) => e.reason))].slice(0, T.blockedReasonsQuoted);
    return { kind: "decisions-blocked", priority: "medium", total, reasons };
  }
  return { kind: c.changed > 0 ? "decisions-changed" : "decisions-held", priority: "low", total };
};

/** 5xx minutes above the target. */
const errors: Rule = ({ sla, trends }) => {
  if (sla.errorBreachMinutes <= 0 || sla.evaluatedMinutes <= 0) return null;
  const sharePercent = (sla.errorBreachMinutes / sla.evaluatedMinutes) * 100;
  return {
    kind: "errors-above-target",
    priority: sharePercent > T.errorsHighSharePercent ? "high" : "medium",
    sharePercent,
    trend: trends.find((x) => x.signal === "errorRate"),
  };
};

/** The rules, in the order their findings are listed within one priority. */
export const RULES: readonly Rule[] = [
  sla,
  cost,
  scaleOutHeadroom,
  hysteresis,
  capacity,
  anomalies,
  dataQuality,
  learning,
  trend,
  decisions,
  errors,
];

/** Every finding that applies, in rule order. */
export function deriveFindings(c: RuleContext): Finding[] {
  return RULES.map((r) => r(c)).filter((f): f is Finding => f !== null);
}
