/**
 * The stand-in's "cloud": a JSON file of resources. Every change is a read-modify-write under an in-process queue
 * and a cross-process lock file (several provider processes may share one file), written atomically (temp+rename).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { PropertyBag } from "./values";

export interface StandinRecord {
  urn?: string;
  type: string;
  id: string;
  inputs: PropertyBag;
  outputs: PropertyBag;
}

export interface StandinStateFile {
  version: 1;
  resources: StandinRecord[];
}

const LOCK_TIMEOUT_MS = 15_000;
const LOCK_RETRY_MS = 15;

function isRecord(v: unknown): v is StandinRecord {
  if (typeof v !== "object" || v === null) return false;
  const r = v as { [key: string]: unknown };
  return (
    typeof r.type === "string" &&
    typeof r.id === "string" &&
    typeof r.inputs === "object" &&
    typeof r.outputs === "object"
  );
}

/** Parses the state file text; throws an error naming the file when it is not a stand-in state file. */
export function parseStateText(text: string, file: string): StandinStateFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`aws stand-in state ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const resources = (parsed as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) throw new Error(`aws stand-in state ${file}: "resources" must be an array`);
  resources.forEach((r, i) => {
    if (!isRecord(r)) throw new Error(`aws stand-in state ${file}: resources[${i}] lacks type/id/inputs/outputs`);
  });
  return { version: 1, resources: resources as StandinRecord[] };
}

export async function readStateFile(file: string): Promise<StandinStateFile> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, resources: [] };
    throw e;
  }
  return parseStateText(text, file);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function acquireLock(lockFile: string): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      const handle = await fs.open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = Number(await fs.readFile(lockFile, "utf8").catch(() => ""));
    if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`aws stand-in: could not lock ${lockFile} within ${LOCK_TIMEOUT_MS} ms (held by pid ${holder})`);
    }
    await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
  }
}

let tempCounter = 0;

async function writeAtomically(file: string, state: StandinStateFile): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${++tempCounter}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, "utf8");
  await fs.rename(temp, file);
}

export class StandinStateStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  read(): Promise<StandinStateFile> {
    return readStateFile(this.file);
  }

  /** Runs `change` on the current state and persists the result; changes are applied one at a time. */
  mutate<T>(change: (state: StandinStateFile) => T): Promise<T> {
    const run = async (): Promise<T> => {
      const lockFile = `${this.file}.lock`;
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await acquireLock(lockFile);
      try {
        const state = await readStateFile(this.file);
        const result = change(state);
        await writeAtomically(this.file, state);
        return result;
      } finally {
        await fs.rm(lockFile, { force: true });
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
