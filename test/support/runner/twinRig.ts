import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import type { StackConfig } from "../../../infra/config";
import { checkPoliciesInProcess } from "../../../optimizer/deploy/inProcessPolicyCheck";
import { createLogger, type Logger } from "../../../optimizer/log/logger";
import { ConsoleNotifier } from "../../../optimizer/notify/cycleNotifier";
import {
  TwinDeploymentTarget,
  TwinMetricsSource,
  TwinWorld,
  type PolicyCheck,
} from "../../../optimizer/runner/adapters/twinWorld";
import { DEMO_START_MS, traceSpec } from "../../../optimizer/runner/embedded";
import { runCycle } from "../../../optimizer/runner/cycle";
import type { CycleDeps, CycleOptions, CycleResult } from "../../../optimizer/runner/cycleTypes";
import type { DecisionLogEntry } from "../../../optimizer/state/decisionLog";
import type { DeploymentTarget, MetricsSource } from "../../../optimizer/runner/ports";
import { FileStateStore } from "../../../optimizer/state/fileStateStore";
import { defaultPeakRps } from "../../../optimizer/sim/params";

/*
 * The embedded world of `neuropilot demo`, set up in a temp directory for the runner's safety tests: a copy of
 * stacks/Pulumi.<stack>.yaml (optionally with some keys changed), a StateStore, the digital twin initialised with a
 * built-in trace, a simulated clock, and the real twin adapters. Tests may wrap the adapters to inject a failure.
 */

export const PROJECT_ROOT = path.resolve(__dirname, "../../..");

export interface RigOptions {
  stack?: "dev" | "prod";
  /** Stack config keys to set in the copied stack file, e.g. { "neuropilot:optimizerEnabled": false }. */
  config?: Record<string, unknown>;
  trace?: string;
  seed?: number;
  /** Wraps the twin metrics source (e.g. to add a quality issue). */
  wrapMetrics?: (m: MetricsSource) => MetricsSource;
  /** Wraps the twin deployment target (e.g. to make `up` fail). */
  wrapTarget?: (t: DeploymentTarget) => DeploymentTarget;
  /** Replaces the in-process policy pack check (default: checkPoliciesInProcess with the stack's own policy config). */
  policyCheck?: (stack: string) => PolicyCheck;
  /** Reuse this directory (e.g. the one a killed child process left); default: a fresh temp dir. */
  dir?: string;
  /** Builds the state store (e.g. a subclass that fails one write); default: FileStateStore. */
  store?: (dir: string) => FileStateStore;
}

export interface Rig {
  dir: string;
  stack: string;
  stackFile: string;
  store: FileStateStore;
  world: TwinWorld;
  deps: CycleDeps;
  cycleMs: number;
  /** Sets the simulated clock to the end of cycle `i` (cycle 1 ends 6 h after the start with 6 h cycles). */
  at(i: number): void;
  /** Runs one cycle at the end of cycle `i`. */
  cycle(i: number, opts?: CycleOptions): Promise<CycleResult>;
  stackText(): string;
  config(): StackConfig;
  decisions(): DecisionLogEntry[];
  /** Every file of the state directory with its bytes (to compare before/after). */
  stateFiles(): Record<string, string>;
  cleanup(): void;
}

export function silentLogger(): Logger {
  return createLogger({ destination: fs.createWriteStream("/dev/null"), pretty: false, level: "warn" });
}

/** Sets keys in the `config:` map of a stack file, keeping everything else (comments, order) as it is. */
export function setStackKeys(file: string, keys: Record<string, unknown>): void {
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  for (const [k, v] of Object.entries(keys)) doc.setIn(["config", k], doc.createNode(v));
  fs.writeFileSync(file, doc.toString());
}

