import type { StackConfig } from "../../infra/config";

/*
 * The Grafana dashboard of NeuroPilot (observability/grafana/neuropilot.json, written by
 * `npx tsx scripts/gen-dashboard.ts`): the service's signals with the stack config's own PromQL (`$stack` is both
 * the optimizer's placeholder and the dashboard's variable), the thresholds in force, the optimizer's own metrics,
 * and its decisions as annotations (tag `neuropilot`, pushed by `neuropilot cycle` through Grafana's API). Pure.
 */

interface Target {
  expr: string;
  legendFormat: string;
  refId: string;
}

function panel(id: number, title: string, unit: string, y: number, x: number, targets: Target[], w = 12) {
  return {
    id,
    title,
    type: "timeseries",
    datasource: { type: "prometheus", uid: "${datasource}" },
    gridPos: { h: 8, w, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: targets.map((t) => ({ ...t, datasource: { type: "prometheus", uid: "${datasource}" } })),
  };
}

const t = (expr: string, legendFormat: string, refId: string): Target => ({ expr, legendFormat, refId });

export function dashboard(config: StackConfig): Record<string, unknown> {
  const q = config.metrics.queries;
  const sel = 'stack="$stack"';
  const panels = [
    panel(1, "CPU utilisation and the thresholds in force", "percent", 0, 0, [
      t(q.cpu, "CPU", "A"),
      t(`neuropilot_threshold_percent{${sel},threshold="scale_out"}`, "scale-out threshold", "B"),
      t(`neuropilot_threshold_percent{${sel},threshold="scale_in"}`, "scale-in threshold", "C"),
    ]),
    panel(2, "p95 latency", "ms", 0, 12, [t(q.p95LatencyMs, "p95", "A")]),
    panel(3, "Request rate", "reqps", 8, 0, [t(q.requestRate, "requests/s", "A")]),
    panel(4, "Error rate", "percent", 8, 12, [t(q.errorRate, "5xx %", "A")]),
    panel(5, "Instances in service", "short", 16, 0, [t(q.inService, "in service", "A")]),
    panel(6, "Cycle outcomes (per 6 h)", "short", 16, 12, [
      t(`sum by (outcome) (increase(neuropilot_cycle_outcomes_total{${sel}}[6h]))`, "{{outcome}}", "A"),
    ]),
    panel(7, "Hours since the last successful cycle", "h", 24, 0, [
      t(`(time() - neuropilot_last_success_timestamp_seconds{${sel}}) / 3600`, "hours", "A"),
    ]),
    panel(8, "Anomalous minutes in the last window, by severity", "m", 24, 12, [
      t(`neuropilot_anomaly_duration_seconds{${sel}} / 60`, "{{severity}}", "A"),
    ]),
    panel(
      9,
      "Learner and cycle",
      "short",
      32,
      0,
      [
        t(`neuropilot_learner_converged{${sel}}`, "converged", "A"),
        t(`neuropilot_learner_unsafe_pairs{${sel}}`, "unsafe pairs", "B"),
        t(`neuropilot_last_exit_code{${sel}}`, "last exit code", "C"),
        t(`neuropilot_cycle_duration_seconds{${sel}}`, "cycle duration (s)", "D"),
      ],
      24,
    ),
  ];
  return {
    title: "NeuroPilot",
    uid: "neuropilot",
    tags: ["neuropilot"],
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: "now-7d", to: "now" },
    templating: {
      list: [
        { name: "datasource", type: "datasource", query: "prometheus", label: "Prometheus" },
        {
          name: "stack",
          type: "query",
          label: "stack",
          datasource: { type: "prometheus", uid: "${datasource}" },
          query: "label_values(neuropilot_last_run_timestamp_seconds, stack)",
          refresh: 2,
        },
      ],
    },
    annotations: {
      list: [
        {
          name: "NeuroPilot decisions",
          datasource: { type: "grafana", uid: "-- Grafana --" },
          enable: true,
          iconColor: "orange",
          target: { type: "tags", tags: ["neuropilot", "stack:$stack"], matchAny: false, limit: 500 },
        },
      ],
    },
    panels,
  };
}

/** Every PromQL expression of the dashboard (for validation). */
export function dashboardExpressions(d: Record<string, unknown>): string[] {
  return (d.panels as { targets: Target[] }[]).flatMap((p) => p.targets.map((x) => x.expr));
}
