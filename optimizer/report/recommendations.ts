import type { StackConfig } from "../../infra/config";
import { estimateMonthlyCost, fixedHourlyUsd, instanceHourlyUsd } from "../../infra/cost/model";
import type { Thresholds } from "../core/types";
import { round } from "./series";
import type { DailyReport, Evidence, Priority, Recommendation } from "./types";

/** Everything the rules look at: the already computed parts of the report, the config and the thresholds in force. */
export type RuleContext = Pick<
  DailyReport,
  "sla" | "cost" | "scaling" | "decisions" | "anomalies" | "learning" | "dataQuality" | "trends"
> & {
  config: StackConfig;
  thresholds: Thresholds;
};

type Rule = (c: RuleContext) => Recommendation | null;

const ev = (name: string, value: number, unit: string): Evidence => ({ name, value, unit });
const rec = (id: string, priority: Priority, text: string, evidence: Evidence[]): Recommendation => ({
  id,
  priority,
  text,
  evidence,
});
const f = (x: number, d = 2): string => String(round(x, d));

/** SLA attainment against the target, and which breach dominates. */
const slaRule: Rule = ({ sla, thresholds, config }) => {
  if (sla.attainmentPercent === null) return null;
  const evidence = [
    ev("SLA attainment", sla.attainmentPercent, "%"),
    ev("SLA target", sla.targetPercent, "%"),
    ev("bad minutes", sla.badMinutes, "min"),
    ev("latency breach minutes", sla.latencyBreachMinutes, "min"),
    ev("5xx breach minutes", sla.errorBreachMinutes, "min"),
  ];
  const head = `${f(sla.attainmentPercent, 3)} % of ${f(sla.evaluatedMinutes, 0)} minutes met p95 ≤ ${sla.latencyThresholdMs} ms and 5xx ≤ ${sla.errorRateTargetPercent} % (target ${sla.targetPercent} %)`;
  if (sla.met === false) {
    const lower = Math.max(
      config.learning.scaleOutBand[0],
      thresholds.scaleOutCpuThreshold - config.maxThresholdStepPercent,
    );
    const action =
      sla.latencyBreachMinutes >= sla.errorBreachMinutes
        ? `Latency breaches dominate (${f(sla.latencyBreachMinutes, 0)} vs ${f(sla.errorBreachMinutes, 0)} min): lower neuropilot:scaleOutCpuThreshold from ${thresholds.scaleOutCpuThreshold} % toward ${f(lower, 1)} % so capacity arrives earlier.`
        : `5xx breaches dominate (${f(sla.errorBreachMinutes, 0)} vs ${f(sla.latencyBreachMinutes, 0)} min): find the source of the errors before tuning thresholds; more instances rarely cure 5xx.`;
    return rec("sla-missed", "high", `SLA missed: ${head}. ${action}`, evidence);
  }
  const used = sla.errorBudgetUsedPercent ?? 0;
  if (used > 50)
    return rec(
      "sla-budget",
      "medium",
      `SLA met but ${f(used, 1)} % of the day's error budget was used: ${head}. Do not raise the scale-out threshold (${thresholds.scaleOutCpuThreshold} %) until budget use stays under 50 %.`,
      [...evidence, ev("error budget used", used, "%")],
    );
  return rec(
    "sla-met",
    "low",
    `SLA met with margin: ${head}; ${f(used, 1)} % of the error budget used, so latency can be traded for cost if spend matters.`,
    [...evidence, ev("error budget used", used, "%")],
  );
};

