import * as path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/*
 * The layer rules of docs/architecture.md are ESLint `no-restricted-imports` rules (eslint.config.mjs), run over the
 * whole tree by `npm run lint` in `npm test`. This proves each rule is in force: a violating import in a file of the
 * layer is reported, an allowed one is not.
 */

const ROOT = path.resolve(__dirname, "../..");
const eslint = new ESLint({ cwd: ROOT });

/** The restricted-import messages ESLint reports for `source` placed at `file` (relative to the project root). */
async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const use = (what: string, from: string) => `import { ${what} } from "${from}";\nexport const probe = ${what};\n`;

describe("import rules (docs/architecture.md)", () => {
  it("policies never import optimizer", async () => {
    expect(await restricted("policies/probe.ts", use("writeFileAtomic", "../optimizer/core/atomicFile"))).toEqual([
      expect.stringMatching(/policies\/ never imports optimizer\//),
    ]);
    expect(await restricted("policies/lib/probe.ts", use("x", "../../optimizer/learn/learner"))).toHaveLength(1);
    expect(await restricted("policies/probe.ts", use("estimateMonthlyCost", "../infra/cost/model"))).toEqual([]);
  });

  it("infra never imports optimizer or policies", async () => {
    expect(await restricted("infra/probe.ts", use("x", "../optimizer/core/types"))).toEqual([
      expect.stringMatching(/infra\/ never imports/),
    ]);
    expect(await restricted("infra/cost/probe.ts", use("ALL_POLICIES", "../../policies/all"))).toHaveLength(1);
    expect(await restricted("infra/probe.ts", use("parseStackConfig", "./config"))).toEqual([]);
  });

  it("the pure core does no I/O and never imports adapters", async () => {
    expect(await restricted("optimizer/learn/probe.ts", use("readFileSync", "node:fs"))).toEqual([
      expect.stringMatching(/pure core does no I\/O/),
    ]);
    expect(await restricted("optimizer/detect/probe.ts", use("PulumiTarget", "../deploy/pulumiTarget"))).toEqual([
      expect.stringMatching(/pure core never imports adapters/),
    ]);
    expect(await restricted("optimizer/sim/probe.ts", use("writeFileAtomic", "../core/atomicFile"))).toHaveLength(1);
    expect(await restricted("optimizer/report/probe.ts", use("loadState", "./io/loadState"))).toHaveLength(1);
    expect(await restricted("optimizer/sim/probe.ts", use("instanceMinutesUsd", "../../infra/cost/model"))).toEqual([]);
    // a file adapter next to the pure modules may read files
    expect(await restricted("optimizer/sim/loadInputs.ts", use("readFileSync", "node:fs"))).toEqual([]);
  });
});
