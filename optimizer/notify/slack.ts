import { IncomingWebhook } from "@slack/webhook";
import { DeliveryAttemptError, isRetryableStatus, parseRetryAfter } from "./retry";
import type { Redactor } from "./redact";
import type { SlackMessage } from "./slackCard";

interface HttpishError {
  message?: unknown;
  original?: { response?: { status?: number; headers?: Record<string, unknown>; data?: unknown }; code?: unknown };
}

/** One attempt to post a message to a Slack incoming webhook; failures become redacted DeliveryAttemptErrors. */
export async function postToSlack(
  webhookUrl: string,
  msg: SlackMessage,
  opts: { timeoutMs: number; redactor: Redactor; nowMs: () => number },
): Promise<void> {
  const hook = new IncomingWebhook(webhookUrl, { timeout: opts.timeoutMs, retryConfig: { retries: 0 } });
  try {
    await hook.send({ text: msg.text, blocks: msg.blocks });
  } catch (err) {
    throw toAttemptError(err as HttpishError, opts.redactor, opts.nowMs());
  }
}

function toAttemptError(err: HttpishError, redactor: Redactor, nowMs: number): DeliveryAttemptError {
  const res = err.original?.response;
  if (res && typeof res.status === "number") {
    const retryAfter = res.headers?.["retry-after"];
    const body = typeof res.data === "string" ? res.data : JSON.stringify(res.data ?? "");
    return new DeliveryAttemptError(
      redactor.text(`Slack webhook answered HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ""}`),
      res.status,
      parseRetryAfter(typeof retryAfter === "string" ? retryAfter : null, nowMs),
      isRetryableStatus(res.status),
    );
  }
  const code = typeof err.original?.code === "string" ? err.original.code : "no response";
  return new DeliveryAttemptError(redactor.text(`Slack webhook request failed (${code})`), null, null, true);
}
