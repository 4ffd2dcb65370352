import * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import { compile } from "vega-lite";
import type { RunResult } from "./run";

/*
 * SVG chart of a benchmark: the learned threshold trajectory and the cost per day of every policy, one column per
 * trace. Rendered by vega-lite + vega in Node without a browser (View.toSVG).
 */

export function benchChartSpec(runs: readonly RunResult[]): TopLevelSpec {
  const thresholds: { trace: string; day: number; threshold: string; value: number }[] = [];
  const costs: { trace: string; day: number; policy: string; usd: number }[] = [];
  for (const r of runs) {
    r.dailyCostUsd.forEach((usd, i) => costs.push({ trace: r.trace, day: i + 1, policy: r.policy, usd }));
    if (r.policy !== "learned" && r.policy !== "oracle") continue;
    const points = [...r.trajectory, { ...r.trajectory[r.trajectory.length - 1], day: r.days }];
    for (const p of points) {
      thresholds.push({
        trace: r.trace,
        day: p.day,
        threshold: `${r.policy} scale-out`,
        value: p.scaleOutCpuThreshold,
      });
      thresholds.push({ trace: r.trace, day: p.day, threshold: `${r.policy} scale-in`, value: p.scaleInCpuThreshold });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    resolve: { scale: { color: "independent", strokeDash: "independent" }, legend: { color: "independent" } },
    vconcat: [
      {
        title: "Threshold trajectory (learned vs oracle pair)",
        data: { values: thresholds },
        mark: { type: "line", interpolate: "step-after" },
        encoding: {
          column: { field: "trace", type: "nominal", title: null },
          x: { field: "day", type: "quantitative", title: "day" },
          y: { field: "value", type: "quantitative", title: "CPU threshold %", scale: { domain: [0, 100] } },
          color: { field: "threshold", type: "nominal" },
          strokeDash: { field: "threshold", type: "nominal", legend: null },
        },
        width: 220,
        height: 150,
      },
      {
        title: "Cost per day (USD)",
        data: { values: costs },
        mark: { type: "line", point: true },
        encoding: {
          column: { field: "trace", type: "nominal", title: null },
          x: { field: "day", type: "quantitative", title: "day" },
          y: { field: "usd", type: "quantitative", title: "USD/day", scale: { zero: false } },
          color: { field: "policy", type: "nominal" },
        },
        width: 220,
        height: 150,
      },
    ],
  } as TopLevelSpec;
}

/** Renders a vega-lite spec to SVG text. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