/** Month-end projection against the budget. */
const costRule: Rule = ({ cost, config }) => {
  const evidence = [
    ev("projected month-end cost", cost.projectedMonthUsd, "USD"),
    ev("monthly budget", cost.budgetUsd, "USD"),
    ev("budget used by projection", cost.budgetUsedPercent, "%"),
    ev("mean instances in service (7 d)", cost.meanInService7d, "instances"),
  ];
  const hours = cost.daysInMonth * 24;
  const affordable =
    (cost.budgetUsd - fixedHourlyUsd(config.useNatGateway) * hours) / (instanceHourlyUsd(config.instanceType) * hours);
  if (cost.budgetUsedPercent > 100)
    return rec(
      "cost-over-budget",
      "high",
      `Projected month-end cost $${f(cost.projectedMonthUsd)} exceeds the $${f(cost.budgetUsd)} budget by $${f(cost.overBudgetUsd)} (${f(cost.budgetUsedPercent, 1)} %). The budget pays for ${f(Math.max(0, affordable))} ${config.instanceType} instances on average against ${f(cost.meanInService7d)} over the last 7 days: raise neuropilot:scaleInCpuThreshold, lower maxSize (${config.maxSize}) or raise the budget.`,
      [...evidence, ev("affordable mean instances", round(Math.max(0, affordable), 2), "instances")],
    );
  const remainingDays = cost.daysInMonth - cost.daysElapsed;
  const headroom = cost.budgetUsd - cost.projectedMonthUsd;
  const extraInstances = remainingDays > 0 ? headroom / (remainingDays * 24) / cost.hourlyInstanceUsd : 0;
  if (cost.budgetUsedPercent > 90)
    return rec(
      "cost-near-budget",
      "medium",
      `Projected month-end cost $${f(cost.projectedMonthUsd)} is ${f(cost.budgetUsedPercent, 1)} % of the $${f(cost.budgetUsd)} budget: $${f(headroom)} left, room for only ${f(extraInstances, 1)} more instances on average over the remaining ${f(remainingDays, 1)} days. Avoid raising minSize (${config.minSize}) this month.`,
      [...evidence, ev("headroom", round(headroom), "USD")],
    );
  return rec(
    "cost-headroom",
    "low",
    `Projected month-end cost $${f(cost.projectedMonthUsd)} is ${f(cost.budgetUsedPercent, 1)} % of the $${f(cost.budgetUsd)} budget: $${f(headroom)} of headroom, room for ${f(extraInstances, 1)} more ${config.instanceType} instances on average over the remaining ${f(remainingDays, 1)} days if latency needs more capacity.`,
    [
      ...evidence,
      ev("headroom", round(headroom), "USD"),
      ev("affordable extra instances", round(extraInstances, 1), "instances"),
    ],
  );
};

/** Distance between the day's CPU and the scale-out threshold. */
const scaleOutHeadroomRule: Rule = ({ scaling, thresholds, sla, config }) => {
  if (scaling.cpuP95 === null || scaling.cpuMax === null) return null;
  const t = thresholds.scaleOutCpuThreshold;
  const gap = t - scaling.cpuP95;
  const evidence = [
    ev("scale-out threshold", t, "%"),
    ev("CPU p95", scaling.cpuP95, "%"),
    ev("CPU max", scaling.cpuMax, "%"),
    ev("minutes above scale-out threshold", scaling.minutesAboveScaleOut, "min"),
    ev("scale-out actions", scaling.scaleOutEvents, "actions"),
  ];
  if (gap < 5)
    return rec(
      "threshold-scale-out-tight",
      "medium",
      `CPU p95 ${f(scaling.cpuP95, 1)} % is ${f(gap, 1)} points from the scale-out threshold ${t} % (${f(scaling.minutesAboveScaleOut, 0)} minutes above it, ${scaling.scaleOutEvents} scale-outs): the base load sits near the trigger; raise minSize from ${config.minSize} to ${Math.min(config.maxSize, config.minSize + 1)} rather than raising the threshold.`,
      evidence,
    );
  const tail =
    sla.met === false
      ? `the SLA was missed while CPU stayed below the trigger, so latency is not CPU-bound here; tune the latency alarm (${config.latencyThresholdMs} ms) or the application instead.`
      : `CPU never forces capacity for long; the learner may keep or raise it within its band [${config.learning.scaleOutBand[0]}, ${config.learning.scaleOutBand[1]}] %.`;
  return rec(
    "threshold-scale-out-headroom",
    "low",
    `Scale-out threshold ${t} % sits ${f(gap, 1)} points above CPU p95 ${f(scaling.cpuP95, 1)} % (max ${f(scaling.cpuMax, 1)} %, ${f(scaling.minutesAboveScaleOut, 0)} minutes above): ${tail}`,
    evidence,
  );
};

