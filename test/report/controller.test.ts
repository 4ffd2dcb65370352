import { describe, expect, it } from "vitest";
import { buildSlackMessage } from "../../optimizer/notify/slackCard";
import { buildDailyReport } from "../../optimizer/report/build";
import { renderMarkdown } from "../../optimizer/report/render/markdown";
import { FIXTURE_DATE, fixtureInput } from "./fixture";

describe("the report and the Slack card name the controller's mode and value", () => {
  it("step mode: the pair in force at the end of the day", () => {
    const input = fixtureInput({ incident: false });
    const r = buildDailyReport(input, FIXTURE_DATE);
    const t = r.decisions.thresholdsAtEnd;
    expect(r.decisions.controllerAtEnd).toBe(`step ${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`);
  });

  it("target-tracking mode: the stack's target", () => {
    const input = fixtureInput({ incident: false });
    const config = { ...input.config, scalingMode: "target-tracking" as const, targetCpuPercent: 65 };
    const r = buildDailyReport({ ...input, config }, FIXTURE_DATE);
    expect(r.decisions.controllerAtEnd).toBe("target tracking @ 65 % CPU");
    expect(renderMarkdown(r, "chart.png")).toContain("Controller at the end of the day: target tracking @ 65 % CPU.");
    expect(JSON.stringify(buildSlackMessage(r, []))).toContain("target tracking @ 65 % CPU");
  });
});
