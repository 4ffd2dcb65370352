import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../optimizer/core/atomicFile";
import { POLICY_GROUPS } from "../policies/all";
import { policyConfigFor } from "../policies/config";
import { policyConfigPath } from "../policies/configFile";
import { policyTable, withTable } from "../policies/lib/docTable";
import { PROJECT_ROOT, readStackConfig, stackNames } from "../policies/stackFiles";

/*
 * Regenerates policies/config/<stack>.json for every stacks/Pulumi.<stack>.yaml and the policy table in
 * docs/policies.md.  `npx tsx scripts/gen-policy-config.ts` writes; `--check` only reports what is out of date (exit 1).
 */

const DOC = path.join(PROJECT_ROOT, "docs", "policies.md");

function main(check: boolean): number {
  const stale: string[] = [];
  for (const stack of stackNames()) {
    const cfg = readStackConfig(stack);
    const file = policyConfigPath(stack);
    const want = `${JSON.stringify(policyConfigFor(cfg), null, 2)}\n`;
    const have = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (have === want) continue;
    stale.push(path.relative(PROJECT_ROOT, file));
    if (!check) writeJsonAtomic(file, policyConfigFor(cfg));
  }
  const table = policyTable(
    POLICY_GROUPS,
    policyConfigFor(readStackConfig("dev")),
    policyConfigFor(readStackConfig("prod")),
  );
  const doc = fs.readFileSync(DOC, "utf8");
  const next = withTable(doc, table);
  if (next !== doc) {
    stale.push(path.relative(PROJECT_ROOT, DOC));
    if (!check) writeFileAtomic(DOC, next);
  }
  for (const f of stale) console.log(`${check ? "out of date" : "wrote"}: ${f}`);
  if (stale.length === 0) console.log("policy config files and docs table are up to date");
  return check && stale.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.includes("--check"));
