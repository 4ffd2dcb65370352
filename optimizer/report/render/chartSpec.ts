import type { TopLevelSpec } from "vega-lite";
import type { SignalName, SignalSet } from "../../core/types";
import { rangesFromPoints } from "../anomalies";
import { healthText } from "../health";
import { pointsIn } from "../series";
import type { DailyReport, SignalAnomalySummary } from "../types";
import { MINUTE_MS } from "../window";

/** Minutes per plotted point (5-minute means keep the SVG small). */
export const CHART_BUCKET_MINUTES = 5;

interface Row {
  t: number;
  v: number;
  series: string;
}

interface Panel {
  signal: SignalName;
  title: string;
  unit: string;
}

const PANELS: Panel[] = [
  { signal: "cpu", title: "CPU (%) with scale-out / scale-in thresholds", unit: "%" },
  { signal: "p95LatencyMs", title: "p95 latency (ms) with the latency threshold", unit: "ms" },
  { signal: "requestRate", title: "Request rate (req/s)", unit: "req/s" },
  { signal: "inService", title: "Instances in service with min / max size", unit: "instances" },
];

/**
 * Vega-Lite spec of the report day's key signals (5-minute means), the thresholds in force over the day (step lines
 * from the decision log), the capacity bounds, and the flagged anomaly ranges (shaded). Pure; times on a UTC axis.
 */
export function buildChartSpec(
  report: DailyReport,
  signals: SignalSet | null,
  anomalies: readonly SignalAnomalySummary[] | null,
): TopLevelSpec {
  const dayStart = Date.parse(report.window.start);
  const dayEnd = Date.parse(report.window.end);
  const step = (report.stepSeconds ?? 60) * 1000;
  const start = report.decisions.thresholdsAtStart ?? report.decisions.thresholdsAtEnd;
  const thresholdRows = (key: "scaleOutCpuThreshold" | "scaleInCpuThreshold", label: string): Row[] => {
    const rows: Row[] = [{ t: dayStart, v: start[key], series: label }];
    for (const e of report.decisions.entries)
      if (e.action === "changed") rows.push({ t: Date.parse(e.time), v: e.to[key], series: label });
    rows.push({ t: dayEnd, v: rows[rows.length - 1].v, series: label });
    return rows;
  };
  const flat = (v: number, label: string): Row[] => [
    { t: dayStart, v, series: label },
    { t: dayEnd, v, series: label },
  ];
  const extra: Partial<Record<SignalName, Row[]>> = {
    cpu: [
      ...thresholdRows("scaleOutCpuThreshold", "scale-out threshold"),
      ...thresholdRows("scaleInCpuThreshold", "scale-in threshold"),
    ],
    p95LatencyMs: flat(report.sla.latencyThresholdMs, "latency threshold"),
    inService: [...flat(report.scaling.maxSize, "maxSize"), ...flat(report.scaling.minSize, "minSize")],
  };

  const panels = PANELS.map((p) => {
    const measured: Row[] = signals ? bucketMeans(pointsIn(signals[p.signal], dayStart, dayEnd), p.signal) : [];
    const shaded = (anomalies ?? [])
      .filter((a) => a.signal === p.signal)
      .flatMap((a) => [...a.ranges, ...rangesFromPoints(a, step)])
      .filter((r) => r.severity !== "none" && r.end + step > dayStart && r.start < dayEnd)
      .map((r) => ({ t0: Math.max(r.start, dayStart), t1: Math.min(r.end + step, dayEnd), severity: r.severity }));
    const x = {
      field: "t",
      type: "temporal" as const,
      title: "time (UTC)",
      scale: { type: "utc" as const, domain: [dayStart, dayEnd] },
      axis: { format: "%H:%M" },
    };
    return {
      title: p.title,
      width: 720,
      height: 120,
      layer: [
        {
          data: { values: shaded },
          mark: { type: "rect" as const, opacity: 0.25 },
          encoding: {
            x: { field: "t0", type: "temporal" as const, scale: { type: "utc" as const } },
            x2: { field: "t1" },
            color: {
              field: "severity",
              type: "nominal" as const,
              scale: { domain: ["info", "warning", "critical"], range: ["#9ecae1", "#fdae6b", "#e6550d"] },
              title: "anomaly",
            },
          },
        },
        {
          data: { values: [...measured, ...(extra[p.signal] ?? [])] },
          mark: { type: "line" as const, interpolate: "step-after" as const, strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: "v", type: "quantitative" as const, title: p.unit },
            stroke: { field: "series", type: "nominal" as const, title: "series" },
            strokeDash: { condition: { test: `datum.series !== '${p.signal}'`, value: [4, 3] }, value: [1, 0] },
          },
        },
      ],
      resolve: { scale: { color: "independent" as const, stroke: "independent" as const } },
    };
  });

  return {
    title: {
      text: `NeuroPilot ${report.stack}: ${report.date}`,
      subtitle: `health ${healthText(report.health)}, SLA ${report.sla.attainmentPercent ?? "n/a"} %`,
    },
    background: "white",
    config: { font: "sans-serif" },
    vconcat: panels,
    resolve: { scale: { color: "independent", stroke: "independent" } },
  } as TopLevelSpec;
}

/** Means of consecutive CHART_BUCKET_MINUTES buckets. */
function bucketMeans(points: readonly { t: number; v: number }[], series: string): Row[] {
  const size = CHART_BUCKET_MINUTES * MINUTE_MS;
  const acc = new Map<number, { s: number; n: number }>();
  for (const p of points) {
    const b = Math.floor(p.t / size) * size;
    const a = acc.get(b) ?? { s: 0, n: 0 };
    a.s += p.v;
    a.n += 1;
    acc.set(b, a);
  }
  return [...acc.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, a]) => ({ t, v: Math.round((a.s / a.n) * 100) / 100, series }));
}
