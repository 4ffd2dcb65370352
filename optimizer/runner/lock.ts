import * as fs from "node:fs";
import * as path from "node:path";
import lockfile from "proper-lockfile";

/** Default time after which a lock whose holder stopped refreshing it (e.g. was killed) counts as stale. */
export const RUNNER_LOCK_STALE_MS = 60_000;

/** Another runner holds the lock on this stack's state directory. */
export class RunnerLockedError extends Error {
  constructor(
    readonly lockPath: string,
    staleMs = RUNNER_LOCK_STALE_MS,
  ) {
    super(
      `another neuropilot run holds the runner lock ${lockPath}; nothing was changed (it is released when that run ends, or after ${Math.round(staleMs / 1000)} s if it died)`,
    );
    this.name = "RunnerLockedError";
  }
}

export interface RunnerLockOptions {
  /** Milliseconds after which a lock that is no longer refreshed is taken over (proper-lockfile's minimum is 2000). */
  staleMs?: number;
}

/**
 * Takes the runner lock of a state directory (proper-lockfile: an atomic mkdir, refreshed while held, considered
 * stale `staleMs` (default 60 s) after its holder stopped refreshing, e.g. when killed). Returns the release function.
 */
export async function acquireRunnerLock(stateDir: string, opts: RunnerLockOptions = {}): Promise<() => Promise<void>> {
  fs.mkdirSync(stateDir, { recursive: true });
  const target = path.join(stateDir, "runner");
  const stale = Math.max(opts.staleMs ?? RUNNER_LOCK_STALE_MS, 2_000);
  try {
    return await lockfile.lock(target, {
      realpath: false,
      stale,
      update: Math.min(10_000, stale / 2),
      retries: 0,
      lockfilePath: `${target}.lock`,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED") throw new RunnerLockedError(`${target}.lock`, stale);
    throw err;
  }
}
