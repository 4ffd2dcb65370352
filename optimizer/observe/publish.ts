import { writeFileAtomic } from "../core/atomicFile";
import { alertsFor } from "./alerts";
import { annotationFor } from "./annotations";
import { toExposition } from "./exposition";
import { textfilePath } from "./readState";
import type { ObserveSettings } from "./settings";
import type { CycleObservation } from "./types";

/** One destination's result; `error` never contains a token or a URL's credentials. */
export interface PublishResult {
  channel: "textfile" | "pushgateway" | "alertmanager" | "grafana";
  ok: boolean;
  error?: string;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const TIMEOUT_MS = 10_000;

async function send(fetchImpl: Fetch, url: string, init: RequestInit): Promise<void> {
  // user:password in the URL becomes a Basic auth header (fetch refuses URLs with credentials)
  const u = new URL(url);
  const headers = new Headers(init.headers);
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    headers.set("Authorization", `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`);
    u.username = "";
    u.password = "";
  }
  const target = u.toString();
  let res: Response;
  try {
    res = await fetchImpl(target, { ...init, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const c = (err as { cause?: { code?: string; message?: string } }).cause;
    const cause = c?.code ?? c?.message ?? (err as Error).message;
    throw new Error(`${init.method} ${target}: ${cause}`);
  }
  if (!res.ok) {
    const body = (await res.text().catch(() => "")).split("\n")[0].slice(0, 200);
    throw new Error(`${init.method} ${target}: HTTP ${res.status}${body ? ` ${body}` : ""}`);
  }
}

/**
 * Writes and sends the optimizer's own telemetry for one run to every configured destination. A destination that
 * fails is reported in the results; the others still run.
 */
export async function publishObservation(
  o: CycleObservation,
  s: ObserveSettings,
  fetchImpl: Fetch = fetch,
): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  const attempt = async (channel: PublishResult["channel"], f: () => Promise<void> | void) => {
    try {
      await f();
      results.push({ channel, ok: true });
    } catch (err) {
      results.push({ channel, ok: false, error: (err as Error).message });
    }
  };
  const text = toExposition(o);
  const stack = encodeURIComponent(o.run.stack);
  if (s.textfileDir) {
    const dir = s.textfileDir;
    await attempt("textfile", () => writeFileAtomic(textfilePath(dir, o.run.stack), text));
  }
  if (s.pushgatewayUrl) {
    const url = `${s.pushgatewayUrl}/metrics/job/neuropilot/stack/${stack}`;
    await attempt("pushgateway", () =>
      send(fetchImpl, url, { method: "PUT", headers: { "Content-Type": "text/plain; version=0.0.4" }, body: text }),
    );
  }
  if (s.alertmanagerUrl) {
    const url = `${s.alertmanagerUrl}/api/v2/alerts`;
    await attempt("alertmanager", () =>
      send(fetchImpl, url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(alertsFor(o)),
      }),
    );
  }
  const annotation = annotationFor(o);
  if (s.grafanaUrl && annotation) {
    const url = `${s.grafanaUrl}/api/annotations`;
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (s.grafanaToken) headers.Authorization = `Bearer ${s.grafanaToken}`;
    await attempt("grafana", () => send(fetchImpl, url, { method: "POST", headers, body: JSON.stringify(annotation) }));
  }
  return results;
}
