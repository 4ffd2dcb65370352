import * as fs from "node:fs";
import * as path from "node:path";
import lockfile from "proper-lockfile";

/** Another runner holds the lock on this stack's state directory. */
export class RunnerLockedError extends Error {
  constructor(readonly lockPath: string) {
    super(`another neuropilot run holds the runner lock ${lockPath}; nothing was changed (it is released when that run ends, or after 60 s if it died)`);
    this.name = "RunnerLockedError";
  }
}

/**
 * Takes the runner lock of a state directory (proper-lockfile: an atomic mkdir, refreshed while held, considered
 * stale 60 s after its holder stopped refreshing, e.g. when killed). Returns the release function.
 */
export async function acquireRunnerLock(stateDir: string): Promise<() => Promise<void>> {
  fs.mkdirSync(stateDir, { recursive: true });
  const target = path.join(stateDir, "runner");
  try {
    return await lockfile.lock(target, { realpath: false, stale: 60_000, update: 10_000, retries: 0, lockfilePath: `${target}.lock` });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED") throw new RunnerLockedError(`${target}.lock`);
    throw err;
  }
}
