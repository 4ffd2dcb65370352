import * as path from "node:path";
import type { Command } from "commander";
import { stackOption, stateDirOption } from "../options";

export function register(program: Command): void {
  program
    .command("cycle")
    .description(
      "Run one optimisation cycle: collect metrics from Prometheus → check data quality → detect anomalies → decide " +
        "thresholds → write them into stack config → preview with the policy pack → up → verify → record → notify",
    )
    .addOption(stackOption("stack to optimise (stacks/Pulumi.<name>.yaml)").makeOptionMandatory())
    .option("--dry-run", "stop after preview and change nothing", false)
    .option("--create-stack", "create the Pulumi stack if the backend does not have it (default: exit 2)", false)
    .addOption(stateDirOption("state directory (decision log, learner state, metrics history)"))
    .option("--project-root <dir>", "the Pulumi project (Pulumi.yaml, stacks/, policies/)", ".")
    .option("--log-file <file>", "also append the JSON log lines to this file")
    .option("--pretty", "human-readable log lines instead of JSON (default on a terminal)")
    .option(
      "--json",
      "print the cycle's outcome and decision record as one JSON document on stdout (logs go to stderr)",
    )
    .action(
      async (o: {
        stack: string;
        dryRun: boolean;
        createStack: boolean;
        stateDir: string;
        projectRoot: string;
        logFile?: string;
        pretty?: boolean;
        json?: boolean;
      }) => {
        const { createLogger } = await import("../../log/logger");
        const { runCycleCommand } = await import("../../runner/production");
        const { afterCycle } = await import("../../observe/afterCycle");
        const stateDir = path.resolve(o.stateDir);
        const projectRoot = path.resolve(o.projectRoot);
        const observe = { stack: o.stack, stateDir, projectRoot, dryRun: o.dryRun, env: process.env };
        const startedAtMs = Date.now();
        let r: Awaited<ReturnType<typeof runCycleCommand>>;
        try {
          r = await runCycleCommand({
            stack: o.stack,
            dryRun: o.dryRun,
            createStack: o.createStack,
            stateDir,
            projectRoot,
            logFile: o.logFile,
            pretty: o.pretty,
            env: process.env,
            ...(o.json
              ? { log: createLogger({ file: o.logFile, pretty: o.pretty ?? false, destination: process.stderr }) }
              : {}),
          });
        } catch (err) {
          const error = (err instanceof Error ? err.message : String(err)).split("\n")[0];
          const seen = await afterCycle({ ...observe, startedAtMs, exitCode: 1, outcome: null, cycleId: null, error });
          for (const w of seen.warnings) process.stderr.write(`neuropilot cycle: ${w}\n`);
          throw err;
        }
        const seen = await afterCycle({
          ...observe,
          startedAtMs,
          exitCode: r.exitCode,
          outcome: r.result?.outcome ?? null,
          cycleId: r.result?.cycleId ?? null,
        });
        for (const w of seen.warnings) process.stderr.write(`neuropilot cycle: ${w}\n`);
        if (o.json)
          process.stdout.write(
            `${JSON.stringify({ exitCode: seen.exitCode, outcome: r.result?.outcome ?? null, cycleId: r.result?.cycleId ?? null, decision: r.result?.entry ?? null, deliveries: r.result?.deliveries ?? [] })}\n`,
          );
        process.exitCode = seen.exitCode;
      },
    );
}
