import * as path from "node:path";
import { buildDailyReport } from "../../optimizer/report/build";
import { renderJson } from "../../optimizer/report/render/json";
import { renderMarkdown } from "../../optimizer/report/render/markdown";
import { FIXTURE_DATE, fixtureInput } from "./fixture";

export const GOLDEN_DIR = path.join(__dirname, "golden");

/** The golden cases: name → rendered Markdown / JSON from fixed inputs. */
export function goldenCases(): { name: string; markdown: string; json: string }[] {
  const full = fixtureInput();
  const sparse = {
    ...fixtureInput({ baselineDays: 2, incident: false, dayLoadFactor: 1 }),
    anomalies: null,
    learning: null,
    anomalyModel: null,
    decisions: [],
    inputNotes: ["no learning status yet (state/prod/learner.json): the learner has not run for this stack"],
  };
  return [
    { name: "daily_report_full", input: full },
    { name: "daily_report_sparse", input: sparse },
  ].map(({ name, input }) => {
    const r = buildDailyReport(input, FIXTURE_DATE);
    return { name, markdown: renderMarkdown(r, "daily_report_20261120.svg"), json: renderJson(r) };
  });
}