export function createRig(o: RigOptions = {}): Rig {
  const stack = o.stack ?? "dev";
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "neuropilot-runner-"));
  const stacksDir = path.join(dir, "stacks");
  const stackFile = path.join(stacksDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) {
    fs.mkdirSync(stacksDir, { recursive: true });
    fs.copyFileSync(path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`), stackFile);
    if (o.config) setStackKeys(stackFile, o.config);
  }
  const stateDir = path.join(dir, "state", stack);
  const store = o.store ? o.store(stateDir) : new FileStateStore(stateDir);
  const world = new TwinWorld(store, stackFile);
  const config = world.config();
  let simNow = DEMO_START_MS;
  const clock = { now: () => new Date(simNow) };
  world.init(
    traceSpec(o.trace ?? "builtin:weekly", o.seed ?? 1, defaultPeakRps(config), PROJECT_ROOT),
    DEMO_START_MS,
    clock.now(),
  );
  const check = o.policyCheck?.(stack) ?? ((c: StackConfig) => checkPoliciesInProcess(stack, c));
  const metrics = new TwinMetricsSource(world, clock.now);
  const target = new TwinDeploymentTarget(world, check, clock.now);
  const deps: CycleDeps = {
    stack,
    store,
    metrics: o.wrapMetrics ? o.wrapMetrics(metrics) : metrics,
    target: o.wrapTarget ? o.wrapTarget(target) : target,
    notifier: new ConsoleNotifier(() => undefined),
    clock,
    log: silentLogger(),
  };
  const cycleMs = config.learning.cycleHours * 3_600_000;
  const at = (i: number) => {
    simNow = DEMO_START_MS + i * cycleMs;
  };
  return {
    dir,
    stack,
    stackFile,
    store,
    world,
    deps,
    cycleMs,
    at,
    cycle: (i, opts) => {
      at(i);
      return runCycle(deps, opts);
    },
    stackText: () => fs.readFileSync(stackFile, "utf8"),
    config: () => world.config(),
    decisions: () => store.readLines<DecisionLogEntry>("decisions.jsonl"),
    stateFiles: () => {
      const out: Record<string, string> = {};
      if (!fs.existsSync(store.dir)) return out;
      for (const f of fs.readdirSync(store.dir).sort()) {
        const p = path.join(store.dir, f);
        if (fs.statSync(p).isFile()) out[f] = fs.readFileSync(p, "utf8");
      }
      return out;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs cycles from..to until `stop(result)` holds (so tests do not depend on the exact cycle at which the learner,
 * whose timing depends on anomaly detection, first moves). Returns every result; fails if `stop` never held.
 */
export async function runUntil(
  r: Rig,
  stop: (res: CycleResult) => boolean,
  opts: { from?: number; max?: number; cycleOptions?: (i: number) => CycleOptions } = {},
): Promise<{ results: CycleResult[]; last: number }> {
  const from = opts.from ?? 1;
  const max = opts.max ?? 16;
  const results: CycleResult[] = [];
  for (let i = from; i < from + max; i++) {
    const res = await r.cycle(i, opts.cycleOptions?.(i));
    results.push(res);
    if (stop(res)) return { results, last: i };
  }
  throw new Error(
    `runUntil: condition not met in cycles ${from}..${from + max - 1} (outcomes: ${results.map((x) => x.outcome).join(", ")})`,
  );
}

/** The first cycle at which a fresh rig with these options changes the thresholds (the world is deterministic). */
export async function firstChangeCycle(o: RigOptions = {}): Promise<number> {
  const probe = createRig(o);
  try {
    return (await runUntil(probe, (x) => x.outcome === "changed")).last;
  } finally {
    probe.cleanup();
  }
}

/** Largest change of either threshold between two pairs, in points. */
export function stepOf(a: DecisionLogEntry["from"], b: DecisionLogEntry["to"]): number {
  return Math.max(
    Math.abs(a.scaleOutCpuThreshold - b.scaleOutCpuThreshold),
    Math.abs(a.scaleInCpuThreshold - b.scaleInCpuThreshold),
  );
}
