import * as path from "node:path";
import { publishObservation, type Fetch, type PublishResult } from "./publish";
import { readObservation } from "./readState";
import { anyDestination, readObserveSettings } from "./settings";
import type { RunFacts } from "./types";

export { toExposition } from "./exposition";
export { alertsFor } from "./alerts";
export { annotationFor } from "./annotations";
export { OBSERVE_ENV, readObserveSettings } from "./settings";
export type { CycleObservation, RunFacts } from "./types";
export type { PublishResult } from "./publish";

/**
 * After a `neuropilot cycle` run: the optimizer's metrics (textfile, Pushgateway), its alerts (Alertmanager) and
 * a Grafana annotation for a changed decision, for every destination configured in the environment. Nothing is
 * read or written when none is.
 */
export async function observeRun(a: {
  run: RunFacts;
  stateDir: string;
  projectRoot: string;
  env: Readonly<Record<string, string | undefined>>;
  fetchImpl?: Fetch;
}): Promise<PublishResult[]> {
  const settings = readObserveSettings(a.env);
  if (!anyDestination(settings)) return [];
  const observation = readObservation({
    run: a.run,
    stackDir: path.join(a.stateDir, a.run.stack),
    stackFile: path.join(a.projectRoot, "stacks", `Pulumi.${a.run.stack}.yaml`),
    textfileDir: settings.textfileDir,
  });
  return publishObservation(observation, settings, a.fetchImpl);
}
