import type { CycleObservation } from "./types";

/*
 * Alertmanager alerts (API v2 `postableAlerts`) for the two things that must page someone: a failed cycle and a
 * critical anomaly. Pure. Every run sends both alerts: firing ones without `endsAt` (Alertmanager keeps them
 * active until its resolve timeout, and the next run re-sends them), cleared ones with `endsAt` = now, which
 * resolves an alert that fired before.
 */

export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

/** Exit codes that mean the cycle failed (docs/guide.md): unexpected failure, rolled back. */
const FAILED_EXIT = new Set([1, 6]);

export function alertsFor(o: CycleObservation): PostableAlert[] {
  const now = new Date(o.run.finishedAtMs).toISOString();
  const base = { service: "neuropilot", stack: o.run.stack };
  const last = o.decisions[o.decisions.length - 1];
  const lastIsThisRun = last !== undefined && o.run.cycleId !== null && last.cycleId === o.run.cycleId;
  const failed = FAILED_EXIT.has(o.run.exitCode);
  const critical = lastIsThisRun ? last.anomalies.filter((a) => a.severity === "critical") : [];
  const reason = lastIsThisRun ? last.reason : (o.run.error ?? `exit code ${o.run.exitCode}`);
  const alert = (name: string, severity: string, firing: boolean, summary: string, description: string) => ({
    labels: { alertname: name, severity, ...base },
    annotations: { summary, description },
    startsAt: now,
    ...(firing ? {} : { endsAt: now }),
  });
  return [
    alert(
      "NeuroPilotCycleFailed",
      "critical",
      failed,
      `neuropilot cycle on ${o.run.stack} ${failed ? `failed (exit ${o.run.exitCode})` : "succeeded"}`,
      failed ? `${o.run.outcome ?? "failure"}: ${reason}` : `last run exited ${o.run.exitCode}`,
    ),
    alert(
      "NeuroPilotCriticalAnomaly",
      "critical",
      critical.length > 0,
      critical.length > 0
        ? `critical anomaly on ${o.run.stack}: ${[...new Set(critical.map((a) => a.signal))].join(", ")}`
        : `no critical anomaly on ${o.run.stack}`,
      critical
        .map((a) => `${a.signal} ${new Date(a.startMs).toISOString()}–${new Date(a.endMs).toISOString()}`)
        .join("; ") || "none in the last window",
    ),
  ];
}
