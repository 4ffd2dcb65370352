import type { Logger } from "../log/logger";
import type { CycleOutcome, DecisionLogEntry } from "../state/decisionLog";
import type { Clock, DeploymentTarget, MetricsSource, Notifier, NotifierResult, StateStore } from "./ports";

/** The ports one cycle runs against (the composition roots fill them: production.ts, embedded.ts). */
export interface CycleDeps {
  stack: string;
  store: StateStore;
  metrics: MetricsSource;
  target: DeploymentTarget;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
}

export interface CycleOptions {
  dryRun?: boolean;
  /** Test hook: called between writing stack config and `up` (to simulate a crash there). */
  afterConfigWritten?: () => Promise<void>;
}

export interface CycleResult {
  cycleId: string;
  outcome: CycleOutcome;
  entry: DecisionLogEntry | null;
  deliveries: NotifierResult[];
}
