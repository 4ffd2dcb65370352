import { round } from "../series";
import type { Recommendation } from "../types";
import type { Finding, RuleContext } from "./findings";
import { ev, f, type Worded } from "./text";
import { RULE_THRESHOLDS as T } from "./thresholds";
import { wordSignals } from "./wordingSignals";

/*
 * Wording of the findings (optimizer/report/recommend/findings.ts): the recommendation's id, text and evidence.
 * The service side (SLA, cost, thresholds, capacity) is here; anomalies, data, learning, trends, decisions and
 * errors are in wordingSignals.ts.
 */

/** The recommendation a finding stands for. */
export function word(finding: Finding, c: RuleContext): Recommendation {
  const w = wordService(finding, c) ?? wordSignals(finding, c);
  return { id: w.id, priority: finding.priority, text: w.text, evidence: w.evidence };
}

function wordService(x: Finding, c: RuleContext): Worded | null {
  const { sla, cost, scaling, thresholds, config } = c;
  switch (x.kind) {
    case "sla-missed":
    case "sla-budget":
    case "sla-met": {
      const evidence = [
        ev("SLA attainment", sla.attainmentPercent ?? 0, "%"),
        ev("SLA target", sla.targetPercent, "%"),
        ev("bad minutes", sla.badMinutes, "min"),
        ev("latency breach minutes", sla.latencyBreachMinutes, "min"),
        ev("5xx breach minutes", sla.errorBreachMinutes, "min"),
      ];
      const head = `${f(sla.attainmentPercent ?? 0, 3)} % of ${f(sla.evaluatedMinutes, 0)} minutes met p95 ≤ ${sla.latencyThresholdMs} ms and 5xx ≤ ${sla.errorRateTargetPercent} % (target ${sla.targetPercent} %)`;
      if (x.kind === "sla-missed") {
        const action =
          x.dominant === "latency"
            ? `Latency breaches dominate (${f(sla.latencyBreachMinutes, 0)} vs ${f(sla.errorBreachMinutes, 0)} min): lower neuropilot:scaleOutCpuThreshold from ${thresholds.scaleOutCpuThreshold} % toward ${f(x.lowerScaleOut, 1)} % so capacity arrives earlier.`
            : `5xx breaches dominate (${f(sla.errorBreachMinutes, 0)} vs ${f(sla.latencyBreachMinutes, 0)} min): find the source of the errors before tuning thresholds; more instances rarely cure 5xx.`;
        return { id: x.kind, text: `SLA missed: ${head}. ${action}`, evidence };
      }
      const withBudget = [...evidence, ev("error budget used", x.budgetUsed, "%")];
      if (x.kind === "sla-budget")
        return {
          id: x.kind,
          text: `SLA met but ${f(x.budgetUsed, 1)} % of the day's error budget was used: ${head}. Do not raise the scale-out threshold (${thresholds.scaleOutCpuThreshold} %) until budget use stays under ${T.slaBudgetWarnPercent} %.`,
          evidence: withBudget,
        };
      return {
        id: x.kind,
        text: `SLA met with margin: ${head}; ${f(x.budgetUsed, 1)} % of the error budget used, so latency can be traded for cost if spend matters.`,
        evidence: withBudget,
      };
    }
    case "cost-over-budget":
    case "cost-near-budget":
    case "cost-headroom": {
      const evidence = [
        ev("projected month-end cost", cost.projectedMonthUsd, "USD"),
        ev("monthly budget", cost.budgetUsd, "USD"),
        ev("budget used by projection", cost.budgetUsedPercent, "%"),
        ev("mean instances in service (7 d)", cost.meanInService7d, "instances"),
      ];
      const projected = `Projected month-end cost $${f(cost.projectedMonthUsd)}`;
      if (x.kind === "cost-over-budget")
        return {
          id: x.kind,
          text: `${projected} exceeds the $${f(cost.budgetUsd)} budget by $${f(cost.overBudgetUsd)} (${f(cost.budgetUsedPercent, 1)} %). The budget pays for ${f(x.affordableInstances)} ${config.instanceType} instances on average against ${f(cost.meanInService7d)} over the last 7 days: raise neuropilot:scaleInCpuThreshold, lower maxSize (${config.maxSize}) or raise the budget.`,
          evidence: [...evidence, ev("affordable mean instances", round(x.affordableInstances, 2), "instances")],
        };
      const share = `${f(cost.budgetUsedPercent, 1)} % of the $${f(cost.budgetUsd)} budget`;
      if (x.kind === "cost-near-budget")
        return {
          id: x.kind,
          text: `${projected} is ${share}: $${f(x.headroomUsd)} left, room for only ${f(x.extraInstances, 1)} more instances on average over the remaining ${f(x.remainingDays, 1)} days. Avoid raising minSize (${config.minSize}) this month.`,
          evidence: [...evidence, ev("headroom", round(x.headroomUsd), "USD")],
        };
      return {
        id: x.kind,
        text: `${projected} is ${share}: $${f(x.headroomUsd)} of headroom, room for ${f(x.extraInstances, 1)} more ${config.instanceType} instances on average over the remaining ${f(x.remainingDays, 1)} days if latency needs more capacity.`,
        evidence: [
          ...evidence,
          ev("headroom", round(x.headroomUsd), "USD"),
          ev("affordable extra instances", round(x.extraInstances, 1), "instances"),
        ],
      };
    }
    case "threshold-scale-out-tight":
    case "threshold-scale-out-headroom": {
      const t = thresholds.scaleOutCpuThreshold;
      const evidence = [
        ev("scale-out threshold", t, "%"),
        ev("CPU p95", x.cpuP95, "%"),
        ev("CPU max", x.cpuMax, "%"),
        ev("minutes above scale-out threshold", scaling.minutesAboveScaleOut, "min"),
        ev("scale-out actions", scaling.scaleOutEvents, "actions"),
      ];
      if (x.kind === "threshold-scale-out-tight")
        return {
          id: x.kind,
          text: `CPU p95 ${f(x.cpuP95, 1)} % is ${f(x.gap, 1)} points from the scale-out threshold ${t} % (${f(scaling.minutesAboveScaleOut, 0)} minutes above it, ${scaling.scaleOutEvents} scale-outs): the base load sits near the trigger; raise minSize from ${config.minSize} to ${Math.min(config.maxSize, config.minSize + 1)} rather than raising the threshold.`,
          evidence,
        };
      const tail =
        sla.met === false
          ? `the SLA was missed while CPU stayed below the trigger, so latency is not CPU-bound here; tune the latency alarm (${config.latencyThresholdMs} ms) or the application instead.`
          : `CPU never forces capacity for long; the learner may keep or raise it within its band [${config.learning.scaleOutBand[0]}, ${config.learning.scaleOutBand[1]}] %.`;
      return {
        id: x.kind,
        text: `Scale-out threshold ${t} % sits ${f(x.gap, 1)} points above CPU p95 ${f(x.cpuP95, 1)} % (max ${f(x.cpuMax, 1)} %, ${f(scaling.minutesAboveScaleOut, 0)} minutes above): ${tail}`,
        evidence,
      };
    }
    case "threshold-flapping":
    case "capacity-idle-at-min":
    case "threshold-hysteresis-ok": {
      const evidence = [
        ev("threshold gap", round(x.gap, 1), "points"),
        ev("minimum hysteresis", config.learning.minHysteresis, "points"),
        ev("scaling actions", x.actions, "actions"),
        ev("minutes below scale-in threshold", scaling.minutesBelowScaleIn, "min"),
        ev("minutes at minSize", scaling.minutesAtMin, "min"),
      ];
      const counts = `${x.actions} scaling actions (${scaling.scaleOutEvents} out, ${scaling.scaleInEvents} in)`;
      const text =
        x.kind === "threshold-flapping"
          ? `${counts} with a ${f(x.gap, 1)}-point gap between scale-out ${thresholds.scaleOutCpuThreshold} % and scale-in ${thresholds.scaleInCpuThreshold} % (minimum ${config.learning.minHysteresis}): widen the gap by lowering the scale-in threshold to curb flapping.`
          : x.kind === "capacity-idle-at-min"
            ? `The fleet sat at minSize (${config.minSize}) for ${f(scaling.minutesAtMin, 0)} minutes with CPU under the scale-in threshold ${thresholds.scaleInCpuThreshold} % for ${f(scaling.minutesBelowScaleIn, 0)} minutes: the scale-in alarm cannot act; a smaller instance type than ${config.instanceType} or a lower minSize would cut cost.`
            : `${counts} with a ${f(x.gap, 1)}-point gap (minimum ${config.learning.minHysteresis}); CPU was under the scale-in threshold ${thresholds.scaleInCpuThreshold} % for ${f(scaling.minutesBelowScaleIn, 0)} minutes: hysteresis is adequate, no change needed.`;
      return { id: x.kind, text, evidence };
    }
    case "capacity-at-max":
    case "capacity-ceiling-high":
    case "capacity-utilisation": {
      const evidence = [
        ev("mean instances in service", scaling.meanInService ?? 0, "instances"),
        ev("peak instances in service", scaling.peakInService ?? 0, "instances"),
        ev("maxSize", config.maxSize, "instances"),
        ev("minutes at maxSize", scaling.minutesAtMax, "min"),
      ];
      const worstEvidence = ev("worst-case monthly cost", cost.worstCaseMonthlyUsd, "USD");
      if (x.kind === "capacity-at-max")
        return {
          id: x.kind,
          text: `The fleet ran at maxSize (${config.maxSize}) for ${f(scaling.minutesAtMax, 0)} minutes: demand may exceed the ceiling. Raising maxSize to ${x.nextMaxSize} moves the worst case from $${f(cost.worstCaseMonthlyUsd)} to $${f(x.worstAtNextUsd)} per month (budget $${f(config.monthlyBudgetUsd)}).`,
          evidence: [...evidence, worstEvidence],
        };
      if (x.kind === "capacity-ceiling-high")
        return {
          id: x.kind,
          text: `Peak ${x.peak} instances used ${f(x.share, 0)} % of maxSize ${config.maxSize} (mean ${f(x.mean)}): a maxSize of ${x.lowerMaxSize} still leaves ${f((T.ceilingHeadroomFactor - 1) * 100, 0)} % above the peak and caps the worst case at $${f(x.worstAtLowerUsd)} instead of $${f(cost.worstCaseMonthlyUsd)} per month.`,
          evidence: [...evidence, worstEvidence],
        };
      return {
        id: x.kind,
        text: `Peak ${x.peak} of maxSize ${config.maxSize} instances (${f(x.share, 0)} %), mean ${f(x.mean)}, never at the ceiling: the capacity range [${config.minSize}, ${config.maxSize}] fits the day's demand.`,
        evidence,
      };
    }
    default:
      return null;
  }
}
