/** Where the optimizer's own telemetry goes; every destination is optional (read from the environment). */
export interface ObserveSettings {
  /** node_exporter textfile collector directory: `<dir>/neuropilot_<stack>.prom` is written atomically. */
  textfileDir?: string;
  /** Pushgateway base URL: the metrics are PUT to `<url>/metrics/job/neuropilot/stack/<stack>`. */
  pushgatewayUrl?: string;
  /** Alertmanager base URL: alerts are POSTed to `<url>/api/v2/alerts`. */
  alertmanagerUrl?: string;
  /** Grafana base URL: decisions are POSTed to `<url>/api/annotations`, with `grafanaToken` as bearer token. */
  grafanaUrl?: string;
  grafanaToken?: string;
}

export const OBSERVE_ENV = {
  textfileDir: "NEUROPILOT_TEXTFILE_DIR",
  pushgatewayUrl: "NEUROPILOT_PUSHGATEWAY_URL",
  alertmanagerUrl: "NEUROPILOT_ALERTMANAGER_URL",
  grafanaUrl: "NEUROPILOT_GRAFANA_URL",
  grafanaToken: "NEUROPILOT_GRAFANA_TOKEN",
} as const;

export function readObserveSettings(env: Readonly<Record<string, string | undefined>>): ObserveSettings {
  const out: ObserveSettings = {};
  for (const [key, name] of Object.entries(OBSERVE_ENV) as [keyof ObserveSettings, string][]) {
    const v = env[name]?.trim();
    if (v) out[key] = key.endsWith("Url") ? v.replace(/\/+$/, "") : v;
  }
  return out;
}

/** True when at least one destination is configured. */
export function anyDestination(s: ObserveSettings): boolean {
  return Boolean(s.textfileDir || s.pushgatewayUrl || s.alertmanagerUrl || s.grafanaUrl);
}
