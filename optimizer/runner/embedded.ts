import * as fs from "node:fs";
import * as path from "node:path";
import { stackFilePath } from "../../infra/config/stackFile";
import type { ExitCode } from "../cli/exitCodes";
import { checkPoliciesInProcess } from "../deploy/inProcessPolicyCheck";
import { judgedCpu, trainAndSave } from "../detect";
import { createLogger, type Logger } from "../log/logger";
import { ConsoleNotifier } from "../notify/cycleNotifier";
import { runReport } from "../report/app/runReport";
import { parseBuiltinName, type TraceSpec } from "../sim/traces";
import { csvToRps } from "../sim/csvTrace";
import { defaultPeakRps } from "../sim/params";
import { FileStateStore } from "../state/fileStateStore";
import { STATE_FILES, stackStateDir } from "../state/layout";
import { TwinDeploymentTarget, TwinMetricsSource, TwinWorld } from "./adapters/twinWorld";
import { runCycle } from "./cycle";
import type { CycleDeps } from "./cycleTypes";
import type { Clock } from "./ports";

/*
 * The embedded composition root (`neuropilot demo`, the README's main job):
 *   metrics source     → the digital twin's simulated series (TwinMetricsSource)
 *   deployment target  → a real stack file; the policy pack in-process on every preview; `up` applies to the twin
 *   notifier           → none (the progress lines are printed)
 *   state store        → files under <dir>/state (FileStateStore)
 *   clock              → the simulated clock
 */

export interface DemoOptions {
  stack: string;
  days: number;
  trace: string;
  peakRps?: number;
  seed: number;
  dir: string;
  projectRoot: string;
  pretty?: boolean;
  /** Where human-readable progress lines go. */
  print: (line: string) => void;
  log?: Logger;
}

/** Monday 2026-11-02 00:00 UTC: the embedded run's simulated start (traces start on a Monday). */
export const DEMO_START_MS = Date.UTC(2026, 10, 2);

/**
 * The main job on embedded defaults: the same cycle, with the digital twin as metrics source and deployment target,
 * the policy pack checked in-process on every preview, state in files; `days` simulated days, then the daily report.
 */
export async function runDemo(
  o: DemoOptions,
): Promise<{ exitCode: ExitCode; outcomes: Record<string, number>; reportFiles: string[] }> {
  const stateRoot = path.join(o.dir, "state");
  const stacksDir = path.join(o.dir, "stacks");
  fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(stacksDir, { recursive: true });
  const stackFile = stackFilePath(stacksDir, o.stack);
  fs.copyFileSync(stackFilePath(path.join(o.projectRoot, "stacks"), o.stack), stackFile);
  const store = new FileStateStore(stackStateDir(stateRoot, o.stack));
  const world = new TwinWorld(store, stackFile);
  const config = world.config();
  let simNow = DEMO_START_MS;
  const clock: Clock = { now: () => new Date(simNow) };
  const log =
    o.log ??
    createLogger({ file: path.join(o.dir, "cycle.log.jsonl"), pretty: o.pretty ?? false, destination: devNull() });
  world.init(
    traceSpec(o.trace, o.seed, o.peakRps ?? defaultPeakRps(config), o.projectRoot),
    DEMO_START_MS,
    clock.now(),
  );
  const deps: CycleDeps = {
    stack: o.stack,
    store,
    metrics: new TwinMetricsSource(world, clock.now),
    target: new TwinDeploymentTarget(world, (c) => checkPoliciesInProcess(o.stack, c), clock.now),
    notifier: new ConsoleNotifier(() => undefined),
    clock,
    log,
  };
  const cycleMs = config.learning.cycleHours * 3_600_000;
  const cycles = Math.round((o.days * 86_400_000) / cycleMs);
  const outcomes: Record<string, number> = {};
  o.print(
    `NeuroPilot embedded run: stack ${o.stack}, trace ${o.trace}, ${o.days} simulated days, a cycle every ${config.learning.cycleHours} h (${cycles} cycles)`,
  );
  o.print(
    `metrics source and deployment target: the digital twin; state: ${path.relative(process.cwd(), stateRoot) || stateRoot}`,
  );
  for (let i = 1; i <= cycles; i++) {
    simNow = DEMO_START_MS + i * cycleMs;
    const r = await runCycle(deps);
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const e = r.entry;
    const day = ((simNow - DEMO_START_MS) / 86_400_000).toFixed(2);
    if (e) {
      const obs = e.learner?.observation;
      const metrics = obs
        ? `SLA ${obs.slaPercent.toFixed(2)}% cost $${obs.costUsd.toFixed(2)} peak CPU ${obs.peakCpuPercent.toFixed(0)}%`
        : "";
      o.print(`day ${day.padStart(5)}  ${r.outcome.padEnd(11)} ${fmt(e.from)} → ${fmt(e.to)}  ${metrics}  ${e.reason}`);
    }
    // daily training at the first cycle after 03:00
    const hour = new Date(simNow).getUTCHours();
    if (hour >= 3 && hour < 3 + config.learning.cycleHours) {
      const history = await store.loadHistory();
      if (history) {
        const t = trainAndSave(store.file(STATE_FILES.model), judgedCpu(history.signals), {
          config: config.detection,
          signal: "cpu",
        });
        o.print(
          `day ${day.padStart(5)}  train       anomaly model: ${t.status}${t.loss !== null ? `, loss ${t.loss.toFixed(4)}${t.converged ? " (converged)" : ""}` : ""}, ${t.samples} samples`,
        );
      }
    }
  }
  const reportDate = new Date(simNow - 86_400_000).toISOString().slice(0, 10);
  const report = await runReport(
    {
      stack: o.stack,
      date: reportDate,
      stateDir: stateRoot,
      outDir: path.join(o.dir, "reports"),
      stacksDir,
      notify: false,
    },
    {
      env: {},
      nowMs: () => simNow,
      log: { info: () => undefined, warn: () => undefined, error: (m) => o.print(`report error: ${m}`) },
    },
  );
  const files = report.files ? [report.files.json, report.files.markdown, report.files.svg] : [];
  o.print(
    `outcomes: ${Object.entries(outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  if (report.report)
    o.print(
      `daily report ${reportDate}: health ${report.report.health.score ?? "n/a"}/100; files: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`,
    );
  return { exitCode: report.exitCode, outcomes, reportFiles: files };
}

function fmt(t: { scaleOutCpuThreshold: number; scaleInCpuThreshold: number }): string {
  return `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
}

function devNull(): NodeJS.WritableStream {
  return fs.createWriteStream("/dev/null");
}

/** `builtin:NAME` or a NAB-format CSV file. */
export function traceSpec(trace: string, seed: number, peakRps: number, root: string): TraceSpec {
  if (trace.startsWith("builtin:"))
    return { kind: "builtin", name: parseBuiltinName(trace.slice("builtin:".length)), seed, peakRps };
  const file = path.resolve(root, trace);
  return { kind: "series", name: path.basename(file), rps: csvToRps(fs.readFileSync(file, "utf8"), file, peakRps) };
}
