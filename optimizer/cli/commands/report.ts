import type { Command } from "commander";
import { createLogger } from "../../log/logger";
import { runReport } from "../../report/app/runReport";

/** `neuropilot report`: the daily intelligence report (files, then Slack/Notion when configured). */
export function register(program: Command): void {
  program
    .command("report")
    .description("Write the daily report (JSON, Markdown, SVG chart) and send it to Slack/Notion when configured")
    .requiredOption("--stack <name>", "stack name (reads stacks/Pulumi.<name>.yaml)")
    .option("--date <YYYY-MM-DD>", "UTC day to report on (default: yesterday, the last complete day)")
    .option("--state-dir <dir>", "state directory written by the runner", "state")
    .option("--out <dir>", "directory for daily_report_YYYYMMDD.{json,md,svg}", "reports")
    .option("--stacks-dir <dir>", "directory of the Pulumi.<stack>.yaml files", "stacks")
    .option("--no-notify", "write the files only, even when Slack or Notion is configured")
    .action(
      async (opts: {
        stack: string;
        date?: string;
        stateDir: string;
        out: string;
        stacksDir: string;
        notify: boolean;
      }) => {
        const logger = createLogger({ base: { command: "report", stack: opts.stack } });
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
        process.exitCode = run.exitCode;
      },
    );
}
