import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import { appendJsonLine, readJsonFile, writeFileAtomic, writeJsonAtomic } from "../core/atomicFile";
import { loadModel } from "../detect/modelStore";
import type { KMeansModel } from "../detect/kmeansModel";
import type { MetricsHistory } from "../metrics/history";
import { loadHistory, saveHistory } from "../metrics/historyFile";
import type { StateStore } from "../runner/ports";
import { decisionLine, type DecisionLogEntry } from "./decisionLog";
import { StateFileError } from "./errors";
import { DOCUMENT_KINDS, STATE_FILES, STATE_SCHEMA_VERSION } from "./layout";
import { DOCUMENT_SCHEMAS, describeZodError, type StateDocuments } from "./schemas";

/** On-disk envelope of every JSON state document: what it is, which schema, when it was written. */
export interface Envelope<T> {
  kind: string;
  schemaVersion: number;
  savedAt: string;
  data: T;
}

/**
 * The StateStore port on files, one directory per stack (`state/<stack>/`): versioned JSON documents written
 * atomically and validated by their schema on read and write, and append-only JSON Lines logs. Small, text only,
 * meant to be committed as the audit trail.
 */
export class FileStateStore implements StateStore {
  constructor(readonly dir: string) {}

  get location(): string {
    return this.dir;
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  async load<N extends keyof StateDocuments>(name: N): Promise<StateDocuments[N] | undefined> {
    const data = this.read<unknown>(STATE_FILES[name], DOCUMENT_KINDS[name], STATE_SCHEMA_VERSION);
    if (data === undefined) return undefined;
    this.check(STATE_FILES[name], DOCUMENT_SCHEMAS[name], data, "invalid content");
    return data as StateDocuments[N];
  }

  async save<N extends keyof StateDocuments>(name: N, data: StateDocuments[N], now: Date): Promise<void> {
    this.check(STATE_FILES[name], DOCUMENT_SCHEMAS[name], data, "refusing to write invalid content");
    this.write(STATE_FILES[name], DOCUMENT_KINDS[name], STATE_SCHEMA_VERSION, data, now);
  }

  async discard(name: keyof StateDocuments): Promise<void> {
    this.remove(STATE_FILES[name]);
  }

  async appendDecision(entry: DecisionLogEntry): Promise<void> {
    this.check(STATE_FILES.decisions, decisionLine, entry, "refusing to append an invalid line");
    this.append(STATE_FILES.decisions, entry);
  }

  async decisions(): Promise<DecisionLogEntry[]> {
    return this.readLines<DecisionLogEntry>(STATE_FILES.decisions);
  }

  async writeCommitMessage(text: string): Promise<void> {
    this.writeText(STATE_FILES.lastChange, text);
  }

  loadHistory(): Promise<MetricsHistory | undefined> {
    return loadHistory(this.file(STATE_FILES.history));
  }

  saveHistory(history: MetricsHistory, now: Date): Promise<void> {
    return saveHistory(this.file(STATE_FILES.history), history, now);
  }

  async loadModel(): Promise<KMeansModel | undefined> {
    return loadModel(this.file(STATE_FILES.model));
  }

  /** Validates `data` against the file's schema; the error names the file and the first offending fields. */
  check(name: string, schema: z.ZodType, data: unknown, what: string): void {
    const r = schema.safeParse(data);
    if (!r.success) throw new StateFileError(this.file(name), `${what}: ${describeZodError(r.error)}`);
  }

  /** Reads `<name>` if present; a kind or schema mismatch is an error naming the file, never silently ignored. */
  read<T>(name: string, kind: string, schemaVersion: number): T | undefined {
    const file = this.file(name);
    let raw: unknown;
    try {
      raw = readJsonFile(file);
    } catch (err) {
      throw new StateFileError(file, (err as Error).message.replace(`${file}: `, ""));
    }
    if (raw === undefined) return undefined;
    if (raw === null || typeof raw !== "object") throw new StateFileError(file, "not a state document (an object)");
    const env = raw as Partial<Envelope<T>>;
    if (env.kind !== kind) throw new StateFileError(file, `expected kind "${kind}", found ${JSON.stringify(env.kind)}`);
    if (env.schemaVersion !== schemaVersion)
      throw new StateFileError(
        file,
        `schema version ${String(env.schemaVersion)} is not the supported ${schemaVersion}; move the file aside to start fresh`,
      );
    return env.data as T;
  }

  write<T>(name: string, kind: string, schemaVersion: number, data: T, now: Date): void {
    const env: Envelope<T> = { kind, schemaVersion, savedAt: now.toISOString(), data };
    writeJsonAtomic(this.file(name), env);
  }

  /** Writes a small text file atomically (e.g. the commit message CI uses). */
  writeText(name: string, text: string): void {
    writeFileAtomic(this.file(name), text);
  }

  remove(name: string): void {
    fs.rmSync(this.file(name), { force: true });
  }

  append(name: string, record: unknown): void {
    appendJsonLine(this.file(name), record);
  }

  /** Every record of a JSON Lines file; a corrupt line (e.g. a torn last write) is reported with its line number. */
  readLines<T>(name: string): T[] {
    const file = this.file(name);
    if (!fs.existsSync(file)) return [];
    const out: T[] = [];
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        throw new StateFileError(file, `line ${i + 1} is not valid JSON`);
      }
    });
    return out;
  }
}
