import * as path from "node:path";

/*
 * The state directory layout, the one table of its file names: `<state dir>/<stack>/<file>`. Every writer and reader
 * (runner, report, train, the embedded twin) names files through it.
 */

export const STATE_FILES = {
  runner: "runner.json",
  learner: "learner.json",
  history: "metrics-history.json",
  model: "model.json",
  pending: "pending-change.json",
  decisions: "decisions.jsonl",
  anomalies: "anomalies.json",
  lastChange: "last-change.txt",
  twin: "twin.json",
  overrides: "overrides.json",
} as const;

/** The envelope `kind` of each enveloped JSON document ({ kind, schemaVersion, savedAt, data }). */
export const DOCUMENT_KINDS = {
  runner: "runner-state",
  learner: "learner-state",
  pending: "pending-change",
  anomalies: "anomalies",
  twin: "twin-world",
  overrides: "operator-overrides",
} as const;

/** Schema version of every enveloped document. */
export const STATE_SCHEMA_VERSION = 1;

/** The directory of one stack's state. */
export function stackStateDir(stateRoot: string, stack: string): string {
  return path.join(stateRoot, stack);
}
