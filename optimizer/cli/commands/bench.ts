import { writeFileAtomic } from "../../core/atomicFile";
import type { Command } from "commander";
import { stackOption } from "../options";
import { EXIT } from "../exitCodes";
import { benchMarkdown, runBench } from "../../sim/bench";
import { benchChartSpec, renderSvg } from "../../sim/chart";
import { csvFilesIn, loadStackConfig, loadTrace } from "../../sim/loadInputs";
import { BUILTIN_TRACES } from "../../sim/traces";
import { DEFAULT_SIM_START, parseStart, round } from "./simulate";

interface BenchOptions {
  traces?: string;
  days: string;
  historyDays: string;
  seed: string;
  stack?: string;
  peakRps?: string;
  svg: string;
  json?: boolean;
}

async function run(opts: BenchOptions): Promise<void> {
  const config = loadStackConfig(opts.stack);
  const days = Number(opts.days);
  const seed = Number(opts.seed);
  const historyDays = Number(opts.historyDays);
  if (!Number.isInteger(historyDays) || historyDays < 0)
    throw new Error(`--history-days must be a whole number ≥ 0, got "${opts.historyDays}"`);
  if (!Number.isInteger(days) || days < 1) throw new Error(`--days must be a whole number ≥ 1, got "${opts.days}"`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number ≥ 0, got "${opts.seed}"`);
  const peakRps = opts.peakRps === undefined ? undefined : Number(opts.peakRps);
  const args = opts.traces ? csvFilesIn(opts.traces) : BUILTIN_TRACES.map((n) => `builtin:${n}`);
  const traces = args.map((a) => loadTrace(a, seed, peakRps, config));
  const started = performance.now();
  const bench = runBench(config, traces, days, parseStart(DEFAULT_SIM_START), historyDays);
  const elapsedS = (performance.now() - started) / 1000;
  if (opts.json) {
    const results: Record<string, Record<string, { sla: number; cost: number; convergedDay: number | null }>> = {};
    for (const r of bench.rows) {
      results[r.trace] ??= {};
      results[r.trace][r.policy] = { sla: round(r.sla, 4), cost: round(r.cost, 2), convergedDay: r.convergedDay };
    }
    const checks = bench.checks.map((c) => ({
      ...c,
      learnedOverOracle: round(c.learnedOverOracle, 4),
      learnedPredictiveOverAwsPredictive: round(c.learnedPredictiveOverAwsPredictive, 4),
      bestLearnedOverTargetTrackingBest: round(c.bestLearnedOverTargetTrackingBest, 4),
    }));
    process.stdout.write(
      `${JSON.stringify({ stack: opts.stack ?? "defaults", days, historyDays, seed, slaTargetPercent: bench.slaTargetPercent, results, checks }, null, 2)}\n`,
    );
    return;
  }
  writeFileAtomic(opts.svg, await renderSvg(benchChartSpec(bench.runs)));
  process.stdout.write(`${benchMarkdown(bench)}\n\nChart: ${opts.svg} (${elapsedS.toFixed(1)} s)\n`);
}

/** `neuropilot bench optimizer`: every policy on every trace, as a table (or JSON) and an SVG chart. */
export function register(program: Command): void {
  const bench = program.command("bench").description("Benchmarks");
  bench
    .command("optimizer")
    .description(
      "Run every policy (learned, static, target-tracking, oracle, target-tracking-best, learned-target-tracking, learned-predictive, aws-predictive) on every trace of the digital twin",
    )
    .option("--traces <dir>", "directory of timestamp,value CSV traces (default: the built-in traces)")
    .option("--days <n>", "simulated days per run", "14")
    .option(
      "--history-days <n>",
      "days of the same trace before the run, shared by every policy (the learners may use its metrics)",
      "0",
    )
    .option("--seed <n>", "seed of the built-in trace generators", "1")
    .addOption(stackOption("read stacks/Pulumi.<stack>.yaml (default: the config defaults)"))
    .option("--peak-rps <r>", "peak request rate every trace is scaled to")
    .option("--svg <file>", "where to write the SVG chart (without --json)", "bench-optimizer.svg")
    .option("--json", "print JSON {trace: {policy: {sla, cost, convergedDay}}} and the target checks")
    .action(async (opts: BenchOptions) => {
      try {
        await run(opts);
      } catch (err) {
        process.stderr.write(`neuropilot bench optimizer: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = EXIT.usage;
      }
    });
}