/** Hysteresis between the two thresholds and how often the fleet changed size. */
const hysteresisRule: Rule = ({ scaling, thresholds, config }) => {
  if (scaling.meanInService === null) return null;
  const gap = thresholds.scaleOutCpuThreshold - thresholds.scaleInCpuThreshold;
  const actions = scaling.scaleOutEvents + scaling.scaleInEvents;
  const evidence = [
    ev("threshold gap", round(gap, 1), "points"),
    ev("minimum hysteresis", config.learning.minHysteresis, "points"),
    ev("scaling actions", actions, "actions"),
    ev("minutes below scale-in threshold", scaling.minutesBelowScaleIn, "min"),
    ev("minutes at minSize", scaling.minutesAtMin, "min"),
  ];
  if (gap < config.learning.minHysteresis || actions > 12)
    return rec(
      "threshold-flapping",
      "medium",
      `${actions} scaling actions (${scaling.scaleOutEvents} out, ${scaling.scaleInEvents} in) with a ${f(gap, 1)}-point gap between scale-out ${thresholds.scaleOutCpuThreshold} % and scale-in ${thresholds.scaleInCpuThreshold} % (minimum ${config.learning.minHysteresis}): widen the gap by lowering the scale-in threshold to curb flapping.`,
      evidence,
    );
  if (scaling.minutesAtMin >= 0.9 * 1440 && scaling.minutesBelowScaleIn >= 0.5 * 1440)
    return rec(
      "capacity-idle-at-min",
      "medium",
      `The fleet sat at minSize (${config.minSize}) for ${f(scaling.minutesAtMin, 0)} minutes with CPU under the scale-in threshold ${thresholds.scaleInCpuThreshold} % for ${f(scaling.minutesBelowScaleIn, 0)} minutes: the scale-in alarm cannot act; a smaller instance type than ${config.instanceType} or a lower minSize would cut cost.`,
      evidence,
    );
  return rec(
    "threshold-hysteresis-ok",
    "low",
    `${actions} scaling actions (${scaling.scaleOutEvents} out, ${scaling.scaleInEvents} in) with a ${f(gap, 1)}-point gap (minimum ${config.learning.minHysteresis}); CPU was under the scale-in threshold ${thresholds.scaleInCpuThreshold} % for ${f(scaling.minutesBelowScaleIn, 0)} minutes: hysteresis is adequate, no change needed.`,
    evidence,
  );
};

/** Capacity ceiling and utilisation. */
const capacityRule: Rule = ({ scaling, config, cost }) => {
  if (scaling.meanInService === null || scaling.peakInService === null) return null;
  const evidence = [
    ev("mean instances in service", scaling.meanInService, "instances"),
    ev("peak instances in service", scaling.peakInService, "instances"),
    ev("maxSize", config.maxSize, "instances"),
    ev("minutes at maxSize", scaling.minutesAtMax, "min"),
  ];
  const worstAt = (max: number) =>
    estimateMonthlyCost({
      instanceType: config.instanceType,
      expectedInstances: max,
      maxInstances: max,
      loadBalancers: 1,
      natGateways: config.useNatGateway ? 1 : 0,
    }).maxMonthlyUsd;
  if (scaling.minutesAtMax > 0) {
    const next = Math.min(100, config.maxSize + 1);
    return rec(
      "capacity-at-max",
      "high",
      `The fleet ran at maxSize (${config.maxSize}) for ${f(scaling.minutesAtMax, 0)} minutes: demand may exceed the ceiling. Raising maxSize to ${next} moves the worst case from $${f(cost.worstCaseMonthlyUsd)} to $${f(worstAt(next))} per month (budget $${f(config.monthlyBudgetUsd)}).`,
      [...evidence, ev("worst-case monthly cost", cost.worstCaseMonthlyUsd, "USD")],
    );
  }
  const share = (scaling.peakInService / config.maxSize) * 100;
  if (scaling.peakInService * 2 <= config.maxSize && config.maxSize > config.minSize) {
    const lower = Math.max(config.minSize, Math.ceil(scaling.peakInService * 1.5), 1);
    return rec(
      "capacity-ceiling-high",
      "low",
      `Peak ${scaling.peakInService} instances used ${f(share, 0)} % of maxSize ${config.maxSize} (mean ${f(scaling.meanInService)}): a maxSize of ${lower} still leaves 50 % above the peak and caps the worst case at $${f(worstAt(lower))} instead of $${f(cost.worstCaseMonthlyUsd)} per month.`,
      [...evidence, ev("worst-case monthly cost", cost.worstCaseMonthlyUsd, "USD")],
    );
  }
  return rec(
    "capacity-utilisation",
    "low",
    `Peak ${scaling.peakInService} of maxSize ${config.maxSize} instances (${f(share, 0)} %), mean ${f(scaling.meanInService)}, never at the ceiling: the capacity range [${config.minSize}, ${config.maxSize}] fits the day's demand.`,
    evidence,
  );
};

