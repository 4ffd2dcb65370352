import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import type { SignalSet } from "../../core/types";
import type { AnomalyModelStatus, LoggedDecision, LearningStatus, SignalAnomalySummary } from "../types";
import type { MetricsHistory } from "../../metrics/history";
import { HistoryFileError, parseHistory } from "../../metrics/historyFile";
import { decisionLine } from "../../state/decisionLog";
import { StateFileError } from "../../state/errors";
import { STATE_FILES } from "../../state/layout";
import {
  anomaliesFileSchema as anomaliesFile,
  describeZodError,
  learnerProgressSchema as learnerFile,
} from "../../state/schemas";
import { modelFile } from "./inputSchema";

/** State files of one stack, as far as they exist; `notes` says what was missing or skipped, per file. */
export interface LoadedState {
  signals: SignalSet | null;
  anomalies: SignalAnomalySummary[] | null;
  decisions: LoggedDecision[];
  learning: LearningStatus | null;
  anomalyModel: AnomalyModelStatus | null;
  notes: string[];
}

/**
 * Reads state/<stack>/{metrics-history.json, anomalies.json, decisions.jsonl, model.json}, bare or wrapped in the
 * runner's envelope ({ kind, schemaVersion, savedAt, data }, optimizer/state/fileStateStore.ts). A missing file is not an
 * error: it yields null/empty and a note; a malformed metrics or anomalies file throws StateFileError; a model.json
 * without the learning-status fields and a malformed line of the decision log are skipped with a note (an
 * interrupted append must not block the report).
 */
export function loadState(stateDir: string, stack: string): LoadedState {
  const dir = path.join(stateDir, stack);
  const notes: string[] = [];
  const file = (name: string) => path.join(dir, name);

  const metrics = readHistory(file(STATE_FILES.history));
  if (metrics === undefined)
    notes.push(`no metrics history yet (${file(STATE_FILES.history)}): run \`neuropilot cycle\` first`);

  const anomalies = readJson(file(STATE_FILES.anomalies), anomaliesFile);
  if (anomalies === undefined)
    notes.push(
      `no anomaly summaries yet (${file(STATE_FILES.anomalies)}): run \`neuropilot cycle\` first; anomalies are left out of the health score`,
    );

  let model: z.output<typeof modelFile> | undefined;
  try {
    model = readJson(file(STATE_FILES.model), modelFile);
    if (model === undefined)
      notes.push(`no anomaly model yet (${file(STATE_FILES.model)}): \`neuropilot train\` has not run for this stack`);
  } catch (err) {
    // model.json may hold another shape (e.g. an older detector model): report it as missing, not a failure
    notes.push(`no anomaly model status in ${(err as Error).message}`);
  }

  const learner = readJson(file(STATE_FILES.learner), learnerFile);
  if (learner === undefined)
    notes.push(`no learning status yet (${file(STATE_FILES.learner)}): the learner has not run for this stack`);
  /** Learner decision actions by cycle (the last line of a cycle wins, so a replayed or recovered line counts once). */
  const learnerActions = new Map<number, string>();

  const decisions: LoggedDecision[] = [];
  const logPath = file(STATE_FILES.decisions);
  const log = readText(logPath);
  if (log === undefined)
    notes.push(`no decision log yet (${logPath}): the optimizer has made no decision for this stack`);
  else
    log.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        notes.push(`${logPath} line ${i + 1} skipped: not valid JSON`);
        return;
      }
      const r = decisionLine.safeParse(json);
      if (!r.success) {
        notes.push(`${logPath} line ${i + 1} skipped: ${describeZodError(r.error)}`);
        return;
      }
      if (r.data.learner) learnerActions.set(r.data.learner.decision.cycle, r.data.learner.decision.action);
      decisions.push({
        timestamp: r.data.timestamp,
        action: r.data.action,
        from: r.data.from,
        to: r.data.to,
        reason: r.data.reason,
      });
    });

  return {
    signals: metrics ? metrics.signals : null,
    anomalies: anomalies
      ? anomalies.signals.map((a) => ({
          signal: a.signal,
          ranges: a.ranges,
          ...(a.points ? { points: a.points } : {}),
        }))
      : null,
    decisions,
    learning: learner
      ? {
          cycles: learner.cycle,
          converged: learner.converged,
          convergedAtCycle: learner.convergedAtCycle,
          lastSafe: learner.lastSafe,
          pairsTried: Object.keys(learner.pairs).length,
          unsafePairs: learner.unsafe.length,
          explorations: countActions(learnerActions, "explore"),
          backOffs: countActions(learnerActions, "back-off"),
          minutesSeen: learner.minutesSeen,
          badMinutes: learner.badMinutes,
        }
      : null,
    anomalyModel: model
      ? {
          loss: model.loss,
          converged: model.converged,
          runs: model.runs ?? model.daysLearning ?? 0,
          samples: model.samples,
          ...(model.lossHistory
            ? { lossHistory: model.lossHistory }
            : model.history
              ? { lossHistory: model.history.map((h) => h.loss) }
              : {}),
        }
      : null,
    notes,
  };
}

function countActions(actions: ReadonlyMap<number, string>, action: string): number {
  let n = 0;
  for (const a of actions.values()) if (a === action) n++;
  return n;
}

/** The metrics history, read by the one reader of its format (optimizer/metrics/historyFile.ts). */
function readHistory(p: string): MetricsHistory | undefined {
  const text = readText(p);
  if (text === undefined) return undefined;
  try {
    return parseHistory(text, p);
  } catch (err) {
    if (err instanceof HistoryFileError) throw new StateFileError(p, err.message.replace(`metrics history ${p}: `, ""));
    throw err;
  }
}

function readText(p: string): string | undefined {
  try {
    return fs.readFileSync(p, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(p, `cannot be read (${(err as Error).message})`);
  }
}

function readJson<S extends z.ZodType>(p: string, schema: S): z.output<S> | undefined {
  const text = readText(p);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(p, `is not valid JSON (${(err as Error).message})`);
  }
  const r = schema.safeParse(unwrapEnvelope(json));
  if (!r.success) throw new StateFileError(p, describeZodError(r.error));
  return r.data;
}

/** The runner's state files wrap their content as { kind, schemaVersion, savedAt, data }; accept both forms. */
function unwrapEnvelope(json: unknown): unknown {
  if (
    json !== null &&
    typeof json === "object" &&
    "data" in json &&
    typeof (json as { kind?: unknown }).kind === "string"
  )
    return (json as { data: unknown }).data;
  return json;
}
