import type { KnownBlock } from "@slack/types";
import type { CycleMessage, Notifier, NotifierResult } from "../runner/ports";
import type { NotifySettings } from "./env";
import { Redactor } from "./redact";
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from "./retry";
import { postToSlack } from "./slack";
import type { SlackMessage } from "./slackCard";

/** A cycle's outcome as a Block Kit message. Pure. */
export function cycleSlackMessage(m: CycleMessage): SlackMessage {
  const text = `NeuroPilot ${m.title}`;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: text.slice(0, 150) } },
    { type: "section", text: { type: "mrkdwn", text: m.lines.join("\n").slice(0, 2900) || m.outcome } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `stack *${m.stack}* · cycle \`${m.cycleId}\` · outcome *${m.outcome}*` }],
    },
  ];
  return { text, blocks };
}

/** Sends cycle messages to the Slack webhook from the environment (retries on 429/5xx); never throws. */
export class SlackCycleNotifier implements Notifier {
  private readonly redactor: Redactor;
  constructor(
    private readonly settings: NotifySettings,
    private readonly opts: { timeoutMs?: number; retry?: RetryPolicy; sleep?: (ms: number) => Promise<void> } = {},
  ) {
    this.redactor = new Redactor([settings.slack?.webhookUrl, settings.notion?.token]);
  }

  async send(m: CycleMessage): Promise<NotifierResult[]> {
    const slack = this.settings.slack;
    if (!slack) return [];
    const msg = cycleSlackMessage(m);
    const out = await withRetries(
      () =>
        postToSlack(slack.webhookUrl, msg, {
          timeoutMs: this.opts.timeoutMs ?? 10_000,
          redactor: this.redactor,
          nowMs: Date.now,
        }),
      this.opts.retry ?? DEFAULT_RETRY,
      this.opts.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))),
    );
    return [
      {
        channel: "slack",
        ok: out.ok,
        attempts: out.attempts,
        ...(out.ok ? {} : { error: this.redactor.text(out.error?.message ?? "unknown error") }),
      },
    ];
  }
}

/** Prints cycle messages (the embedded default). */
export class ConsoleNotifier implements Notifier {
  constructor(private readonly write: (line: string) => void) {}
  async send(m: CycleMessage): Promise<NotifierResult[]> {
    this.write(`[notify] ${m.title}: ${m.lines[0] ?? ""}`);
    return [{ channel: "console", ok: true, attempts: 1 }];
  }
}
