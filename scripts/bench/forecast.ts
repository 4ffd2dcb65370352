/*
 * Forecast methods compared by rolling-origin backtest (48 h horizon, 14-day training window, origins daily)
 * on the built-in traces and on NAB-format CSV files. Every method runs with the same fixed settings on every
 * series: the method is chosen by this table, not tuned per file.
 * Run: npx tsx scripts/bench/forecast.ts [--days N] [--json] [dir-or-csv ...]   (default: /work/shared/nab/data)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { defaultStackConfig } from "../../infra/config";
import { backtest, DEFAULT_FORECAST_OPTIONS } from "../../optimizer/forecast/forecast";
import { toHourly, type HourlySeries } from "../../optimizer/forecast/hourly";
import { FORECAST_METHODS } from "../../optimizer/forecast/methods";
import { dailyCycleStrength } from "../../optimizer/forecast/seasonality";
import { parseNabCsv, resampleToMinutes } from "../../optimizer/sim/csvTrace";
import { defaultPeakRps } from "../../optimizer/sim/params";
import { BUILTIN_TRACES, loadAt } from "../../optimizer/sim/traces";

const args = process.argv.slice(2);
const json = args.includes("--json");
const daysAt = args.indexOf("--days");
const days = daysAt >= 0 ? Number(args[daysAt + 1]) : 28;
const paths = args.filter((a, i) => !a.startsWith("--") && (daysAt < 0 || i !== daysAt + 1));
const START = Date.UTC(2026, 0, 5);

function csvFiles(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? csvFiles(join(p, e.name)) : e.name.endsWith(".csv") ? [join(p, e.name)] : [],
  );
}

const series: { name: string; hourly: HourlySeries }[] = [];
const config = defaultStackConfig();
for (const name of BUILTIN_TRACES) {
  const trace = { kind: "builtin" as const, name, seed: 1, peakRps: defaultPeakRps(config) };
  const n = days * 1440;
  const ts = Array.from({ length: n }, (_, m) => START + m * 60_000);
  series.push({
    name: `builtin:${name}`,
    hourly: toHourly({ timestamps: ts, values: ts.map((_, m) => loadAt(trace, m)) }, "mean"),
  });
}
for (const file of (paths.length > 0 ? paths : ["/work/shared/nab/data"]).flatMap(csvFiles).sort()) {
  let points;
  try {
    points = parseNabCsv(readFileSync(file, "utf8"), file);
  } catch (e) {
    console.error(`skipped: ${(e as Error).message}`);
    continue;
  }
  const minutes = resampleToMinutes(points);
  const ts = minutes.map((_, m) => points[0].timestampMs + m * 60_000);
  const hourly = toHourly({ timestamps: ts, values: minutes }, "mean");
  if (hourly.values.length < DEFAULT_FORECAST_OPTIONS.minTrainHours + 24) continue; // shorter than 8 days
  series.push({ name: basename(file), hourly });
}

const rows = series.map(({ name, hourly }) => ({
  series: name,
  dailyCycle: Math.round(dailyCycleStrength(hourly) * 100) / 100,
  methods: Object.fromEntries(
    FORECAST_METHODS.map((method) => {
      const s = backtest(hourly, { ...DEFAULT_FORECAST_OPTIONS, method }).summary;
      return [method, { mapePercent: s.mapePercent, aboveUpperShare: s.aboveUpperShare, origins: s.origins }];
    }),
  ),
}));
const med = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const groups = { "daily cycle ≥ 0.5": rows.filter((r) => r.dailyCycle >= 0.5), all: rows };
const summary = Object.fromEntries(
  Object.entries(groups).map(([g, rs]) => [
    g,
    Object.fromEntries(
      FORECAST_METHODS.map((m) => [
        m,
        {
          medianMapePercent: med(rs.map((r) => r.methods[m].mapePercent)),
          medianAboveUpperShare: med(rs.map((r) => r.methods[m].aboveUpperShare)),
          series: rs.length,
        },
      ]),
    ),
  ]),
);
if (json) {
  console.log(JSON.stringify({ days, rows, summary }, null, 2));
} else {
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");
  console.log(`| series | daily cycle | ${FORECAST_METHODS.map((m) => `${m} MAPE % / above upper %`).join(" | ")} |`);
  console.log(`| --- | ---: | ${FORECAST_METHODS.map(() => "---:").join(" | ")} |`);
  for (const r of rows)
    console.log(
      `| ${r.series} | ${f(r.dailyCycle, 2)} | ${FORECAST_METHODS.map((m) => `${f(r.methods[m].mapePercent)} / ${f(100 * r.methods[m].aboveUpperShare)}`).join(" | ")} |`,
    );
  for (const [g, s] of Object.entries(summary))
    console.log(
      `| **median, ${g}** (${groups[g as keyof typeof groups].length}) | | ${FORECAST_METHODS.map((m) => `${f(s[m].medianMapePercent)} / ${f(100 * s[m].medianAboveUpperShare)}`).join(" | ")} |`,
    );
}