/** Which signal carried the anomaly load. */
const anomalyRule: Rule = ({ anomalies, config }) => {
  if (!anomalies.available)
    return rec(
      "anomalies-missing",
      "medium",
      "No anomaly summaries were available for the day, so the health score leaves anomalies out (weight 20 %): run the detection cycle so the report can weigh them.",
      [ev("signals with anomaly data", 0, "signals")],
    );
  const worst = [...anomalies.perSignal].sort(
    (a, b) => b.criticalMinutes - a.criticalMinutes || b.flaggedMinutes - a.flaggedMinutes,
  )[0];
  if (!worst || worst.flaggedMinutes === 0)
    return rec(
      "anomalies-none",
      "low",
      `No anomaly flagged on any of the ${anomalies.perSignal.length} signals (load ${f(anomalies.loadPercent ?? 0)} %) at detection sensitivity ${config.detection.sensitivity}; if incidents went unnoticed, raise neuropilot:detection.sensitivity.`,
      [
        ev("weighted anomaly minutes", anomalies.weightedMinutes, "min"),
        ev("detection sensitivity", config.detection.sensitivity, "0..1"),
      ],
    );
  const flaggedSignals = anomalies.perSignal.filter((s) => s.flaggedMinutes > 0).length;
  return rec(
    `anomalies-${worst.signal}`,
    worst.criticalMinutes > 0 ? "high" : "medium",
    `${worst.signal} carried the most anomalies: ${f(worst.flaggedMinutes, 0)} flagged minutes (${f(worst.criticalMinutes, 0)} critical) in ${worst.ranges} range${worst.ranges === 1 ? "" : "s"}, max score ${worst.maxScore ?? "n/a"}, detectors ${worst.detectors.join(", ") || "unnamed"}; ${flaggedSignals} of ${anomalies.perSignal.length} signals flagged, load ${f(anomalies.loadPercent ?? 0)} % of the day. Review those ranges on the chart before accepting the day's threshold changes.`,
    [
      ev(`${worst.signal} flagged minutes`, worst.flaggedMinutes, "min"),
      ev(`${worst.signal} critical minutes`, worst.criticalMinutes, "min"),
      ev("signals flagged", flaggedSignals, "signals"),
      ev("weighted anomaly load", anomalies.loadPercent ?? 0, "%"),
    ],
  );
};

