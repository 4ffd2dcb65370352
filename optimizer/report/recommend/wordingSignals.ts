import { round } from "../series";
import type { Finding, RuleContext } from "./findings";
import { ev, f, type Worded } from "./text";
import { RULE_THRESHOLDS as T } from "./thresholds";

/** Wording of the anomaly, data-quality, learning, trend, decision and error findings (see wording.ts). */
export function wordSignals(x: Finding, c: RuleContext): Worded {
  const { anomalies, learning, thresholds, config, decisions, sla } = c;
  switch (x.kind) {
    case "anomalies-missing":
      return {
        id: x.kind,
        text: "No anomaly summaries were available for the day, so the health score leaves anomalies out (weight 20 %): run the detection cycle so the report can weigh them.",
        evidence: [ev("signals with anomaly data", 0, "signals")],
      };
    case "anomalies-none":
      return {
        id: x.kind,
        text: `No anomaly flagged on any of the ${anomalies.perSignal.length} signals (load ${f(anomalies.loadPercent ?? 0)} %) at detection sensitivity ${config.detection.sensitivity}; if incidents went unnoticed, raise neuropilot:detection.sensitivity.`,
        evidence: [
          ev("weighted anomaly minutes", anomalies.weightedMinutes, "min"),
          ev("detection sensitivity", config.detection.sensitivity, "0..1"),
        ],
      };
    case "anomalies-signal": {
      const w = x.worst;
      return {
        id: `anomalies-${w.signal}`,
        text: `${w.signal} carried the most anomalies: ${f(w.flaggedMinutes, 0)} flagged minutes (${f(w.criticalMinutes, 0)} critical) in ${w.ranges} range${w.ranges === 1 ? "" : "s"}, max score ${w.maxScore ?? "n/a"}, detectors ${w.detectors.join(", ") || "unnamed"}; ${x.flaggedSignals} of ${anomalies.perSignal.length} signals flagged, load ${f(anomalies.loadPercent ?? 0)} % of the day. Review those ranges on the chart before accepting the day's threshold changes.`,
        evidence: [
          ev(`${w.signal} flagged minutes`, w.flaggedMinutes, "min"),
          ev(`${w.signal} critical minutes`, w.criticalMinutes, "min"),
          ev("signals flagged", x.flaggedSignals, "signals"),
          ev("weighted anomaly load", anomalies.loadPercent ?? 0, "%"),
        ],
      };
    }
    case "data-missing":
      return {
        id: x.kind,
        text: `No metric points for the day on any of the ${c.dataQuality.length} signals: SLA, trends and capacity cannot be assessed; check the Prometheus source and the runner.`,
        evidence: [ev("signals without data", c.dataQuality.length, "signals")],
      };
    case "data-gaps":
    case "data-complete": {
      const evidence = [ev("lowest coverage", x.minCoverage, "%"), ev("longest gap", x.maxGap, "min")];
      if (x.kind === "data-gaps")
        return {
          id: x.kind,
          text: `Coverage under ${T.dataCompleteCoveragePercent} %: ${x.low.map((q) => `${q.signal} ${f(q.coveragePercent, 1)} % (longest gap ${f(q.longestGapMinutes, 0)} min)`).join(", ")}; SLA and trends skip missing minutes, so check the scrape of these series.`,
          evidence: [...evidence, ev(`signals under ${T.dataCompleteCoveragePercent} %`, x.low.length, "signals")],
        };
      return {
        id: x.kind,
        text: `All ${c.dataQuality.length} signals are at least ${f(x.minCoverage, 1)} % complete (longest gap ${f(x.maxGap, 0)} min): the day's figures rest on full data.`,
        evidence,
      };
    }
    case "learning-missing":
      return {
        id: x.kind,
        text: `No learning status was available: the thresholds (${thresholds.scaleOutCpuThreshold} % / ${thresholds.scaleInCpuThreshold} %) are not being learned; run the learning cycle every ${config.learning.cycleHours} h.`,
        evidence: [ev("learning cycle", config.learning.cycleHours, "h")],
      };
    case "learning-converged":
    case "learning-slow":
    case "learning-progress": {
      const l = learning;
      const pair = `${l.inForce.scaleOutCpuThreshold} % / ${l.inForce.scaleInCpuThreshold} %`;
      const evidence = [
        ev("days learning", l.daysLearning ?? 0, "days"),
        ev("learner cycles", l.cycles ?? 0, "cycles"),
        ev("explorations", l.explorations ?? 0, "decisions"),
        ev("back-offs", l.backOffs ?? 0, "decisions"),
        ev("pairs tried", l.pairsTried ?? 0, "pairs"),
        ...(l.convergedSinceDay !== null ? [ev("converged on day", l.convergedSinceDay, "day")] : []),
      ];
      const path = `${l.explorations} exploration${l.explorations === 1 ? "" : "s"} and ${l.backOffs} back-off${l.backOffs === 1 ? "" : "s"}, ${l.pairsTried} pairs tried, ${l.unsafePairs} unsafe`;
      const text =
        x.kind === "learning-converged"
          ? `The threshold learner converged on day ${l.convergedSinceDay ?? "n/a"} (cycle ${l.convergedAtCycle ?? "n/a"}) and is ${l.daysLearning} days in (${path}): ${pair} is its settled choice; revisit only if traffic shifts.`
          : x.kind === "learning-slow"
            ? `The threshold learner has not converged after ${l.daysLearning} days (${path}; ${pair} in force): narrow neuropilot:learning.scaleOutBand [${config.learning.scaleOutBand.join(", ")}] around ${thresholds.scaleOutCpuThreshold} % to speed it up.`
            : `The threshold learner is ${l.daysLearning} days in (${path}; ${pair} in force) and not converged yet; leave its band as is for now.`;
      return { id: x.kind, text, evidence };
    }
    case "trend": {
      const parts = x.significant.map(
        (t) => `${t.signal} ${t.changePercent! > 0 ? "+" : ""}${f(t.changePercent!, 1)} % (p = ${t.pValue})`,
      );
      const advice = {
        demand: "demand is rising: check that maxSize and the budget still cover the new level.",
        quality: "service quality is drifting: look at the chart for when it started.",
        baseline: "the service behaves differently from last week: the learner's baseline may need time to adapt.",
      }[x.advice];
      return {
        id: `trend-${x.significant.map((t) => t.signal).join("-")}`,
        text: `Significant change vs the 7-day baseline: ${parts.join(", ")}; ${advice}`,
        evidence: x.significant.flatMap((t) => [
          ev(`${t.signal} change`, t.changePercent!, "%"),
          ev(`${t.signal} p-value`, t.pValue ?? 1, ""),
        ]),
      };
    }
    case "decisions-blocked":
    case "decisions-changed":
    case "decisions-held": {
      const n = decisions.counts;
      const evidence = [
        ev("changed", n.changed, "decisions"),
        ev("held", n.held, "decisions"),
        ev("refused", n.refused, "decisions"),
        ev("rolled back", n["rolled-back"], "decisions"),
      ];
      if (x.kind === "decisions-blocked")
        return {
          id: x.kind,
          text: `${n.refused} refused and ${n["rolled-back"]} rolled-back decisions out of ${x.total}: ${x.reasons.map((r) => `"${r}"`).join("; ")}; resolve these causes so the optimizer can act.`,
          evidence,
        };
      if (x.kind === "decisions-changed") {
        const s = decisions.thresholdsAtStart;
        const e = decisions.thresholdsAtEnd;
        const moved = s
          ? `scale-out ${s.scaleOutCpuThreshold} → ${e.scaleOutCpuThreshold} %, scale-in ${s.scaleInCpuThreshold} → ${e.scaleInCpuThreshold} %`
          : `now ${e.scaleOutCpuThreshold} % / ${e.scaleInCpuThreshold} %`;
        return {
          id: x.kind,
          text: `Thresholds changed ${n.changed} time(s) today (${moved}); compare tomorrow's SLA attainment with today's ${sla.attainmentPercent ?? "n/a"} % before further changes.`,
          evidence,
        };
      }
      return {
        id: x.kind,
        text: `All ${x.total} decisions held the thresholds: the optimizer saw no gain worth a change today.`,
        evidence,
      };
    }
    case "errors-above-target": {
      const t = x.trend;
      return {
        id: x.kind,
        text: `5xx share was above ${sla.errorRateTargetPercent} % for ${f(sla.errorBreachMinutes, 0)} minutes (${f(x.sharePercent, 2)} % of the day; day mean ${t?.dayMean ?? "n/a"} %, p95 ${t?.dayP95 ?? "n/a"} %): inspect the application logs for those minutes.`,
        evidence: [
          ev("5xx breach minutes", sla.errorBreachMinutes, "min"),
          ev("share of the day", round(x.sharePercent, 2), "%"),
          ...(t?.dayP95 != null ? [ev("5xx p95", t.dayP95, "%")] : []),
        ],
      };
    }
    default:
      throw new Error(`no wording for finding ${x.kind}`);
  }
}
