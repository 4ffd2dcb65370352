import { writeFileAtomic } from "../core/atomicFile";
import { promises as fs } from "node:fs";
import { z } from "zod";
import { SIGNALS, type SignalSet } from "../core/types";
import { mergeHistory, trimHistory, type MetricsHistory } from "./history";

/*
 * Adapter: the metrics history on disk, as versioned JSON written atomically (temp file + fsync + rename).
 * Format (schemaVersion 1): { schemaVersion, stepSeconds, startMs, signals: { <signal>: (number|null)[] } }
 * — one regular grid for all signals, null = missing.
 */

export const HISTORY_SCHEMA_VERSION = 1;

export class HistoryFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`metrics history ${file}: ${message}`);
    this.name = "HistoryFileError";
  }
}

const values = z.array(z.number().nullable());
const fileV1 = z
  .object({
    schemaVersion: z.literal(1),
    stepSeconds: z.number().positive(),
    startMs: z.number().int(),
    savedAt: z.string().optional(),
    signals: z
      .object(Object.fromEntries(SIGNALS.map((s) => [s, values])) as Record<(typeof SIGNALS)[number], typeof values>)
      .strict(),
  })
  .strict();

/** Reads the history; undefined when the file does not exist. Throws HistoryFileError on anything else wrong. */
export async function loadHistory(file: string): Promise<MetricsHistory | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new HistoryFileError(file, `cannot read: ${(e as Error).message}`);
  }
  return parseHistory(text, file);
}

/** Parses the text of a history file (`file` only names it in errors). */
export function parseHistory(text: string, file: string): MetricsHistory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HistoryFileError(file, `not valid JSON (${(e as Error).message})`);
  }
  const version =
    json !== null && typeof json === "object" ? (json as Record<string, unknown>).schemaVersion : undefined;
  if (version !== HISTORY_SCHEMA_VERSION)
    throw new HistoryFileError(
      file,
      `unknown schema version ${JSON.stringify(version)}; this NeuroPilot reads schemaVersion ${HISTORY_SCHEMA_VERSION} (move the file aside to start a new history)`,
    );
  const r = fileV1.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new HistoryFileError(file, `invalid content at ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  const n = r.data.signals.cpu.length;
  for (const s of SIGNALS)
    if (r.data.signals[s].length !== n)
      throw new HistoryFileError(file, `signals.${s} has ${r.data.signals[s].length} values, signals.cpu has ${n}`);
  const stepMs = r.data.stepSeconds * 1000;
  const signals = {} as SignalSet;
  for (const s of SIGNALS)
    signals[s] = {
      timestamps: Array.from({ length: n }, (_, i) => r.data.startMs + i * stepMs),
      values: r.data.signals[s].map((v) => (v === null ? NaN : v)),
    };
  return { stepSeconds: r.data.stepSeconds, signals };
}

/** Writes the history atomically: a reader sees the old file or the new one, never half of one. */
export async function saveHistory(file: string, h: MetricsHistory, now: Date): Promise<void> {
  const ts = h.signals.cpu.timestamps;
  const body = {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    stepSeconds: h.stepSeconds,
    startMs: ts.length > 0 ? ts[0] : 0,
    savedAt: now.toISOString(),
    signals: Object.fromEntries(
      SIGNALS.map((s) => [s, h.signals[s].values.map((v) => (Number.isFinite(v) ? v : null))]),
    ),
  };
  for (const s of SIGNALS)
    if (h.signals[s].timestamps.length !== ts.length)
      throw new HistoryFileError(file, `cannot save: ${s} is not on the shared grid`);
  try {
    writeFileAtomic(file, JSON.stringify(body));
  } catch (e) {
    throw new HistoryFileError(file, `cannot replace: ${(e as Error).message}`);
  }
}

/** Load → merge the fresh fetch → trim to `historyDays` → save. Returns what was saved. */
export async function updateHistoryFile(
  file: string,
  fresh: SignalSet,
  opts: { stepSeconds: number; historyDays: number; now: Date },
): Promise<MetricsHistory> {
  const old = await loadHistory(file);
  let merged: MetricsHistory;
  try {
    merged = mergeHistory(old, fresh, opts.stepSeconds);
  } catch (e) {
    throw new HistoryFileError(file, (e as Error).message);
  }
  const trimmed = trimHistory(merged, opts.now.getTime(), opts.historyDays);
  await saveHistory(file, trimmed, opts.now);
  return trimmed;
}
