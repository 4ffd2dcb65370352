import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_POLICIES, POLICY_GROUPS } from "../../policies/all";
import { policyConfigFor } from "../../policies/config";
import { policyTable, TABLE_END, TABLE_START, withTable } from "../../policies/lib/docTable";
import { PROJECT_ROOT, readStackConfig } from "../../policies/stackFiles";

const DOC = path.join(PROJECT_ROOT, "docs", "policies.md");

describe("docs/policies.md", () => {
  const doc = fs.readFileSync(DOC, "utf8");
  const table = policyTable(
    POLICY_GROUPS,
    policyConfigFor(readStackConfig("dev")),
    policyConfigFor(readStackConfig("prod")),
  );

  it("holds the table generated from the policy objects (run npx tsx scripts/gen-policy-config.ts after a change)", () => {
    expect(withTable(doc, table)).toBe(doc);
  });
  it("has one row per policy with its bounds, levels and stack keys", () => {
    for (const p of ALL_POLICIES) expect(table).toContain(`| \`${p.name}\` |`);
    expect(table).toContain("`asg-min-capacity.minInstances` = 1 / 2");
    expect(table).toContain("`monthly-budget.monthlyBudgetUsd` = 150 / 1200");
    expect(table).toContain("advisory / mandatory");
  });
  it("rejects a document without the markers", () => {
    expect(() => withTable("# no table", table)).toThrow(TABLE_START);
    expect(doc.indexOf(TABLE_END)).toBeGreaterThan(doc.indexOf(TABLE_START));
  });
});
