/*
 * One week of learned-predictive on the twin: hourly load, the forecast band in force, the scheduled floor and the
 * instances in service. Writes an SVG (vega-lite + vega, no browser).
 * Run: npx tsx scripts/bench/forecastChart.ts [trace] [stack] [out.svg]   (default builtin:weekly prod docs/forecast-week.svg)
 */
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../../optimizer/core/atomicFile";
import { renderSvg } from "../../optimizer/sim/chart";
import { loadStackConfig, loadTrace } from "../../optimizer/sim/loadInputs";
import { runLearnedPredictive } from "../../optimizer/sim/predictivePolicies";

const [traceArg = "builtin:weekly", stack = "prod", out = "docs/forecast-week.svg"] = process.argv.slice(2);
const config = loadStackConfig(stack);
const trace = loadTrace(traceArg, 1, undefined, config);
const opts = {
  config,
  trace,
  days: 14,
  policy: "learned-predictive" as const,
  startMs: Date.UTC(2026, 0, 5),
  historyDays: 14,
};
const run = runLearnedPredictive(opts);
const week = run.hours.slice(-7 * 24);
const load = week.flatMap((h) => [
  { t: h.timestampMs, series: "load (mean rps)", v: h.load },
  ...(h.forecast ? [{ t: h.timestampMs, series: "forecast mean", v: h.forecast.mean }] : []),
]);
const band = week
  .filter((h) => h.forecast)
  .map((h) => ({ t: h.timestampMs, lo: h.forecast?.lower, hi: h.forecast?.upper }));
const cap = week.flatMap((h) => [
  { t: h.timestampMs, series: "scheduled floor", v: h.floor },
  { t: h.timestampMs, series: "instances in service (mean)", v: h.instances },
]);
const x = { field: "t", type: "temporal", title: "UTC" } as const;
const spec = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  title: `learned-predictive, ${traceArg}, ${stack} stack: last 7 of 14 days (after 14 days of history)`,
  vconcat: [
    {
      width: 720,
      height: 180,
      layer: [
        {
          data: { values: band },
          mark: { type: "area", opacity: 0.25 },
          encoding: { x, y: { field: "lo", type: "quantitative", title: "requests/s" }, y2: { field: "hi" } },
        },
        {
          data: { values: load },
          mark: { type: "line", strokeWidth: 1.5 },
          encoding: { x, y: { field: "v", type: "quantitative" }, color: { field: "series", type: "nominal" } },
        },
      ],
    },
    {
      width: 720,
      height: 120,
      data: { values: cap },
      mark: { type: "line", interpolate: "step-after" },
      encoding: {
        x,
        y: { field: "v", type: "quantitative", title: "instances" },
        color: { field: "series", type: "nominal", scale: { scheme: "set1" } },
      },
    },
  ],
  resolve: { scale: { color: "independent" } },
} as TopLevelSpec;
void renderSvg(spec).then((svg) => {
  writeFileAtomic(out, svg);
  const used = run.decisions.filter((d) => d.used).length;
  console.log(
    `wrote ${out}: reactive target ${run.reactiveTargetCpuPercent} %, forecast used on ${used} of ${run.decisions.length} days`,
  );
});
