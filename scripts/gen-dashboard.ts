/*
 * Writes observability/grafana/neuropilot.json from optimizer/observe/dashboard.ts and the default stack config
 * (the signals' PromQL): `npx tsx scripts/gen-dashboard.ts`; `--check` exits 1 when the file is out of date.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { defaultStackConfig } from "../infra/config";
import { writeFileAtomic } from "../optimizer/core/atomicFile";
import { dashboard } from "../optimizer/observe/dashboard";

const file = path.resolve(__dirname, "../observability/grafana/neuropilot.json");
const text = `${JSON.stringify(dashboard(defaultStackConfig()), null, 2)}\n`;
if (process.argv.includes("--check")) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (current !== text) {
    process.stderr.write(
      `${path.relative(process.cwd(), file)} is out of date: run npx tsx scripts/gen-dashboard.ts\n`,
    );
    process.exitCode = 1;
  }
} else {
  writeFileAtomic(file, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
