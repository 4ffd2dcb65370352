import type { CycleObservation } from "./types";

/*
 * The optimizer's own metrics in the Prometheus text exposition format (version 0.0.4), for node_exporter's
 * textfile collector and the Pushgateway. Pure: one observation in, the text out.
 */

/** Exit codes that count as a successful cycle (docs/guide.md: ok; cooldown holds are ok too). */
const SUCCESS_EXIT = 0;
/** Outcomes of decision lines written by a successful cycle. */
const SUCCESS_OUTCOMES = new Set(["changed", "held", "recovered"]);
export const OUTCOMES = ["changed", "held", "refused", "rolled-back", "recovered"] as const;
export const SEVERITIES = ["info", "warning", "critical"] as const;

function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(",")}}`;
}

function num(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return String(Math.round(v * 1e6) / 1e6);
}

interface Family {
  name: string;
  type: "gauge" | "counter";
  help: string;
  samples: { labels: Record<string, string>; value: number }[];
}

/** The time of the last successful cycle: this run if it succeeded, else the newest of the log and the last file. */
export function lastSuccessMs(o: CycleObservation): number | null {
  let best = o.previousSuccessMs;
  for (const d of o.decisions) if (SUCCESS_OUTCOMES.has(d.outcome)) best = Math.max(best ?? 0, d.timestamp);
  if (o.run.exitCode === SUCCESS_EXIT) best = Math.max(best ?? 0, o.run.finishedAtMs);
  return best;
}

/** Seconds flagged per severity in the newest decision's window (a range's duration, end − start). */
export function anomalySeconds(o: CycleObservation): Record<(typeof SEVERITIES)[number], number> {
  const out = { info: 0, warning: 0, critical: 0 };
  const last = o.decisions[o.decisions.length - 1];
  for (const a of last?.anomalies ?? [])
    if (a.severity in out) out[a.severity as keyof typeof out] += (a.endMs - a.startMs) / 1000;
  return out;
}

export function families(o: CycleObservation): Family[] {
  const stack = o.run.stack;
  const s = (value: number, extra: Record<string, string> = {}) => ({ labels: { stack, ...extra }, value });
  const counts = new Map<string, number>(OUTCOMES.map((k) => [k, 0]));
  for (const d of o.decisions) counts.set(d.outcome, (counts.get(d.outcome) ?? 0) + 1);
  const success = lastSuccessMs(o);
  const anomalous = anomalySeconds(o);
  const f: Family[] = [
    {
      name: "neuropilot_last_success_timestamp_seconds",
      type: "gauge",
      help: "Unix time of the last successful optimisation cycle (0: none yet).",
      samples: [s((success ?? 0) / 1000)],
    },
    {
      name: "neuropilot_last_run_timestamp_seconds",
      type: "gauge",
      help: "Unix time the last neuropilot cycle run ended, whatever its outcome.",
      samples: [s(o.run.finishedAtMs / 1000)],
    },
    {
      name: "neuropilot_last_exit_code",
      type: "gauge",
      help: "Exit code of the last cycle run (docs/guide.md, Exit codes).",
      samples: [s(o.run.exitCode)],
    },
    {
      name: "neuropilot_cycle_duration_seconds",
      type: "gauge",
      help: "Wall time of the last cycle run.",
      samples: [s((o.run.finishedAtMs - o.run.startedAtMs) / 1000)],
    },
    {
      name: "neuropilot_cycle_outcomes_total",
      type: "counter",
      help: "Cycles recorded in the decision log, by outcome.",
      samples: [...counts.entries()].map(([outcome, n]) => s(n, { outcome })),
    },
    {
      name: "neuropilot_anomaly_duration_seconds",
      type: "gauge",
      help: "Time flagged as anomalous in the last cycle's window, by severity (anomaly minutes × 60).",
      samples: SEVERITIES.map((severity) => s(anomalous[severity], { severity })),
    },
  ];
  if (o.thresholds)
    f.push({
      name: "neuropilot_threshold_percent",
      type: "gauge",
      help: "CPU thresholds in force (stack config), percent.",
      samples: [
        s(o.thresholds.scaleOutCpuThreshold, { threshold: "scale_out" }),
        s(o.thresholds.scaleInCpuThreshold, { threshold: "scale_in" }),
      ],
    });
  if (o.learner)
    f.push(
      {
        name: "neuropilot_learner_converged",
        type: "gauge",
        help: "1 when the threshold learner has converged, else 0.",
        samples: [s(o.learner.converged ? 1 : 0)],
      },
      {
        name: "neuropilot_learner_cycles",
        type: "gauge",
        help: "Cycles the threshold learner has observed.",
        samples: [s(o.learner.cycle)],
      },
      {
        name: "neuropilot_learner_pairs_tried",
        type: "gauge",
        help: "Threshold pairs the learner has observed.",
        samples: [s(o.learner.pairsTried)],
      },
      {
        name: "neuropilot_learner_unsafe_pairs",
        type: "gauge",
        help: "Threshold pairs the learner marked unsafe (missed the SLA).",
        samples: [s(o.learner.unsafePairs)],
      },
    );
  return f;
}

/** The text exposition of every family, newline-terminated. */
export function toExposition(o: CycleObservation): string {
  const lines: string[] = [];
  for (const fam of families(o)) {
    lines.push(`# HELP ${fam.name} ${fam.help}`, `# TYPE ${fam.name} ${fam.type}`);
    for (const sm of fam.samples) lines.push(`${fam.name}${labels(sm.labels)} ${num(sm.value)}`);
  }
  return `${lines.join("\n")}\n`;
}
