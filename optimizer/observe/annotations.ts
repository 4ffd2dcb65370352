import type { CycleObservation } from "./types";

/** A Grafana annotation (HTTP API `POST /api/annotations`): one per decision that changed or restored config. */
export interface GrafanaAnnotation {
  time: number;
  tags: string[];
  text: string;
}

const ANNOTATED = new Set(["changed", "rolled-back", "recovered"]);

/** The annotation for this run's decision, if it changed (or restored) thresholds. Pure. */
export function annotationFor(o: CycleObservation): GrafanaAnnotation | null {
  const last = o.decisions[o.decisions.length - 1];
  if (!last || o.run.cycleId === null || last.cycleId !== o.run.cycleId || !ANNOTATED.has(last.outcome)) return null;
  const pair = (t: { scaleOutCpuThreshold: number; scaleInCpuThreshold: number }) =>
    `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
  return {
    time: last.timestamp,
    tags: ["neuropilot", `stack:${o.run.stack}`, `outcome:${last.outcome}`],
    text: `neuropilot ${last.outcome} ${pair(last.from)} → ${pair(last.to)} (cycle ${last.cycleId}): ${last.reason}`,
  };
}
