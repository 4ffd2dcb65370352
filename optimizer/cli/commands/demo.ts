import * as path from "node:path";
import type { Command } from "commander";
import { stackOption } from "../options";

export function register(program: Command): void {
  program
    .command("demo")
    .description(
      "The main job on embedded defaults: the autonomous cycle every 6 h for N simulated days against the digital twin " +
        "(metrics source and deployment target), policies checked in-process, then the daily report. No cloud, no servers.",
    )
    .addOption(stackOption("stack whose settings the twin uses").default("dev"))
    .option("--days <n>", "simulated days", (v) => Number.parseInt(v, 10), 14)
    .option(
      "--trace <spec>",
      "builtin:diurnal|weekly|flash-crowd|steady-growth|noisy, or a NAB-format CSV",
      "builtin:weekly",
    )
    .option("--peak-rps <n>", "peak request rate of the trace (default: from the stack's size)", (v) => Number(v))
    .option("--seed <n>", "seed of the trace", (v) => Number.parseInt(v, 10), 1)
    .option("--dir <dir>", "where the run's stack file, state, log and report go (emptied first)", ".neuropilot-demo")
    .option("--json", "print the outcome counts and report files as one JSON document (progress lines go to stderr)")
    .action(
      async (o: {
        stack: string;
        days: number;
        trace: string;
        peakRps?: number;
        seed: number;
        dir: string;
        json?: boolean;
      }) => {
        const { runDemo } = await import("../../runner/embedded");
        const r = await runDemo({
          stack: o.stack,
          days: o.days,
          trace: o.trace,
          peakRps: o.peakRps,
          seed: o.seed,
          dir: path.resolve(o.dir),
          projectRoot: process.cwd(),
          print: (line) => (o.json ? process.stderr : process.stdout).write(`${line}\n`),
        });
        if (o.json)
          process.stdout.write(
            `${JSON.stringify({ exitCode: r.exitCode, stack: o.stack, days: o.days, outcomes: r.outcomes, reportFiles: r.reportFiles })}\n`,
          );
        process.exitCode = r.exitCode;
      },
    );
}
