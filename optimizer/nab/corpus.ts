/*
 * Adapter: reads a directory laid out like NAB's data/ (data/<category>/<file>.csv) and a combined_windows.json.
 * Label entries whose file is absent are skipped; files without a label entry are an error (NAB labels every file).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export interface NabFile {
  /** Label key, "<category>/<file>.csv". */
  key: string;
  category: string;
  name: string;
  timestamps: number[];
  values: number[];
  /** Label windows [start, end] in Unix ms. */
  windows: [number, number][];
}

/** Parses NAB's timestamp format ("2014-04-10 07:15:00", optionally with fractional seconds) as UTC. */
export function parseNabTimestamp(text: string): number {
  const iso = text.trim().replace(" ", "T");
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return ms;
}

/** Parses a `timestamp,value` CSV (header required). Names the file and line of any bad row. */
export function parseTimestampValueCsv(text: string, source: string): { timestamps: number[]; values: number[] } {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim().toLowerCase();
  if (header !== "timestamp,value") throw new Error(`${source}: expected header "timestamp,value", got "${lines[0]}"`);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") continue;
    const comma = line.indexOf(",");
    const t = comma > 0 ? parseNabTimestamp(line.slice(0, comma)) : NaN;
    const v = comma > 0 ? Number(line.slice(comma + 1)) : NaN;
    if (!Number.isFinite(t)) throw new Error(`${source}:${i + 1}: bad timestamp in "${line}"`);
    if (!Number.isFinite(v)) throw new Error(`${source}:${i + 1}: bad value in "${line}"`);
    timestamps.push(t);
    values.push(v);
  }
  return { timestamps, values };
}

function parseLabels(path: string): Map<string, [number, number][]> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`labels file ${path}: ${(err as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new Error(`labels file ${path}: expected an object keyed "<category>/<file>.csv"`);
  }
  const out = new Map<string, [number, number][]>();
  for (const [key, windows] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(windows)) throw new Error(`labels file ${path}: entry "${key}" is not a list of windows`);
    out.set(
      key,
      windows.map((w, i) => {
        if (!Array.isArray(w) || w.length !== 2 || typeof w[0] !== "string" || typeof w[1] !== "string") {
          throw new Error(`labels file ${path}: "${key}" window ${i} is not [start, end]`);
        }
        const from = parseNabTimestamp(w[0]);
        const to = parseNabTimestamp(w[1]);
        if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
          throw new Error(`labels file ${path}: "${key}" window ${i} has bad timestamps ${JSON.stringify(w)}`);
        }
        return [from, to] as [number, number];
      }),
    );
  }
  return out;
}

/** Loads every labelled file present under dataDir, sorted by key. */
export function loadNabCorpus(dataDir: string, labelsPath: string): NabFile[] {
  const labels = parseLabels(labelsPath);
  try {
    if (!statSync(dataDir).isDirectory()) throw new Error("not a directory");
  } catch (err) {
    throw new Error(`data directory ${dataDir}: ${(err as Error).message}`);
  }
  const files: NabFile[] = [];
  for (const key of [...labels.keys()].sort()) {
    const [category, name, ...rest] = key.split("/");
    if (!category || !name || rest.length > 0) throw new Error(`labels file ${labelsPath}: bad key "${key}"`);
    const path = join(dataDir, category, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue; // label entry whose file is absent: skipped
    }
    const { timestamps, values } = parseTimestampValueCsv(text, path);
    files.push({ key, category, name, timestamps, values, windows: labels.get(key) ?? [] });
  }
  if (files.length === 0) {
    const present = readdirSync(dataDir).join(", ");
    throw new Error(`no labelled file of ${labelsPath} found under ${dataDir} (it holds: ${present || "nothing"})`);
  }
  return files;
}
