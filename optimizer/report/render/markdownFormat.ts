import type { SignalTrend } from "../types";

/** Formatting helpers of the Markdown renderer (markdown.ts, markdownSections.ts). */
export const na = "n/a";
export const num = (x: number | null | undefined, unit = ""): string =>
  x === null || x === undefined ? na : `${x}${unit}`;
export const usd = (x: number, digits = 2): string => `$${x.toFixed(digits)}`;
const cell = (s: string): string => s.replaceAll("|", "\\|").replaceAll("\n", " ");
export const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(" | ")} |`,
  `|${head.map(() => "---").join("|")}|`,
  ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
];

export function pText(t: SignalTrend): string {
  if (t.pValue === null) return na;
  return t.pValue < 1e-4 ? "< 0.0001" : String(t.pValue);
}
