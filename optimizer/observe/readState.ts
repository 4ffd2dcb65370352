import * as fs from "node:fs";
import * as path from "node:path";
import { stackFileValues } from "../../infra/config/stackFile";
import type { Thresholds } from "../core/types";
import { STATE_FILES } from "../state/layout";
import type { CycleObservation, DecisionFacts, LearnerFacts, RunFacts } from "./types";

/*
 * Reads what the metrics are computed from: the state directory the cycle just wrote, the stack file (thresholds
 * in force) and the previous metrics file (the last success of earlier runs). Missing files are simply absent
 * facts (a first run has no learner yet); an unreadable file is an error naming it.
 */

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${file}: cannot read: ${(err as Error).message}`);
  }
}

export function readDecisions(file: string): DecisionFacts[] {
  const text = readIfExists(file);
  if (!text) return [];
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l, i) => {
      try {
        return JSON.parse(l) as DecisionFacts;
      } catch {
        throw new Error(`${file}:${i + 1}: not a JSON line`);
      }
    });
}

export function readLearner(file: string): LearnerFacts | null {
  const text = readIfExists(file);
  if (!text) return null;
  const env = JSON.parse(text) as {
    data?: {
      converged?: boolean;
      cycle?: number;
      convergedAtCycle?: number | null;
      unsafe?: unknown[];
      pairs?: Record<string, unknown>;
    };
  };
  const d = env.data ?? {};
  return {
    converged: d.converged === true,
    cycle: d.cycle ?? 0,
    convergedAtCycle: d.convergedAtCycle ?? null,
    unsafePairs: d.unsafe?.length ?? 0,
    pairsTried: Object.keys(d.pairs ?? {}).length,
  };
}

export function readThresholds(stackFile: string): Thresholds | null {
  const text = readIfExists(stackFile);
  if (!text) return null;
  const cfg = stackFileValues(text, stackFile);
  const out = Number(cfg["neuropilot:scaleOutCpuThreshold"]);
  const inn = Number(cfg["neuropilot:scaleInCpuThreshold"]);
  return Number.isFinite(out) && Number.isFinite(inn) ? { scaleOutCpuThreshold: out, scaleInCpuThreshold: inn } : null;
}

/** `neuropilot_last_success_timestamp_seconds` from a metrics file written earlier, in ms. */
export function previousSuccessMs(promFile: string | undefined): number | null {
  const text = promFile ? readIfExists(promFile) : undefined;
  const m = text?.match(/^neuropilot_last_success_timestamp_seconds\{[^}]*\} ([0-9.e+]+)$/m);
  const v = m ? Number(m[1]) * 1000 : NaN;
  return Number.isFinite(v) && v > 0 ? v : null;
}

export function textfilePath(dir: string, stack: string): string {
  return path.join(dir, `neuropilot_${stack}.prom`);
}

export function readObservation(a: {
  run: RunFacts;
  stackDir: string;
  stackFile: string;
  textfileDir?: string;
}): CycleObservation {
  return {
    run: a.run,
    decisions: readDecisions(path.join(a.stackDir, STATE_FILES.decisions)),
    learner: readLearner(path.join(a.stackDir, STATE_FILES.learner)),
    thresholds: readThresholds(a.stackFile),
    previousSuccessMs: previousSuccessMs(a.textfileDir ? textfilePath(a.textfileDir, a.run.stack) : undefined),
  };
}
