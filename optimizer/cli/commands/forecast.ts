/*
 * `neuropilot forecast --stack S`: the next hours' load forecast from the stack's metrics history, its backtest
 * error, and the capacity schedule the learner would write (or why it falls back to reactive only).
 */
import { join } from "node:path";
import type { Command } from "commander";
import { planFromHistory, type ForecastPlan } from "../../forecast/plan";
import { loadHistory } from "../../metrics/historyFile";
import { loadStackConfig } from "../../sim/loadInputs";
import { EXIT } from "../exitCodes";
import { stackOption, stateDirOption } from "../options";

interface ForecastCliOptions {
  stack: string;
  stateDir: string;
  history?: string;
  json?: boolean;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const r1 = (x: number) => Math.round(x * 10) / 10;

function text(stack: string, p: ForecastPlan): string {
  const out: string[] = [];
  if (p.forecast) {
    const bt = p.forecast.backtest;
    out.push(
      `Load forecast for ${stack} (${p.forecast.method}, requests/s, UTC); band = ${bt.origins} daily backtest origins`,
      "",
      "| hour (UTC) | mean | lower | upper |",
      "| --- | ---: | ---: | ---: |",
      ...p.forecast.hours.map(
        (h) =>
          `| ${new Date(h.timestampMs).toISOString().slice(0, 13)}:00 ${DAYS[Math.floor(h.hourOfWeek / 24)]} | ${r1(h.mean)} | ${r1(h.lower)} | ${r1(h.upper)} |`,
      ),
      "",
      `Backtest: MAPE ${r1(bt.mapePercent)} %, ${r1(100 * bt.aboveUpperShare)} % of ${bt.hours} hours above the upper bound`,
    );
  }
  out.push(p.reason);
  if (p.used)
    out.push(
      `Capacity schedule at ${p.targetCpuPercent} % CPU (neuropilot:capacitySchedule): ` +
        (p.schedule.ranges.length === 0
          ? "no range above minSize"
          : p.schedule.ranges.map((r) => `[${r.fromHour}, ${r.toHour}) → ${r.minCapacity}`).join(", ")),
    );
  return out.join("\n");
}

async function run(opts: ForecastCliOptions): Promise<number> {
  const config = loadStackConfig(opts.stack);
  const file = opts.history ?? join(opts.stateDir, opts.stack, "metrics-history.json");
  const history = await loadHistory(file);
  if (!history) {
    process.stderr.write(
      `neuropilot forecast: no metrics history at ${file} (run neuropilot cycle first, or --history)\n`,
    );
    return EXIT.usage;
  }
  const plan = planFromHistory(history, config);
  if (opts.json) {
    const bt = plan.forecast?.backtest;
    process.stdout.write(
      `${JSON.stringify(
        {
          stack: opts.stack,
          used: plan.used,
          reason: plan.reason,
          method: plan.forecast?.method ?? config.forecast.method,
          backtest: bt
            ? { ...bt, mapePercent: r1(bt.mapePercent), aboveUpperShare: Math.round(bt.aboveUpperShare * 1000) / 1000 }
            : null,
          hours: (plan.forecast?.hours ?? []).map((h) => ({
            time: new Date(h.timestampMs).toISOString(),
            hourOfWeek: h.hourOfWeek,
            mean: r1(h.mean),
            lower: r1(h.lower),
            upper: r1(h.upper),
          })),
          targetCpuPercent: plan.targetCpuPercent,
          capacitySchedule: plan.schedule,
        },
        null,
        2,
      )}\n`,
    );
  } else process.stdout.write(`${text(opts.stack, plan)}\n`);
  return plan.forecast ? EXIT.ok : EXIT.refused;
}

/** `neuropilot forecast`. */
export function register(program: Command): void {
  program
    .command("forecast")
    .description(
      "Forecast the next 48 h of load from the stack's metrics history, with the backtest error and schedule",
    )
    .addOption(stackOption("stack name (reads stacks/Pulumi.<name>.yaml)").makeOptionMandatory())
    .addOption(stateDirOption("state directory written by the runner"))
    .option("--history <file>", "metrics history file (default: <state-dir>/<stack>/metrics-history.json)")
    .option("--json", "print JSON")
    .action(async (opts: ForecastCliOptions) => {
      try {
        process.exitCode = await run(opts);
      } catch (err) {
        process.stderr.write(`neuropilot forecast: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = EXIT.usage;
      }
    });
}
