import { healthText } from "../health";
import type { DailyReport, SignalTrend } from "../types";

/*
 * Renders a DailyReport as Markdown following the template in docs/daily-report.md (same headings, same order;
 * test/report/template.test.ts keeps the two in step). Pure: the same report gives the same text.
 */

/** The section headings, in order (the template's `##` headings). */
export const MARKDOWN_SECTIONS = [
  "Summary",
  "Health score",
  "SLA",
  "Trends: last 24 h vs 7-day baseline",
  "Cost projection",
  "Scaling actions",
  "Threshold decisions",
  "Anomalies",
  "Learning status",
  "Data quality",
  "Recommendations",
  "Chart",
  "Data gaps",
] as const;

const na = "n/a";
const num = (x: number | null | undefined, unit = ""): string => (x === null || x === undefined ? na : `${x}${unit}`);
const usd = (x: number, digits = 2): string => `$${x.toFixed(digits)}`;
const cell = (s: string): string => s.replaceAll("|", "\\|").replaceAll("\n", " ");
const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(" | ")} |`,
  `|${head.map(() => "---").join("|")}|`,
  ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
];

function pText(t: SignalTrend): string {
  if (t.pValue === null) return na;
  return t.pValue < 1e-4 ? "< 0.0001" : String(t.pValue);
}

export function renderMarkdown(r: DailyReport, chartFile: string): string {
  const L: string[] = [];
  const h2 = (title: (typeof MARKDOWN_SECTIONS)[number]) => L.push("", `## ${title}`, "");
  const thr = r.decisions.thresholdsAtEnd;

  L.push(`# NeuroPilot daily report: ${r.stack} (${r.environment}), ${r.date}`, "");
  L.push(
    `Window ${r.window.start} – ${r.window.end}; baseline ${r.baselineWindow.start} – ${r.baselineWindow.end}; step ${num(r.stepSeconds, " s")}. Schema version ${r.schemaVersion}.`,
  );

  h2("Summary");
  L.push(
    ...table(
      [
        "Health score",
        "SLA attainment",
        "Month-end projection",
        "Scaling actions",
        "Threshold changes",
        "Recommendations",
      ],
      [
        [
          healthText(r.health),
          `${num(r.sla.attainmentPercent, " %")} (target ${r.sla.targetPercent} %)`,
          `${usd(r.cost.projectedMonthUsd)} of ${usd(r.cost.budgetUsd)} (${r.cost.budgetUsedPercent} %)`,
          `${r.scaling.scaleOutEvents} out, ${r.scaling.scaleInEvents} in`,
          String(r.decisions.counts.changed),
          `${r.recommendations.length} (${r.recommendations.filter((x) => x.priority === "high").length} high)`,
        ],
      ],
    ),
  );

  h2("Health score");
  L.push(`Score **${healthText(r.health)}**: weighted mean of the components below (formula: docs/reporting.md).`, "");
  L.push(
    ...table(
      ["Component", "Weight", "Score", "Basis"],
      r.health.components.map((c) => [c.name, `${Math.round(c.weight * 100)} %`, num(c.score), c.basis]),
    ),
  );

  h2("SLA");
  const s = r.sla;
  L.push(
    ...table(
      [
        "Attainment",
        "Target",
        "Met",
        "Evaluated min",
        "Bad min",
        "Latency > threshold min",
        "5xx > target min",
        "Error budget used",
      ],
      [
        [
          num(s.attainmentPercent, " %"),
          `${s.targetPercent} %`,
          s.met === null ? na : s.met ? "yes" : "no",
          String(s.evaluatedMinutes),
          String(s.badMinutes),
          `${s.latencyBreachMinutes} (> ${s.latencyThresholdMs} ms)`,
          `${s.errorBreachMinutes} (> ${s.errorRateTargetPercent} %)`,
          num(s.errorBudgetUsedPercent, " %"),
        ],
      ],
    ),
  );

  h2("Trends: last 24 h vs 7-day baseline");
  L.push(
    ...table(
      [
        "Signal",
        "Unit",
        "Day mean",
        "Baseline mean",
        "Change",
        "Direction",
        "Day p95",
        "Baseline p95",
        "p-value",
        "Significant",
      ],
      r.trends.map((t) => [
        t.signal,
        t.unit,
        num(t.dayMean),
        num(t.baselineMean),
        t.changePercent === null ? na : `${t.changePercent > 0 ? "+" : ""}${t.changePercent} %`,
        t.direction,
        num(t.dayP95),
        num(t.baselineP95),
        pText(t),
        t.significant ? "yes" : "no",
      ]),
    ),
    "",
    `Test: ${r.trends[0]?.note ?? na}; significant = p < 0.01 and |change| ≥ 5 %.`,
  );

  h2("Cost projection");
  const c = r.cost;
  L.push(
    ...table(
      ["Month", "Month to date", "Projected month end", "Budget", "Budget used", "Over budget", "Worst case (maxSize)"],
      [
        [
          `${c.monthStart} – ${c.monthEnd} (${c.daysElapsed}/${c.daysInMonth} days)`,
          usd(c.monthToDateUsd),
          usd(c.projectedMonthUsd),
          usd(c.budgetUsd),
          `${c.budgetUsedPercent} %`,
          usd(c.overBudgetUsd),
          usd(c.worstCaseMonthlyUsd),
        ],
      ],
    ),
    "",
    `${c.instanceType} at ${usd(c.hourlyInstanceUsd, 4)}/h, fixed ${usd(c.fixedHourlyUsd, 4)}/h; ${c.meanInService7d} instances on average over 7 days; in-service data covers ${c.monthToDateCoveragePercent} % of the month so far. Basis: ${c.basis}.`,
  );

  h2("Scaling actions");
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

  h2("Threshold decisions");
  const d = r.decisions;
  L.push(
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

  h2("Anomalies");
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

  h2("Learning status");
  const l = r.learning;
  if (!l.available) L.push("No learning status was available.");
  else
    L.push(
      ...table(
        ["Loss", "Loss change", "Converged", "Days learning", "Samples"],
        [
          [
            num(l.loss),
            num(l.lossChangePercent, " %"),
            l.converged ? "yes" : "no",
            num(l.daysLearning),
            num(l.samples),
          ],
        ],
      ),
    );

  h2("Data quality");
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

  h2("Recommendations");
  r.recommendations.forEach((x, i) => {
    const n = `${i + 1}. `;
    L.push(`${n}**[${x.priority}] ${x.id}**: ${x.text}`);
    L.push(
      `${" ".repeat(n.length)}Evidence: ${x.evidence.map((e) => `${e.name} = ${e.value}${e.unit ? ` ${e.unit}` : ""}`).join("; ")}.`,
    );
  });
  if (r.recommendations.length === 0) L.push("No recommendation could be derived (see Data gaps).");

  h2("Chart");
  L.push(`![Key signals and thresholds of ${r.date}](${chartFile})`);

  h2("Data gaps");
  if (r.dataGaps.length === 0) L.push("None.");
  else for (const gap of r.dataGaps) L.push(`- ${gap}`);

  return L.join("\n") + "\n";
}
