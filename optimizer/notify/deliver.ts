import type { DailyReport } from "../report/types";
import type { NotifySettings } from "./env";
import { buildNotionPage } from "./notionPage";
import { createNotionPage } from "./notion";
import { Redactor } from "./redact";
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from "./retry";
import { postToSlack } from "./slack";
import { buildSlackMessage } from "./slackCard";

export type Channel = "slack" | "notion";

export interface DeliveryResult {
  channel: Channel;
  ok: boolean;
  attempts: number;
  /** Waits between attempts, in ms (Retry-After or backoff). */
  waits: number[];
  /** Redacted reason of the failure. */
  error?: string;
}

export interface DeliveryOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  nowMs?: () => number;
  /** Receives redacted progress lines. */
  log?: (level: "info" | "warn", msg: string) => void;
}

const realSleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));

/**
 * Sends the report to every configured channel (Slack card, Notion database entry), each with retries on 429/5xx
 * honouring Retry-After. Never throws for a delivery failure: the results say what failed, redacted.
 */
export async function deliverReport(
  r: DailyReport,
  files: readonly string[],
  settings: NotifySettings,
  opts: DeliveryOptions = {},
): Promise<DeliveryResult[]> {
  const redactor = new Redactor([settings.slack?.webhookUrl, settings.notion?.token]);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const policy = opts.retry ?? DEFAULT_RETRY;
  const sleep = opts.sleep ?? realSleep;
  const nowMs = opts.nowMs ?? Date.now;
  const log = (level: "info" | "warn", msg: string) => opts.log?.(level, redactor.text(msg));
  const results: DeliveryResult[] = [];

  const run = async (channel: Channel, attempt: (n: number) => Promise<unknown>) => {
    const out = await withRetries(
      async (n) => {
        try {
          return await attempt(n);
        } catch (err) {
          log(
            "warn",
            `${channel} delivery attempt ${n} failed: ${err instanceof Error ? err.message : "unknown error"}`,
          );
          throw err;
        }
      },
      policy,
      sleep,
    );
    const result: DeliveryResult = { channel, ok: out.ok, attempts: out.attempts, waits: out.waits };
    if (!out.ok) result.error = redactor.text(out.error?.message ?? "unknown error");
    log(
      out.ok ? "info" : "warn",
      out.ok
        ? `${channel} delivery succeeded after ${out.attempts} attempt(s)`
        : `${channel} delivery failed after ${out.attempts} attempt(s): ${result.error}`,
    );
    results.push(result);
  };

  const slack = settings.slack;
  if (slack) {
    const msg = buildSlackMessage(r, files);
    await run("slack", () => postToSlack(slack.webhookUrl, msg, { timeoutMs, redactor, nowMs }));
  }
  const notion = settings.notion;
  if (notion) {
    const page = buildNotionPage(r, notion.databaseId);
    await run("notion", () =>
      createNotionPage({ token: notion.token, baseUrl: notion.baseUrl }, page, {
        timeoutMs,
        redactor,
        nowMs,
        log: (m) => log("warn", m),
      }),
    );
  }
  return results;
}
