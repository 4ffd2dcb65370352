import type { Thresholds } from "../../core/types";
import type { DailyReport } from "../types";
import { num, table } from "./markdownFormat";

/* The operations sections of the Markdown report (scaling, decisions, anomalies, learning, data quality). */

/** "Scaling actions" section body. */
export function scalingLines(r: DailyReport): string[] {
  const L: string[] = [];
  const g = r.scaling;
  L.push(
    ...table(
      [
        "Instances mean / peak",
        "Range",
        "Min at max",
        "Min at min",
        "Scale-outs",
        "Scale-ins",
        "CPU mean / p95 / max",
        "Min above scale-out",
        "Min below scale-in",
      ],
      [
        [
          `${num(g.meanInService)} / ${num(g.peakInService)}`,
          `[${g.minSize}, ${g.maxSize}]`,
          String(g.minutesAtMax),
          String(g.minutesAtMin),
          String(g.scaleOutEvents),
          String(g.scaleInEvents),
          `${num(g.cpuMean)} / ${num(g.cpuP95)} / ${num(g.cpuMax)} %`,
          String(g.minutesAboveScaleOut),
          String(g.minutesBelowScaleIn),
        ],
      ],
    ),
  );
  if (g.events.length > 0)
    L.push(
      "",
      ...table(
        ["Time (UTC)", "Instances"],
        g.events.map((e) => [e.time.slice(11, 16), `${e.from} → ${e.to}`]),
      ),
    );
  else L.push("", "No change of the number of instances in service.");
  return L;
}

/** "Threshold decisions" section body. */
export function decisionLines(r: DailyReport): string[] {
  const L: string[] = [];
  const thr = r.decisions.thresholdsAtEnd;
  const d = r.decisions;
  L.push(
    `Controller at the end of the day: ${d.controllerAtEnd}.`,
    `Thresholds at the end of the day: scale-out ${thr.scaleOutCpuThreshold} %, scale-in ${thr.scaleInCpuThreshold} %` +
      (d.thresholdsAtStart
        ? ` (start: ${d.thresholdsAtStart.scaleOutCpuThreshold} % / ${d.thresholdsAtStart.scaleInCpuThreshold} %).`
        : "."),
    `Decisions: ${d.counts.changed} changed, ${d.counts.held} held, ${d.counts.refused} refused, ${d.counts["rolled-back"]} rolled back.`,
  );
  if (d.entries.length > 0)
    L.push(
      "",
      ...table(
        ["Time (UTC)", "Action", "Scale-out", "Scale-in", "Reason"],
        d.entries.map((e) => [
          e.time.slice(11, 16),
          e.action,
          `${e.from.scaleOutCpuThreshold} → ${e.to.scaleOutCpuThreshold}`,
          `${e.from.scaleInCpuThreshold} → ${e.to.scaleInCpuThreshold}`,
          e.reason,
        ]),
      ),
    );
  return L;
}

/** "Anomalies" section body. */
export function anomalyLines(r: DailyReport): string[] {
  const L: string[] = [];
  const a = r.anomalies;
  if (!a.available) L.push("No anomaly summaries were available for this day.");
  else
    L.push(
      `Weighted anomaly load ${a.loadPercent} % of the day (${a.weightedMinutes} severity-weighted minutes: critical 1, warning 0.5, info 0.1).`,
      "",
      ...table(
        ["Signal", "Flagged min", "Critical", "Warning", "Info", "Ranges", "Max score", "Detectors"],
        a.perSignal.map((p) => [
          p.signal,
          String(p.flaggedMinutes),
          String(p.criticalMinutes),
          String(p.warningMinutes),
          String(p.infoMinutes),
          String(p.ranges),
          num(p.maxScore),
          p.detectors.join(", ") || "none",
        ]),
      ),
    );
  const m = a.model;
  L.push(
    "",
    m
      ? `Anomaly model (k-means, \`neuropilot train\`): loss ${num(m.loss)}${m.lossChangePercent === null ? "" : ` (${m.lossChangePercent} % over its history)`}, ${m.converged ? "converged" : "not converged"}, ${m.runs} training runs, ${m.samples} samples.`
      : "No trained anomaly model (`neuropilot train`): the detectors run without the k-means model.",
  );
  return L;
}

/** "Learning status" section body: the threshold learner (the anomaly model's training is under Anomalies). */
export function learningLines(r: DailyReport): string[] {
  const l = r.learning;
  const pair = (t: Thresholds | null) => (t ? `${t.scaleOutCpuThreshold} % / ${t.scaleInCpuThreshold} %` : "n/a");
  if (!l.available) return [`No learning status was available; in force: ${pair(l.inForce)}.`];
  return table(
    [
      "Converged",
      "Since",
      "Days learning",
      "Cycles",
      "In force",
      "Last safe",
      "Explorations",
      "Back-offs",
      "Pairs tried (unsafe)",
      "Cumulative SLA",
    ],
    [
      [
        l.converged ? "yes" : "no",
        l.convergedSinceDay === null ? "n/a" : `day ${l.convergedSinceDay} (cycle ${l.convergedAtCycle})`,
        num(l.daysLearning),
        num(l.cycles),
        pair(l.inForce),
        pair(l.lastSafe),
        num(l.explorations),
        num(l.backOffs),
        `${num(l.pairsTried)} (${num(l.unsafePairs)})`,
        num(l.cumulativeSlaPercent, " %"),
      ],
    ],
  );
}

/** "Data quality" section body. */
export function dataQualityLines(r: DailyReport): string[] {
  const L: string[] = [];
  L.push(
    ...table(
      ["Signal", "Points", "Coverage", "Longest gap"],
      r.dataQuality.map((q) => [
        q.signal,
        `${q.presentPoints}/${q.expectedPoints}`,
        `${q.coveragePercent} %`,
        `${q.longestGapMinutes} min`,
      ]),
    ),
  );
  return L;
}
