import * as fs from "node:fs";
import * as path from "node:path";
import { parseWorkflow, NoOperationTraceWriter, convertWorkflowTemplate } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const DIR = path.resolve(__dirname, "../../.github/workflows");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));

async function validate(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (result.value) {
    const template = await convertWorkflowTemplate(result.context, result.value);
    errors.push(...(template.errors ?? []).map((e) => e.Message));
  }
  return errors;
}

describe("GitHub workflows", () => {
  it("the validator rejects a broken workflow (so the checks below can fail)", async () => {
    const errors = await validate("bad.yml", "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it.each(files)("%s passes the GitHub Actions workflow schema", async (file) => {
    const errors = await validate(file, fs.readFileSync(path.join(DIR, file), "utf8"));
    expect(errors).toEqual([]);
  });

  it("schedules: ops cycle every 6 h, training 03:00 UTC, report 09:00 UTC", () => {
    const cron = (f: string) =>
      (parse(fs.readFileSync(path.join(DIR, f), "utf8")) as { on: { schedule: { cron: string }[] } }).on.schedule[0]
        .cron;
    expect(cron("ops-cycle.yml")).toBe("0 */6 * * *");
    expect(cron("train.yml")).toBe("0 3 * * *");
    expect(cron("report.yml")).toBe("0 9 * * *");
  });

  it("secrets come only from the repository's secrets", () => {
    for (const f of files) {
      const text = fs.readFileSync(path.join(DIR, f), "utf8");
      for (const m of text.matchAll(/(PASSPHRASE|TOKEN|WEBHOOK_URL|SECRET_ACCESS_KEY|ACCESS_KEY_ID):\s*(.+)/g))
        expect(m[2].trim(), `${f}: ${m[0]}`).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
    }
  });
});
