import type { CreatePageParameters } from "@notionhq/client";
import { healthText } from "../report/health";
import type { DailyReport } from "../report/types";

/** Property names the Notion database must have (types in brackets): see docs/reporting.md. */
export const NOTION_PROPERTIES = {
  title: "Name", // title
  date: "Date", // date
  health: "Health score", // number
  sla: "SLA %", // number
  cost: "Cost projection USD", // number
} as const;

type BlockRequest = NonNullable<CreatePageParameters["children"]>[number];

const clip = (s: string, n = 2000): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const rich = (s: string) => [{ type: "text" as const, text: { content: clip(s) } }];
const para = (s: string): BlockRequest => ({ object: "block", type: "paragraph", paragraph: { rich_text: rich(s) } });
const heading = (s: string): BlockRequest => ({
  object: "block",
  type: "heading_2",
  heading_2: { rich_text: rich(s) },
});
const bullet = (s: string): BlockRequest => ({
  object: "block",
  type: "bulleted_list_item",
  bulleted_list_item: { rich_text: rich(s) },
});

/** pages.create parameters: a database entry with the key figures and the summary as children. Pure. */
export function buildNotionPage(r: DailyReport, databaseId: string): CreatePageParameters {
  const summary =
    `Health ${healthText(r.health)}; SLA ${r.sla.attainmentPercent ?? "n/a"} % (target ${r.sla.targetPercent} %); ` +
    `month-end projection $${r.cost.projectedMonthUsd.toFixed(2)} of $${r.cost.budgetUsd.toFixed(2)} (${r.cost.budgetUsedPercent} %); ` +
    `${r.scaling.scaleOutEvents} scale-outs, ${r.scaling.scaleInEvents} scale-ins; ${r.decisions.counts.changed} threshold changes ` +
    `(now ${r.decisions.thresholdsAtEnd.scaleOutCpuThreshold} % / ${r.decisions.thresholdsAtEnd.scaleInCpuThreshold} %).`;
  const children: BlockRequest[] = [
    heading("Summary"),
    para(summary),
    heading("Health components"),
    ...r.health.components.map((c) =>
      bullet(`${c.name} (${Math.round(c.weight * 100)} %): ${c.score ?? "n/a"} (${c.basis})`),
    ),
    heading("Recommendations"),
    ...r.recommendations.slice(0, 40).map((x) => bullet(`[${x.priority}] ${x.text}`)),
  ];
  if (r.dataGaps.length > 0) children.push(heading("Data gaps"), ...r.dataGaps.slice(0, 20).map((g) => bullet(g)));
  return {
    parent: { database_id: databaseId, type: "database_id" },
    properties: {
      [NOTION_PROPERTIES.title]: { title: rich(`NeuroPilot ${r.stack} ${r.date}`) },
      [NOTION_PROPERTIES.date]: { date: { start: r.date } },
      [NOTION_PROPERTIES.health]: { number: r.health.score },
      [NOTION_PROPERTIES.sla]: { number: r.sla.attainmentPercent },
      [NOTION_PROPERTIES.cost]: { number: r.cost.projectedMonthUsd },
    },
    children,
  };
}
