import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../optimizer/cli/exitCodes";
import { runReport, type ReportLog } from "../../optimizer/report/app/runReport";
import { startReceiver, type Receiver } from "../notify/receiver";
import { FIXTURE_DATE, fixtureInput } from "./fixture";
import { writeStackFile, writeStateFiles } from "./stateFixture";

const ROOT = path.join(__dirname, "../..");
const SLACK_SECRET = "/services/T0CLI0SEC/B0CLI0SEC/CliWebhookSecret987654";
const NOTION_TOKEN = "secret_CliNotionToken0123456789abcdef";

let dir: string;
const receivers: Receiver[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "np-report-cli-"));
  writeStateFiles(path.join(dir, "state"), fixtureInput());
  writeStackFile(path.join(dir, "stacks"), "prod");
  return () => fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

function collector(): ReportLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

const opts = (out: string) => ({
  stack: "prod",
  date: FIXTURE_DATE,
  stateDir: path.join(dir, "state"),
  outDir: path.join(dir, out),
  stacksDir: path.join(dir, "stacks"),
  notify: true,
});

describe("report command", () => {
  it("writes JSON, Markdown and SVG and exits 0 when no channel is configured", async () => {
    const log = collector();
    const run = await runReport(opts("files-only"), { env: {}, nowMs: () => Date.parse("2026-11-21T06:00:00Z"), log });
    expect(run.exitCode).toBe(EXIT.ok);
    const base = path.join(dir, "files-only", "daily_report_20261120");
    const json = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as { schemaVersion: number; stack: string };
    expect(json.schemaVersion).toBe(1);
    expect(json.stack).toBe("prod");
    expect(fs.readFileSync(`${base}.md`, "utf8")).toContain(
      "![Key signals and thresholds of 2026-11-20](daily_report_20261120.svg)",
    );
    expect(fs.readFileSync(`${base}.svg`, "utf8")).toMatch(/^<svg/);
    expect(fs.readdirSync(path.join(dir, "files-only")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(log.lines.join("\n")).toContain("files only");
  });

  it("defaults to the previous UTC day", async () => {
    const run = await runReport(
      { ...opts("default-date"), date: undefined },
      { env: {}, nowMs: () => Date.parse("2026-11-21T00:30:00Z"), log: collector() },
    );
    expect(run.report?.date).toBe("2026-11-20");
  });

  it("rejects a bad date or unknown stack with exit 2 and a message naming it", async () => {
    const log = collector();
    expect((await runReport({ ...opts("bad"), date: "2026-02-30" }, { env: {}, nowMs: Date.now, log })).exitCode).toBe(
      EXIT.usage,
    );
    expect((await runReport({ ...opts("bad"), stack: "qa" }, { env: {}, nowMs: Date.now, log })).exitCode).toBe(
      EXIT.usage,
    );
    expect(log.lines.join("\n")).toMatch(/2026-02-30.*not a calendar date[\s\S]*Pulumi\.qa\.yaml/);
    expect(fs.existsSync(path.join(dir, "bad"))).toBe(false);
  });

  it("delivers to Slack and Notion and exits 0 when both succeed", async () => {
    const slack = await startReceiver([{ status: 200, body: "ok" }]);
    const notion = await startReceiver([
      { status: 200, headers: { "content-type": "application/json" }, body: '{"object":"page","id":"p1"}' },
    ]);
    receivers.push(slack, notion);
    const env = {
      NEUROPILOT_SLACK_WEBHOOK_URL: slack.origin + SLACK_SECRET,
      NEUROPILOT_NOTION_TOKEN: NOTION_TOKEN,
      NEUROPILOT_NOTION_DATABASE_ID: "db1",
      NEUROPILOT_NOTION_BASE_URL: notion.origin,
    };
    const run = await runReport(opts("delivered"), { env, nowMs: Date.now, log: collector() });
    expect(run.exitCode).toBe(EXIT.ok);
    expect(run.deliveries.map((d) => [d.channel, d.ok])).toEqual([
      ["slack", true],
      ["notion", true],
    ]);
    expect(slack.requests).toHaveLength(1);
    expect(notion.requests).toHaveLength(1);
  });

  it("CLI: a failed delivery keeps the files, exits 3, and never prints the webhook URL or token", async () => {
    const echo = (status: number) => (req: { url: string; headers: Record<string, unknown> }) => ({
      status,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        object: "error",
        status,
        code: "unauthorized",
        message: `bad credentials ${String(req.headers.authorization)} for ${req.url}`,
      }),
    });
    const slack = await startReceiver(echo(403));
    const notion = await startReceiver(echo(401));
    receivers.push(slack, notion);
    const out = path.join(dir, "cli-failed");
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, "optimizer/cli/bin.cjs"),
        "report",
        "--stack",
        "prod",
        "--date",
        FIXTURE_DATE,
        "--state-dir",
        path.join(dir, "state"),
        "--stacks-dir",
        path.join(dir, "stacks"),
        "--out",
        out,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NEUROPILOT_SLACK_WEBHOOK_URL: slack.origin + SLACK_SECRET,
          NEUROPILOT_NOTION_TOKEN: NOTION_TOKEN,
          NEUROPILOT_NOTION_DATABASE_ID: "db1",
          NEUROPILOT_NOTION_BASE_URL: notion.origin,
        },
      },
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, output).toBe(EXIT.deliveryFailed);
    expect(slack.requests).toHaveLength(1);
    expect(notion.requests).toHaveLength(1);
    // the receivers really echoed the secrets back …
    expect(notion.requests[0].headers.authorization).toBe(`Bearer ${NOTION_TOKEN}`);
    // … and none of it reached the logs, the report files or the exit message
    const written = fs
      .readdirSync(out)
      .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
      .join("\n");
    for (const secret of [SLACK_SECRET, "CliWebhookSecret987654", "T0CLI0SEC", NOTION_TOKEN, "CliNotionToken"]) {
      expect(output).not.toContain(secret);
      expect(written).not.toContain(secret);
    }
    expect(output).toContain("delivery failed");
    expect(output).toContain("HTTP 403");
    expect(output).toContain("HTTP 401");
    expect(fs.existsSync(path.join(out, "daily_report_20261120.json"))).toBe(true);
    expect(fs.existsSync(path.join(out, "daily_report_20261120.md"))).toBe(true);
    expect(fs.existsSync(path.join(out, "daily_report_20261120.svg"))).toBe(true);
  });
});
