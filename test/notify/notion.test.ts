import { afterEach, describe, expect, it } from "vitest";
import { deliverReport } from "../../optimizer/notify/deliver";
import { NOTION_PROPERTIES } from "../../optimizer/notify/notionPage";
import { buildDailyReport } from "../../optimizer/report/build";
import { FIXTURE_DATE, fixtureInput } from "../report/fixture";
import { startReceiver, type Receiver } from "./receiver";

const TOKEN = "secret_AbCdEf0123456789NotionToken";
const DB = "0f3c2a9e4b7d4c1e9a8b7c6d5e4f3a2b";
const report = buildDailyReport(fixtureInput(), FIXTURE_DATE);
const files = ["daily_report_20261120.md"];
const page = JSON.stringify({ object: "page", id: "11111111-2222-3333-4444-555555555555", properties: {} });
const json = { "content-type": "application/json" };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const settings = (origin: string) => ({
  slack: null,
  notion: { token: TOKEN, databaseId: DB, baseUrl: origin },
  problems: [],
});

describe("Notion delivery (@notionhq/client with baseUrl → local receiver)", () => {
  it("creates a database entry, retrying after a 429 with Retry-After", async () => {
    receiver = await startReceiver([
      {
        status: 429,
        headers: { ...json, "retry-after": "2" },
        body: JSON.stringify({ object: "error", status: 429, code: "rate_limited", message: "slow down" }),
      },
      { status: 200, headers: json, body: page },
    ]);
    const slept: number[] = [];
    const [res] = await deliverReport(report, files, settings(receiver.origin), {
      sleep: async (ms) => void slept.push(ms),
    });
    expect(res).toMatchObject({ channel: "notion", ok: true, attempts: 2 });
    expect(slept).toEqual([2000]);
    const req = receiver.requests[1];
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/v1/pages");
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["notion-version"]).toBeTruthy();
    const body = JSON.parse(req.body) as {
      parent: { database_id: string };
      properties: Record<string, Record<string, unknown>>;
      children: { type: string }[];
    };
    expect(body.parent.database_id).toBe(DB);
    expect(body.properties[NOTION_PROPERTIES.title]).toMatchObject({
      title: [{ text: { content: "NeuroPilot prod 2026-11-20" } }],
    });
    expect(body.properties[NOTION_PROPERTIES.date]).toEqual({ date: { start: "2026-11-20" } });
    expect(body.properties[NOTION_PROPERTIES.health]).toEqual({ number: report.health.score });
    expect(body.properties[NOTION_PROPERTIES.sla]).toEqual({ number: report.sla.attainmentPercent });
    expect(body.properties[NOTION_PROPERTIES.cost]).toEqual({ number: report.cost.projectedMonthUsd });
    expect(body.children.filter((c) => c.type === "bulleted_list_item").length).toBeGreaterThanOrEqual(
      report.recommendations.length,
    );
  });

  it("retries 5xx with backoff, then fails without throwing", async () => {
    receiver = await startReceiver([
      {
        status: 502,
        headers: json,
        body: JSON.stringify({ object: "error", status: 502, code: "bad_gateway", message: "upstream" }),
      },
    ]);
    const slept: number[] = [];
    const [res] = await deliverReport(report, files, settings(receiver.origin), {
      sleep: async (ms) => void slept.push(ms),
      retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 1000 },
    });
    expect(res).toMatchObject({ ok: false, attempts: 3 });
    expect(slept).toEqual([50, 100]);
    expect(receiver.requests).toHaveLength(3);
  });

  it("fails a rejected request at once and redacts the token the server echoed", async () => {
    receiver = await startReceiver([
      {
        status: 401,
        headers: json,
        body: JSON.stringify({
          object: "error",
          status: 401,
          code: "unauthorized",
          message: `API token ${TOKEN} is invalid.`,
        }),
      },
    ]);
    const logs: string[] = [];
    const [res] = await deliverReport(report, files, settings(receiver.origin), {
      sleep: async () => {},
      log: (_l, m) => logs.push(m),
    });
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toMatch(/HTTP 401 \(unauthorized\)/);
    const everything = JSON.stringify(res) + logs.join("\n");
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain("NotionToken");
    expect(everything).toContain("[redacted]");
  });
});

describe("Notion delivery timeouts", () => {
  it("gives up on a hung request after the timeout and retries", async () => {
    receiver = await startReceiver([
      { status: 200, headers: json, body: page, delayMs: 5000 },
      { status: 200, headers: json, body: page },
    ]);
    const started = Date.now();
    const [res] = await deliverReport(report, files, settings(receiver.origin), {
      sleep: async () => {},
      timeoutMs: 200,
    });
    expect(res).toMatchObject({ ok: true, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
