import {
  Client,
  LogLevel,
  isHTTPResponseError,
  isNotionClientError,
  type CreatePageParameters,
} from "@notionhq/client";
import type { Redactor } from "./redact";
import { DeliveryAttemptError, isRetryableStatus, parseRetryAfter } from "./retry";

export interface NotionTarget {
  token: string;
  /** Override of the API base URL (tests point it at a local receiver). */
  baseUrl: string | null;
}

/**
 * One attempt to create the report page with the official client (its own retries off: the delivery policy decides).
 * The client's log lines are redacted and passed to `log`.
 */
export async function createNotionPage(
  target: NotionTarget,
  page: CreatePageParameters,
  opts: { timeoutMs: number; redactor: Redactor; nowMs: () => number; log: (msg: string) => void },
): Promise<string> {
  const client = new Client({
    auth: target.token,
    timeoutMs: opts.timeoutMs,
    retry: false,
    logLevel: LogLevel.WARN,
    logger: (level, message, extra) =>
      opts.log(opts.redactor.text(`notion client ${level}: ${message} ${JSON.stringify(extra)}`)),
    ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
  });
  try {
    const res = await client.pages.create(page);
    return res.id;
  } catch (err) {
    throw toAttemptError(err, opts.redactor, opts.nowMs());
  }
}

function toAttemptError(err: unknown, redactor: Redactor, nowMs: number): DeliveryAttemptError {
  if (isHTTPResponseError(err)) {
    const retryAfter = headerOf(err.headers, "retry-after");
    return new DeliveryAttemptError(
      redactor.text(`Notion API answered HTTP ${err.status} (${err.code}): ${err.message.slice(0, 200)}`),
      err.status,
      parseRetryAfter(retryAfter, nowMs),
      isRetryableStatus(err.status),
    );
  }
  if (isNotionClientError(err))
    return new DeliveryAttemptError(redactor.text(`Notion request failed (${err.code})`), null, null, true);
  const code =
    err && typeof err === "object" && "cause" in err
      ? String((err as { cause?: { code?: unknown } }).cause?.code ?? "network error")
      : "network error";
  return new DeliveryAttemptError(redactor.text(`Notion request failed (${code})`), null, null, true);
}

/** A header of a fetch-style response (Headers object or plain record). */
function headerOf(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as { get?: unknown }).get === "function")
    return (headers as { get(n: string): string | null }).get(name);
  if (headers && typeof headers === "object") {
    const v = (headers as Record<string, unknown>)[name];
    return typeof v === "string" ? v : null;
  }
  return null;
}
