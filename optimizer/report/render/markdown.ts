import { healthText } from "../health";
import type { DailyReport } from "../types";
import { na, num, table, usd, pText } from "./markdownFormat";
import { anomalyLines, dataQualityLines, decisionLines, learningLines, scalingLines } from "./markdownSections";

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

export function renderMarkdown(r: DailyReport, chartFile: string): string {
  const L: string[] = [];
  const h2 = (title: (typeof MARKDOWN_SECTIONS)[number]) => L.push("", `## ${title}`, "");

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
  L.push(...scalingLines(r));
  h2("Threshold decisions");
  L.push(...decisionLines(r));
  h2("Anomalies");
  L.push(...anomalyLines(r));
  h2("Learning status");
  L.push(...learningLines(r));
  h2("Data quality");
  L.push(...dataQualityLines(r));

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
