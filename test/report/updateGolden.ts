/* Regenerates test/report/golden/*.md and *.json after an intended change of the report: npx tsx test/report/updateGolden.ts */
import * as fs from "node:fs";
import * as path from "node:path";
import { GOLDEN_DIR, goldenCases } from "./goldenFiles";

for (const c of goldenCases()) {
  fs.writeFileSync(path.join(GOLDEN_DIR, `${c.name}.md`), c.markdown);
  fs.writeFileSync(path.join(GOLDEN_DIR, `${c.name}.json`), c.json);
  process.stdout.write(`wrote ${c.name}.md and ${c.name}.json\n`);
}
