import * as path from "node:path";
import { StateFileError } from "../../state/errors";
import { EXIT, type ExitCode } from "../../cli/exitCodes";
import { deliverReport, type DeliveryOptions, type DeliveryResult } from "../../notify/deliver";
import { readNotifySettings } from "../../notify/env";
import { Redactor } from "../../notify/redact";
import { buildDailyReport } from "../build";
import { healthText } from "../health";
import { writeFileAtomic } from "../../core/atomicFile";
import { loadStackConfig } from "../io/loadStackConfig";
import { loadState } from "../io/loadState";
import { buildChartSpec } from "../render/chartSpec";
import { renderJson } from "../render/json";
import { renderMarkdown } from "../render/markdown";
import { renderSvg } from "../render/svg";
import type { DailyReport, ReportInput } from "../types";
import { compactDate, previousUtcDate, reportWindow } from "../window";

export interface ReportOptions {
  stack: string;
  /** YYYY-MM-DD; default: the previous UTC day (the last complete one). */
  date?: string;
  stateDir: string;
  outDir: string;
  stacksDir: string;
  /** false: write the files only, even when Slack/Notion are configured. */
  notify: boolean;
}

export interface ReportLog {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface ReportDeps {
  env: Readonly<Record<string, string | undefined>>;
  nowMs: () => number;
  log: ReportLog;
  delivery?: Omit<DeliveryOptions, "log" | "nowMs">;
}

export interface ReportRun {
  exitCode: ExitCode;
  report?: DailyReport;
  files: { json: string; markdown: string; svg: string } | null;
  deliveries: DeliveryResult[];
}

/**
 * `neuropilot report`: loads the stack config and state files, builds the report, writes JSON + Markdown + SVG
 * atomically, then delivers to Slack/Notion when configured in the environment. A failed delivery never fails the
 * report: the files stay written and the exit code is EXIT.deliveryFailed.
 */
export async function runReport(o: ReportOptions, deps: ReportDeps): Promise<ReportRun> {
  const { log } = deps;
  const settings = readNotifySettings(deps.env);
  const redactor = new Redactor([settings.slack?.webhookUrl, settings.notion?.token]);
  const date = o.date ?? previousUtcDate(deps.nowMs());
  let input: ReportInput;
  try {
    reportWindow(date);
    const config = loadStackConfig(o.stacksDir, o.stack);
    const state = loadState(o.stateDir, o.stack);
    input = {
      stack: o.stack,
      config,
      signals: state.signals,
      anomalies: state.anomalies,
      decisions: state.decisions,
      learning: state.learning,
      anomalyModel: state.anomalyModel,
      inputNotes: state.notes,
    };
  } catch (err) {
    log.error(redactor.text((err as Error).message));
    return {
      exitCode: err instanceof StateFileError ? EXIT.failure : EXIT.usage,
      files: null,
      deliveries: [],
    };
  }
  for (const note of input.inputNotes) log.warn(note);

  let report: DailyReport;
  try {
    report = buildDailyReport(input, date);
  } catch (err) {
    log.error(`cannot build the report: ${redactor.text((err as Error).message)}`);
    return { exitCode: EXIT.failure, files: null, deliveries: [] };
  }
  const base = path.join(o.outDir, `daily_report_${compactDate(date)}`);
  const files = { json: `${base}.json`, markdown: `${base}.md`, svg: `${base}.svg` };
  const svg = await renderSvg(buildChartSpec(report, input.signals, input.anomalies));
  writeFileAtomic(files.svg, svg);
  writeFileAtomic(files.json, renderJson(report));
  writeFileAtomic(files.markdown, renderMarkdown(report, path.basename(files.svg)));
  log.info(
    `report for ${o.stack} ${date}: health ${healthText(report.health)}, ${report.recommendations.length} recommendations; wrote ${files.json}, ${files.markdown}, ${files.svg}`,
  );

  for (const p of settings.problems) log.warn(`notification settings: ${p}`);
  if (!o.notify || (!settings.slack && !settings.notion)) {
    if (o.notify) log.info("no Slack or Notion configured: files only");
    return {
      exitCode: settings.problems.length > 0 && o.notify ? EXIT.deliveryFailed : EXIT.ok,
      report,
      files,
      deliveries: [],
    };
  }
  const deliveries = await deliverReport(
    report,
    [files.json, files.markdown, files.svg].map((f) => path.basename(f)),
    settings,
    {
      ...deps.delivery,
      nowMs: deps.nowMs,
      log: (level, msg) => (level === "warn" ? log.warn(msg) : log.info(msg)),
    },
  );
  const failed = deliveries.filter((d) => !d.ok);
  if (failed.length > 0 || settings.problems.length > 0) {
    log.error(
      `delivery failed: ${failed
        .map((d) => `${d.channel} (${d.error})`)
        .concat(settings.problems)
        .join("; ")}; the report files were written`,
    );
    return { exitCode: EXIT.deliveryFailed, report, files, deliveries };
  }
  return { exitCode: EXIT.ok, report, files, deliveries };
}
