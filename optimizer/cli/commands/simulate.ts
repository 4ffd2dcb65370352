import type { Command } from "commander";
import { stackOption } from "../options";
import { EXIT } from "../exitCodes";
import { loadStackConfig, loadTrace } from "../../sim/loadInputs";
import { POLICIES, runPolicy, type PolicyName, type RunResult } from "../../sim/run";
import { BUILTIN_TRACES } from "../../sim/traces";

/** Default simulated start: Monday 2026-01-05 00:00 UTC (built-in traces put minute 0 on a Monday midnight). */
export const DEFAULT_SIM_START = "2026-01-05T00:00:00Z";

export interface SimulateOptions {
  trace: string;
  days: string;
  policy: string;
  seed: string;
  stack?: string;
  peakRps?: string;
  start: string;
  json?: boolean;
}

function wholeNumber(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

export function parsePolicy(value: string): PolicyName {
  const p = POLICIES.find((x) => x === value);
  if (!p) throw new Error(`--policy must be one of ${POLICIES.join(", ")}, got "${value}"`);
  return p;
}

export function parseStart(value: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`--start must be an ISO date-time, got "${value}"`);
  return ms;
}

/** The JSON the command prints (decisions are summarised by the trajectory). */
export function simulateReport(r: RunResult, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    ...extra,
    trace: r.trace,
    policy: r.policy,
    days: r.days,
    slaPercent: round(r.slaPercent, 4),
    slaTargetPercent: r.slaTargetPercent,
    slaMet: r.slaPercent >= r.slaTargetPercent,
    costUsd: round(r.costUsd, 2),
    costPerDayUsd: round(r.costPerDayUsd, 3),
    dailyCostUsd: r.dailyCostUsd.map((c) => round(c, 3)),
    scalingActions: r.scalingActions,
    trajectory: r.trajectory,
    convergedDay: r.convergedDay,
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function run(opts: SimulateOptions): void {
  const config = loadStackConfig(opts.stack);
  const days = wholeNumber(opts.days, "--days", 1);
  const seed = wholeNumber(opts.seed, "--seed", 0);
  const policy = parsePolicy(opts.policy);
  const peakRps = opts.peakRps === undefined ? undefined : Number(opts.peakRps);
  const trace = loadTrace(opts.trace, seed, peakRps, config);
  const started = performance.now();
  const r = runPolicy({ config, trace, days, policy, startMs: parseStart(opts.start) });
  const elapsedMs = performance.now() - started;
  const report = simulateReport(r, {
    stack: opts.stack ?? "defaults",
    seed,
    peakRps: trace.kind === "builtin" ? trace.peakRps : (peakRps ?? null),
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const lines = [
    `trace ${r.trace}, policy ${r.policy}, ${r.days} days (${elapsedMs.toFixed(0)} ms)`,
    `SLA ${r.slaPercent.toFixed(3)} % (target ${r.slaTargetPercent} %) ${r.slaPercent >= r.slaTargetPercent ? "met" : "MISSED"}`,
    `cost ${r.costUsd.toFixed(2)} USD, ${r.costPerDayUsd.toFixed(2)} USD/day, ${r.scalingActions} scaling actions`,
    `thresholds: ${r.trajectory.map((p) => `day ${p.day.toFixed(2)} → ${p.scaleOutCpuThreshold}/${p.scaleInCpuThreshold}`).join(", ") || "n/a (target tracking)"}`,
    `converged: ${r.convergedDay === null ? "no" : `day ${r.convergedDay}`}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** `neuropilot simulate`: runs one scaling policy on the digital twin and prints SLA, cost and thresholds. */
export function register(program: Command): void {
  program
    .command("simulate")
    .description("Run a scaling policy on the digital twin of the web tier")
    .requiredOption("--trace <trace>", `builtin:NAME (${BUILTIN_TRACES.join(", ")}) or a timestamp,value CSV file`)
    .option("--days <n>", "simulated days", "14")
    .option("--policy <policy>", `one of ${POLICIES.join(", ")}`, "learned")
    .option("--seed <n>", "seed of the built-in trace generators", "1")
    .addOption(stackOption("read stacks/Pulumi.<stack>.yaml (default: the config defaults)"))
    .option(
      "--peak-rps <r>",
      "peak request rate the trace is scaled to (default: learning.twin.defaultPeakUtilisation of max capacity)",
    )
    .option("--start <iso>", "simulated start time (UTC)", DEFAULT_SIM_START)
    .option("--json", "print JSON")
    .action((opts: SimulateOptions) => {
      try {
        run(opts);
      } catch (err) {
        process.stderr.write(`neuropilot simulate: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = EXIT.usage;
      }
    });
}
