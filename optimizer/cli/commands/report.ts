import type { Command } from "commander";
import { stackOption, stateDirOption } from "../options";

/** `neuropilot report`: the daily intelligence report (files, then Slack/Notion when configured). */
export function register(program: Command): void {
  program
    .command("report")
    .description("Write the daily report (JSON, Markdown, SVG chart) and send it to Slack/Notion when configured")
    .addOption(stackOption("stack name (reads stacks/Pulumi.<name>.yaml)").makeOptionMandatory())
    .option("--date <YYYY-MM-DD>", "UTC day to report on (default: yesterday, the last complete day)")
    .addOption(stateDirOption("state directory written by the runner"))
    .option("--out <dir>", "directory for daily_report_YYYYMMDD.{json,md,svg}", "reports")
    .option("--stacks-dir <dir>", "directory of the Pulumi.<stack>.yaml files", "stacks")
    .option("--no-notify", "write the files only, even when Slack or Notion is configured")
    .option("--json", "print the outcome (files, health, deliveries) as one JSON document on stdout")
    .action(
      async (opts: {
        stack: string;
        date?: string;
        stateDir: string;
        out: string;
        stacksDir: string;
        notify: boolean;
        json?: boolean;
      }) => {
        const { createLogger } = await import("../../log/logger");
        const { runReport } = await import("../../report/app/runReport");
        const logger = createLogger({
          base: { command: "report", stack: opts.stack },
          ...(opts.json ? { destination: process.stderr, pretty: false } : {}),
        });
        const run = await runReport(
          {
            stack: opts.stack,
            date: opts.date,
            stateDir: opts.stateDir,
            outDir: opts.out,
            stacksDir: opts.stacksDir,
            notify: opts.notify,
          },
          {
            env: process.env,
            nowMs: Date.now,
            log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
          },
        );
        if (opts.json)
          process.stdout.write(
            `${JSON.stringify({
              exitCode: run.exitCode,
              stack: opts.stack,
              date: run.report?.date ?? null,
              files: run.files,
              health: run.report?.health ?? null,
              deliveries: run.deliveries,
            })}\n`,
          );
        process.exitCode = run.exitCode;
      },
    );
}
