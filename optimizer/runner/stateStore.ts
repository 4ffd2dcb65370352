import * as fs from "node:fs";
import * as path from "node:path";
import { appendJsonLine, readJsonFile, writeFileAtomic, writeJsonAtomic } from "../core/atomicFile";

/** On-disk envelope of every state file: what it is, which schema, when it was written. */
export interface Envelope<T> {
  kind: string;
  schemaVersion: number;
  savedAt: string;
  data: T;
}

/** A state file exists but cannot be used (wrong kind/version, unreadable); names the file. */
export class StateFileError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = "StateFileError";
  }
}

/**
 * The optimizer's state between runs, one directory per stack (`state/<stack>/`): versioned JSON documents
 * written atomically and append-only JSON Lines logs. Small, text only, meant to be committed as the audit trail.
 */
export class StateStore {
  constructor(readonly dir: string) {}

  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Reads `<name>` if present; a kind or schema mismatch is an error naming the file, never silently ignored. */
  read<T>(name: string, kind: string, schemaVersion: number): T | undefined {
    const file = this.file(name);
    const raw = readJsonFile(file);
    if (raw === undefined) return undefined;
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
