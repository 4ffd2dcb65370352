import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR, goldenCases } from "./goldenFiles";

// Golden files are committed; after an intended change run `npx tsx test/report/updateGolden.ts` and review the diff.
describe("daily report golden files", () => {
  for (const c of goldenCases()) {
    it(`${c.name}.md matches the committed golden file`, () => {
      expect(c.markdown).toBe(fs.readFileSync(path.join(GOLDEN_DIR, `${c.name}.md`), "utf8"));
    });
    it(`${c.name}.json matches the committed golden file`, () => {
      expect(c.json).toBe(fs.readFileSync(path.join(GOLDEN_DIR, `${c.name}.json`), "utf8"));
    });
  }
  it("is independent of the local time zone", async () => {
    const { execFileSync } = await import("node:child_process");
    const script =
      "const {goldenCases}=require('./test/report/goldenFiles');process.stdout.write(goldenCases()[0].markdown)";
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
      env: { ...process.env, TZ: "Pacific/Kiritimati" },
      cwd: path.join(__dirname, "../.."),
      encoding: "utf8",
    });
    expect(out).toBe(fs.readFileSync(path.join(GOLDEN_DIR, "daily_report_full.md"), "utf8"));
  });
});
