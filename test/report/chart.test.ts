import { describe, expect, it } from "vitest";
import { buildDailyReport } from "../../optimizer/report/build";
import { buildChartSpec } from "../../optimizer/report/render/chartSpec";
import { renderSvg } from "../../optimizer/report/render/svg";
import { FIXTURE_DATE, fixtureInput } from "./fixture";

describe("chart", () => {
  it("renders the day's signals, thresholds and anomaly ranges to SVG with Vega", async () => {
    const input = fixtureInput();
    const report = buildDailyReport(input, FIXTURE_DATE);
    const spec = buildChartSpec(report, input.signals, input.anomalies);
    const svg = await renderSvg(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    for (const label of [
      "scale-out threshold",
      "scale-in threshold",
      "latency threshold",
      "maxSize",
      "critical",
      "00:00",
      "12:00",
    ])
      expect(svg, label).toContain(label);
    // the scale-out threshold steps from 70 to 66 at 12:00 (the day's change)
    const json = JSON.stringify(spec);
    expect(json).toContain('"v":70,"series":"scale-out threshold"');
    expect(json).toContain('"v":66,"series":"scale-out threshold"');
    // same input → same SVG
    expect(await renderSvg(buildChartSpec(report, input.signals, input.anomalies))).toBe(svg);
  });

  it("renders an empty chart when there is no data", async () => {
    const input = { ...fixtureInput(), signals: null, anomalies: null };
    const report = buildDailyReport(input, FIXTURE_DATE);
    const svg = await renderSvg(buildChartSpec(report, null, null));
    expect(svg).toContain("<svg");
  });
});