/** Gaps in the metrics. */
const dataQualityRule: Rule = ({ dataQuality }) => {
  if (dataQuality.every((q) => q.presentPoints === 0))
    return rec(
      "data-missing",
      "high",
      `No metric points for the day on any of the ${dataQuality.length} signals: SLA, trends and capacity cannot be assessed; check the Prometheus source and the runner.`,
      [ev("signals without data", dataQuality.length, "signals")],
    );
  const low = dataQuality.filter((q) => q.coveragePercent < 99);
  const minCov = Math.min(...dataQuality.map((q) => q.coveragePercent));
  const maxGap = Math.max(...dataQuality.map((q) => q.longestGapMinutes));
  const evidence = [ev("lowest coverage", minCov, "%"), ev("longest gap", maxGap, "min")];
  if (low.length > 0)
    return rec(
      "data-gaps",
      minCov < 90 ? "high" : "medium",
      `Coverage under 99 %: ${low.map((q) => `${q.signal} ${f(q.coveragePercent, 1)} % (longest gap ${f(q.longestGapMinutes, 0)} min)`).join(", ")}; SLA and trends skip missing minutes, so check the scrape of these series.`,
      [...evidence, ev("signals under 99 %", low.length, "signals")],
    );
  return rec(
    "data-complete",
    "low",
    `All ${dataQuality.length} signals are at least ${f(minCov, 1)} % complete (longest gap ${f(maxGap, 0)} min): the day's figures rest on full data.`,
    evidence,
  );
};

/** Learner progress. */
const learningRule: Rule = ({ learning, thresholds, config }) => {
  if (!learning.available)
    return rec(
      "learning-missing",
      "medium",
      `No learning status was available: the thresholds (${thresholds.scaleOutCpuThreshold} % / ${thresholds.scaleInCpuThreshold} %) are not being learned; run the learning cycle every ${config.learning.cycleHours} h.`,
      [ev("learning cycle", config.learning.cycleHours, "h")],
    );
  const evidence = [
    ev("days learning", learning.daysLearning ?? 0, "days"),
    ev("samples", learning.samples ?? 0, "samples"),
    ...(learning.loss !== null ? [ev("loss", learning.loss, "")] : []),
    ...(learning.lossChangePercent !== null ? [ev("loss change", learning.lossChangePercent, "%")] : []),
  ];
  const lossText = learning.loss !== null ? `loss ${learning.loss}` : "no loss yet";
  const changeText =
    learning.lossChangePercent !== null ? `, ${f(learning.lossChangePercent, 1)} % over its history` : "";
  if (learning.converged)
    return rec(
      "learning-converged",
      "low",
      `The learner converged (${lossText}${changeText}, ${learning.samples} samples over ${learning.daysLearning} days): thresholds ${thresholds.scaleOutCpuThreshold} % / ${thresholds.scaleInCpuThreshold} % are its settled choice; revisit only if traffic shifts.`,
      evidence,
    );
  const stalled = learning.lossChangePercent !== null && learning.lossChangePercent > -1;
  if ((learning.daysLearning ?? 0) >= 7)
    return rec(
      "learning-slow",
      "medium",
      `The learner has not converged after ${learning.daysLearning} days (${lossText}${changeText}, ${learning.samples} samples)${stalled ? ", and the loss is no longer falling" : ""}: narrow neuropilot:learning.scaleOutBand [${config.learning.scaleOutBand.join(", ")}] around ${thresholds.scaleOutCpuThreshold} % to speed it up.`,
      evidence,
    );
  return rec(
    "learning-progress",
    "low",
    `The learner is ${learning.daysLearning} days in (${lossText}${changeText}, ${learning.samples} samples) and not converged yet; leave its band as is for now.`,
    evidence,
  );
};

/** Significant changes against the baseline. */
const trendRule: Rule = ({ trends }) => {
  const sig = trends.filter((t) => t.significant && t.changePercent !== null);
  if (sig.length === 0) return null;
  const worrying = sig.some((t) => (t.signal === "p95LatencyMs" || t.signal === "errorRate") && t.direction === "up");
  const parts = sig.map(
    (t) => `${t.signal} ${t.changePercent! > 0 ? "+" : ""}${f(t.changePercent!, 1)} % (p = ${t.pValue})`,
  );
  const load = sig.find((t) => t.signal === "requestRate");
  const advice =
    load && load.direction === "up"
      ? "demand is rising: check that maxSize and the budget still cover the new level."
      : worrying
        ? "service quality is drifting: look at the chart for when it started."
        : "the service behaves differently from last week: the learner's baseline may need time to adapt.";
  return rec(
    `trend-${sig.map((t) => t.signal).join("-")}`,
    worrying ? "medium" : "low",
    `Significant change vs the 7-day baseline: ${parts.join(", ")}; ${advice}`,
    sig.flatMap((t) => [ev(`${t.signal} change`, t.changePercent!, "%"), ev(`${t.signal} p-value`, t.pValue ?? 1, "")]),
  );
};

