import type { KnownBlock } from "@slack/types";
import { healthText } from "../report/health";
import type { DailyReport } from "../report/types";

export interface SlackMessage {
  /** Fallback text for notifications. */
  text: string;
  blocks: KnownBlock[];
}

const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const usd = (x: number) => `$${x.toFixed(2)}`;

/** The report as a Block Kit card: header, key figures, the top recommendations, file names. Pure. */
export function buildSlackMessage(r: DailyReport, files: readonly string[]): SlackMessage {
  const sla = r.sla.attainmentPercent === null ? "n/a" : `${r.sla.attainmentPercent} %`;
  const top = r.recommendations.slice(0, 5);
  const text = `NeuroPilot ${r.stack} ${r.date}: health ${healthText(r.health)}, SLA ${sla}, month-end ${usd(r.cost.projectedMonthUsd)} of ${usd(r.cost.budgetUsd)}`;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(`NeuroPilot daily report: ${r.stack}, ${r.date}`, 150) } },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Health score*\n${healthText(r.health)}` },
        { type: "mrkdwn", text: `*SLA attainment*\n${sla} (target ${r.sla.targetPercent} %)` },
        {
          type: "mrkdwn",
          text: `*Month-end projection*\n${usd(r.cost.projectedMonthUsd)} of ${usd(r.cost.budgetUsd)} (${r.cost.budgetUsedPercent} %)`,
        },
        {
          type: "mrkdwn",
          text: `*Controller*\n${r.decisions.controllerAtEnd} (${r.decisions.counts.changed} changes)`,
        },
        { type: "mrkdwn", text: `*Scaling actions*\n${r.scaling.scaleOutEvents} out, ${r.scaling.scaleInEvents} in` },
        {
          type: "mrkdwn",
          text: `*Learning*\n${r.learning.available ? `${r.learning.converged ? `converged on day ${r.learning.convergedSinceDay}` : "learning"}, ${r.learning.daysLearning} days, ${r.learning.explorations} explorations, ${r.learning.backOffs} back-offs` : "no status"}`,
        },
      ],
    },
    { type: "divider" },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: clip(
          top.length === 0
            ? "*Recommendations*\nnone could be derived"
            : `*Top recommendations*\n${top.map((x) => `• *[${x.priority}]* ${x.text}`).join("\n")}`,
          3000,
        ),
      },
    },
    { type: "context", elements: [{ type: "mrkdwn", text: clip(`Files: ${files.join(", ")}`, 3000) }] },
  ];
  return { text: clip(text, 3000), blocks };
}
