/*
 * One exit-code table (optimizer/cli/exitCodes.ts), honoured by every command: each command run on each class of bad
 * input it can meet (usage, config, missing data, refused, locked, bug), checking the code, that the one-line
 * message names the file, key or flag, and that nothing was deleted or written. Delivery failure (3): report, in
 * test/report/cli.test.ts; cycle outcomes 3/4/5/6 on the real adapters: test/runner/*.test.ts and test/e2e.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, EXIT_TABLE, exitCodeTableMarkdown } from "../../optimizer/cli/exitCodes";
import { FIXTURE_DATE, fixtureInput } from "../report/fixture";
import { writeStackFile, writeStateFiles } from "../report/stateFixture";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "optimizer/cli/bin.cjs");
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "np-exit-"));
  const stacks = path.join(dir, "stacks");
  fs.mkdirSync(stacks);
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.copyFileSync(path.join(ROOT, "stacks/Pulumi.dev.yaml"), path.join(stacks, "Pulumi.dev.yaml"));
  fs.writeFileSync(path.join(stacks, "Pulumi.broken.yaml"), "config:\n  neuropilot:maxSize: [\n");
  fs.writeFileSync(path.join(stacks, "Pulumi.invalid.yaml"), "config:\n  neuropilot:maxSize: 500\n");
  writeStackFile(stacks, "prod");
  writeStateFiles(path.join(dir, "state"), fixtureInput());
  fs.writeFileSync(path.join(dir, "tiny.csv"), "timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:01:00,2\n");
  // a previous demo run whose output must survive a demo that fails on its arguments
  fs.mkdirSync(path.join(dir, ".neuropilot-demo"));
  fs.writeFileSync(path.join(dir, ".neuropilot-demo", "previous-run.txt"), "kept");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in `dir` (asynchronously: a blocking spawn would stall vitest's worker RPC). */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("NEUROPILOT_") || k.startsWith("SLACK_")) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 120_000 });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

/** [command line, expected exit code, what the message must name] */
type Case = [string[], number, RegExp];

const CASES: Record<string, Case[]> = {
  usage: [
    [["cycle"], EXIT.usage, /--stack/],
    [["demo", "--days", "abc"], EXIT.usage, /--days.*abc/],
    [["demo", "--seed", "1.5"], EXIT.usage, /--seed/],
    [["report", "--stack", "prod", "--date", "2026-02-30"], EXIT.usage, /2026-02-30/],
    [["simulate", "--trace", "builtin:nope"], EXIT.usage, /nope/],
    [["train", "--input", "tiny.csv", "--seed", "q"], EXIT.usage, /--seed/],
    [["nab", "--data", ".", "--labels", "x.json", "--detectors", "bogus"], EXIT.usage, /bogus/],
    [["bench", "optimizer", "--days", "abc", "--json"], EXIT.usage, /--days/],
  ],
  config: [
    [["cycle", "--stack", "staging"], EXIT.usage, /Pulumi\.staging\.yaml/],
    [["cycle", "--stack", "broken"], EXIT.usage, /Pulumi\.broken\.yaml: \S/],
    [["cycle", "--stack", "invalid"], EXIT.usage, /Pulumi\.invalid\.yaml[\s\S]*neuropilot:maxSize/],
    [["demo", "--stack", "staging"], EXIT.usage, /Pulumi\.staging\.yaml/],
    [["demo", "--stack", "broken"], EXIT.usage, /Pulumi\.broken\.yaml: \S/],
    [["demo", "--stack", "invalid"], EXIT.usage, /neuropilot:maxSize/],
    [["demo", "--trace", "nope.csv"], EXIT.usage, /--trace nope\.csv/],
    [["report", "--stack", "broken"], EXIT.usage, /Pulumi\.broken\.yaml: \S/],
    [["report", "--stack", "staging"], EXIT.usage, /Pulumi\.staging\.yaml/],
    [["simulate", "--trace", "builtin:weekly", "--stack", "staging"], EXIT.usage, /Pulumi\.staging\.yaml/],
    [["bench", "optimizer", "--stack", "staging", "--json"], EXIT.usage, /Pulumi\.staging\.yaml/],
  ],
  "missing data": [
    [["report", "--stack", "prod", "--state-dir", "nostate", "--out", "out-a"], EXIT.missingData, /nostate/],
    [["report", "--stack", "prod", "--date", "2020-01-01", "--out", "out-b"], EXIT.missingData, /2020-01-01/],
    [["train", "--input", "none.csv"], EXIT.missingData, /--input none\.csv/],
    [["nab", "--data", "nodata", "--labels", "x.json"], EXIT.missingData, /--data nodata/],
  ],
  refused: [[["train", "--input", "tiny.csv", "--model", "m.json"], EXIT.refused, /insufficient samples/]],
  bug: [
    // a state file that exists but cannot be used: code 1, naming the file
    [["report", "--stack", "prod", "--state-dir", "corrupt", "--out", "out-c"], EXIT.failure, /metrics-history\.json/],
  ],
};

describe("exit codes", () => {
  it("docs/guide.md's table is the one in optimizer/cli/exitCodes.ts", () => {
    const guide = fs.readFileSync(path.join(ROOT, "docs/guide.md"), "utf8");
    expect(guide).toContain(exitCodeTableMarkdown());
    expect(new Set(EXIT_TABLE.map((e) => e.code)).size).toBe(EXIT_TABLE.length);
  });

  for (const [kind, cases] of Object.entries(CASES))
    for (const [args, code, names] of cases)
      it(`${kind}: neuropilot ${args.join(" ")} exits ${code}, naming it`, async () => {
        if (kind === "bug") {
          const d = path.join(dir, "corrupt", "prod");
          fs.mkdirSync(d, { recursive: true });
          fs.writeFileSync(path.join(d, "metrics-history.json"), "{not json");
        }
        const r = await cli(args);
        expect(r.code, `${r.err}\n${r.out}`).toBe(code);
        const message = `${r.err}\n${r.out}`;
        expect(message).toMatch(names);
        // the error is one line on stderr (or one JSON log line), never a stack trace
        expect(message).not.toMatch(/^\s+at /m);
      });

  it("writes nothing when the arguments are bad", () => {
    expect(fs.readFileSync(path.join(dir, ".neuropilot-demo", "previous-run.txt"), "utf8")).toBe("kept");
    for (const out of ["out-a", "out-b", "out-c", "reports"]) expect(fs.existsSync(path.join(dir, out))).toBe(false);
    expect(fs.existsSync(path.join(dir, "state", "staging"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "m.json"))).toBe(false);
  });

  it("locked: cycle exits 5 when another run holds the runner lock, and says so", async () => {
    const lock = path.join(dir, "state", "dev", "runner.lock");
    fs.mkdirSync(lock, { recursive: true });
    try {
      const r = await cli(["cycle", "--stack", "dev"]);
      expect(r.code, r.err + r.out).toBe(EXIT.locked);
      expect(r.out + r.err).toContain("runner.lock");
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  });

  it("a report on a day with data still exits 0 (the fixture's day)", async () => {
    const r = await cli(["report", "--stack", "prod", "--date", FIXTURE_DATE, "--out", "out-ok", "--no-notify"]);
    expect(r.code, r.err + r.out).toBe(EXIT.ok);
  });
});