/** The optimizer's own decisions. */
const decisionRule: Rule = ({ decisions, sla }) => {
  const c = decisions.counts;
  const total = c.changed + c.held + c.refused + c["rolled-back"];
  if (total === 0) return null;
  const evidence = [
    ev("changed", c.changed, "decisions"),
    ev("held", c.held, "decisions"),
    ev("refused", c.refused, "decisions"),
    ev("rolled back", c["rolled-back"], "decisions"),
  ];
  if (c.refused + c["rolled-back"] > 0) {
    const reasons = [
      ...new Set(
        decisions.entries.filter((e) => e.action === "refused" || e.action === "rolled-back").map((e) => e.reason),
      ),
    ].slice(0, 3);
    return rec(
      "decisions-blocked",
      "medium",
      `${c.refused} refused and ${c["rolled-back"]} rolled-back decisions out of ${total}: ${reasons.map((r) => `"${r}"`).join("; ")}; resolve these causes so the optimizer can act.`,
      evidence,
    );
  }
  if (c.changed > 0) {
    const s = decisions.thresholdsAtStart;
    const e = decisions.thresholdsAtEnd;
    const moved = s
      ? `scale-out ${s.scaleOutCpuThreshold} → ${e.scaleOutCpuThreshold} %, scale-in ${s.scaleInCpuThreshold} → ${e.scaleInCpuThreshold} %`
      : `now ${e.scaleOutCpuThreshold} % / ${e.scaleInCpuThreshold} %`;
    return rec(
      "decisions-changed",
      "low",
      `Thresholds changed ${c.changed} time(s) today (${moved}); compare tomorrow's SLA attainment with today's ${sla.attainmentPercent ?? "n/a"} % before further changes.`,
      evidence,
    );
  }
  return rec(
    "decisions-held",
    "low",
    `All ${total} decisions held the thresholds: the optimizer saw no gain worth a change today.`,
    evidence,
  );
};

/** 5xx minutes above the target. */
const errorRule: Rule = ({ sla, trends }) => {
  if (sla.errorBreachMinutes <= 0 || sla.evaluatedMinutes <= 0) return null;
  const t = trends.find((x) => x.signal === "errorRate");
  const share = (sla.errorBreachMinutes / sla.evaluatedMinutes) * 100;
  return rec(
    "errors-above-target",
    share > 1 ? "high" : "medium",
    `5xx share was above ${sla.errorRateTargetPercent} % for ${f(sla.errorBreachMinutes, 0)} minutes (${f(share, 2)} % of the day; day mean ${t?.dayMean ?? "n/a"} %, p95 ${t?.dayP95 ?? "n/a"} %): inspect the application logs for those minutes.`,
    [
      ev("5xx breach minutes", sla.errorBreachMinutes, "min"),
      ev("share of the day", round(share, 2), "%"),
      ...(t?.dayP95 != null ? [ev("5xx p95", t.dayP95, "%")] : []),
    ],
  );
};

export const RULES: readonly Rule[] = [
  slaRule,
  costRule,
  scaleOutHeadroomRule,
  hysteresisRule,
  capacityRule,
  anomalyRule,
  dataQualityRule,
  learningRule,
  trendRule,
  decisionRule,
  errorRule,
];

const ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

/** Every rule that fires, highest priority first (rule order within a priority). */
export function deriveRecommendations(c: RuleContext): Recommendation[] {
  const out = RULES.map((r) => r(c)).filter((r): r is Recommendation => r !== null);
  return out
    .map((r, i) => ({ r, i }))
    .sort((a, b) => ORDER[a.r.priority] - ORDER[b.r.priority] || a.i - b.i)
    .map((x) => x.r);
}
