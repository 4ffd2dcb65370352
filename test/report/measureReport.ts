/*
 * Prints timings and sizes of the report on the 8-day 1-minute fixture (5 signals × 11 520 points):
 *   npx tsx test/report/measureReport.ts
 * (A figures script, not a test; quoted in docs/reporting.md.)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { runReport } from "../../optimizer/report/app/runReport";
import { buildDailyReport } from "../../optimizer/report/build";
import { buildChartSpec } from "../../optimizer/report/render/chartSpec";
import { renderMarkdown } from "../../optimizer/report/render/markdown";
import { renderSvg } from "../../optimizer/report/render/svg";
import { FIXTURE_DATE, fixtureInput } from "./fixture";
import { writeStackFile, writeStateFiles } from "./stateFixture";

async function main(): Promise<void> {
  const input = fixtureInput();
  const runs = 20;
  buildDailyReport(input, FIXTURE_DATE);
  let t = performance.now();
  for (let i = 0; i < runs; i++) buildDailyReport(input, FIXTURE_DATE);
  const buildMs = (performance.now() - t) / runs;
  const report = buildDailyReport(input, FIXTURE_DATE);
  t = performance.now();
  const md = renderMarkdown(report, "chart.svg");
  const mdMs = performance.now() - t;
  await renderSvg(buildChartSpec(report, input.signals, input.anomalies));
  t = performance.now();
  const svg = await renderSvg(buildChartSpec(report, input.signals, input.anomalies));
  const svgMs = performance.now() - t;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "np-measure-"));
  try {
    writeStateFiles(path.join(dir, "state"), input);
    writeStackFile(path.join(dir, "stacks"), "prod");
    t = performance.now();
    const run = await runReport(
      {
        stack: "prod",
        date: FIXTURE_DATE,
        stateDir: path.join(dir, "state"),
        outDir: path.join(dir, "out"),
        stacksDir: path.join(dir, "stacks"),
        notify: false,
      },
      { env: {}, nowMs: Date.now, log: { info: () => {}, warn: () => {}, error: () => {} } },
    );
    const endToEndMs = performance.now() - t;
    const size = (f: string) => fs.statSync(f).size;
    const stateBytes = size(path.join(dir, "state", "prod", "metrics-history.json"));
    console.log(`points per signal: ${input.signals!.cpu.timestamps.length}`);
    console.log(`buildDailyReport: ${buildMs.toFixed(1)} ms (mean of ${runs})`);
    console.log(`renderMarkdown: ${mdMs.toFixed(1)} ms, ${md.length} chars`);
    console.log(`renderSvg (warm): ${svgMs.toFixed(0)} ms, ${svg.length} bytes`);
    console.log(
      `runReport end to end (load ${(stateBytes / 1e6).toFixed(2)} MB state, build, render, write 3 files): ${endToEndMs.toFixed(0)} ms, exit ${run.exitCode}`,
    );
    console.log(
      `files: json ${size(run.files!.json)} B, md ${size(run.files!.markdown)} B, svg ${size(run.files!.svg)} B`,
    );
    console.log(`health ${report.health.score}, recommendations ${report.recommendations.length}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
