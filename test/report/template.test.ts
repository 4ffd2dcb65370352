import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildDailyReport } from "../../optimizer/report/build";
import { MARKDOWN_SECTIONS, renderMarkdown } from "../../optimizer/report/render/markdown";
import { FIXTURE_DATE, fixtureInput } from "./fixture";

const template = fs.readFileSync(path.join(__dirname, "../../docs/daily-report.md"), "utf8");
const block = /```markdown\n([\s\S]*?)\n```/.exec(template)?.[1] ?? "";
const headings = (md: string) =>
  md
    .split("\n")
    .filter((l) => l.startsWith("## "))
    .map((l) => l.slice(3));

describe("docs/daily-report.md is the template the Markdown follows", () => {
  it("lists the renderer's sections in order", () => {
    expect(headings(block)).toEqual([...MARKDOWN_SECTIONS]);
  });

  it("matches the sections of a rendered report", () => {
    const md = renderMarkdown(buildDailyReport(fixtureInput(), FIXTURE_DATE), "chart.svg");
    expect(headings(md)).toEqual(headings(block));
    expect(md.split("\n")[0]).toBe("# NeuroPilot daily report: prod (prod), 2026-11-20");
  });
});
