import { afterEach, describe, expect, it } from "vitest";
import { deliverReport } from "../../optimizer/notify/deliver";
import { buildDailyReport } from "../../optimizer/report/build";
import { FIXTURE_DATE, fixtureInput } from "../report/fixture";
import { closedPort, startReceiver, type Receiver } from "./receiver";

const SECRET_PATH = "/services/T0SECRET1/B0SECRET2/XyzSecretToken1234567";
const report = buildDailyReport(fixtureInput(), FIXTURE_DATE);
const files = ["daily_report_20261120.json", "daily_report_20261120.md", "daily_report_20261120.svg"];
const noWait = (waits: number[]) => async (ms: number) => {
  waits.push(ms);
};

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function settings(url: string) {
  return { slack: { webhookUrl: url }, notion: null, problems: [] };
}

describe("Slack delivery (IncomingWebhook → local receiver)", () => {
  it("posts a Block Kit card, retrying after a 429 with the Retry-After delay", async () => {
    receiver = await startReceiver([
      { status: 429, headers: { "retry-after": "3" }, body: "rate_limited" },
      { status: 200, body: "ok" },
    ]);
    const slept: number[] = [];
    const [res] = await deliverReport(report, files, settings(receiver.origin + SECRET_PATH), { sleep: noWait(slept) });
    expect(res).toMatchObject({ channel: "slack", ok: true, attempts: 2, waits: [3000] });
    expect(slept).toEqual([3000]);
    expect(receiver.requests).toHaveLength(2);
    const req = receiver.requests[1];
    expect(req.method).toBe("POST");
    expect(req.url).toBe(SECRET_PATH);
    const payload = JSON.parse(req.body) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(payload.text).toContain(`health ${report.health.score}/100`);
    expect(payload.blocks[0]).toMatchObject({
      type: "header",
      text: { text: "NeuroPilot daily report: prod, 2026-11-20" },
    });
    expect(JSON.stringify(payload.blocks)).toContain(report.recommendations[0].text.slice(0, 60));
    expect(JSON.stringify(payload.blocks)).toContain("daily_report_20261120.md");
  });

  it("backs off exponentially on 5xx and reports a hard failure without throwing or leaking the URL", async () => {
    receiver = await startReceiver([{ status: 503, body: `unavailable for ${SECRET_PATH}` }]);
    const slept: number[] = [];
    const logs: string[] = [];
    const [res] = await deliverReport(report, files, settings(receiver.origin + SECRET_PATH), {
      sleep: noWait(slept),
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      log: (_l, m) => logs.push(m),
    });
    expect(res.ok).toBe(false);
    expect(res.attempts).toBe(3);
    expect(slept).toEqual([100, 200]);
    expect(res.error).toMatch(/HTTP 503/);
    const everything = JSON.stringify(res) + logs.join("\n");
    expect(everything).not.toContain("XyzSecretToken1234567");
    expect(everything).not.toContain("T0SECRET1");
    expect(everything).toContain("[redacted]");
  });

  it("does not retry a 4xx other than 429", async () => {
    receiver = await startReceiver([{ status: 404, body: "no_service" }]);
    const [res] = await deliverReport(report, files, settings(receiver.origin + SECRET_PATH), { sleep: noWait([]) });
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it("treats an unreachable webhook as a retryable failure and keeps the URL out of the error", async () => {
    const port = await closedPort();
    const slept: number[] = [];
    const [res] = await deliverReport(report, files, settings(`http://127.0.0.1:${port}${SECRET_PATH}`), {
      sleep: noWait(slept),
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
      timeoutMs: 2000,
    });
    expect(res).toMatchObject({ ok: false, attempts: 2 });
    expect(res.error).toMatch(/ECONNREFUSED/);
    expect(res.error).not.toContain("SECRET");
  });
});

describe("Slack delivery timeouts", () => {
  it("gives up on a hung request after the timeout and retries", async () => {
    receiver = await startReceiver([
      { status: 200, body: "ok", delayMs: 5000 },
      { status: 200, body: "ok" },
    ]);
    const started = Date.now();
    const [res] = await deliverReport(report, files, settings(receiver.origin + SECRET_PATH), {
      sleep: noWait([]),
      timeoutMs: 200,
    });
    expect(res).toMatchObject({ ok: true, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
