/*
 * The compiled CLI (issue 16.5): no TypeScript at run time, commands loaded on demand, --version, --json on report
 * and demo, env fallbacks, no default path outside the repository, and a build that is never stale.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURE_DATE, fixtureInput } from "../report/fixture";
import { writeStateFiles } from "../report/stateFixture";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "optimizer/cli/bin.cjs");
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "np-cli-"));
  tmp.push(d);
  return d;
}
function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith("NEUROPILOT_")) delete base[k];
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...base, ...env } });
}

describe("compiled CLI", () => {
  it("--version prints the package version", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = cli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("`npx neuropilot` runs the project's own CLI through node_modules/.bin, not npx's package install path", () => {
    // a "bin" entry in the project's own package.json makes npx read the whole dependency tree before it runs
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.bin).toBeUndefined();
    const link = path.join(ROOT, "node_modules/.bin/neuropilot");
    expect(fs.realpathSync(link)).toBe(fs.realpathSync(BIN));
    const r = spawnSync("npx", ["--no-install", "neuropilot", "--version"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((pkg as { version: string }).version);
  });

  it("--help lists every command but loads no command module, no TypeScript compiler and no Pulumi SDK", () => {
    const probe = `
      const b = require(${JSON.stringify(path.join(ROOT, "scripts/build-cli.cjs"))}).currentBuild();
      const write = process.stdout.write.bind(process.stdout);
      let help = "";
      process.stdout.write = (s) => ((help += s), true);
      require(b.main).main(["node", "neuropilot", "--help"]).then((code) => {
        process.stdout.write = write;
        const loaded = Object.keys(require.cache).map((f) => f.replace(/\\\\/g, "/"));
        write(JSON.stringify({ code, help, loaded }));
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", probe], { cwd: ROOT, encoding: "utf8" })) as {
      code: number;
      help: string;
      loaded: string[];
    };
    expect(out.code).toBe(0);
    for (const c of ["bench", "cycle", "demo", "nab", "report", "simulate", "train"]) expect(out.help).toMatch(c);
    const offenders = out.loaded.filter((f) =>
      /\/dist\/cli\/[^/]+\/(?!main\.js)|\/(tsx|typescript|esbuild|@pulumi)\//.test(f),
    );
    expect(offenders).toEqual([]);
    expect(out.loaded.some((f) => /\/dist\/cli\/[^/]+\/main\.js$/.test(f))).toBe(true);
  });

  it("demo --json prints one JSON document on stdout (progress on stderr)", () => {
    const dir = tempDir();
    const r = cli(["demo", "--days", "1", "--dir", path.join(dir, "demo"), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { exitCode: number; stack: string; outcomes: Record<string, number> };
    expect(doc.exitCode).toBe(0);
    expect(doc.stack).toBe("dev");
    expect(Object.values(doc.outcomes).reduce((a, b) => a + b, 0)).toBe(4);
    expect(r.stderr).toMatch(/NeuroPilot embedded run/);
  });

  it("report --json takes --stack and --state-dir from NEUROPILOT_STACK / NEUROPILOT_STATE_DIR", () => {
    const dir = tempDir();
    // a state directory with data for the day (a missing one is exit 7, test/cli/exitCodes.test.ts)
    writeStateFiles(path.join(dir, "state"), { ...fixtureInput(), stack: "dev" }, { skip: ["anomalies.json"] });
    const r = cli(["report", "--date", FIXTURE_DATE, "--out", path.join(dir, "out"), "--no-notify", "--json"], {
      NEUROPILOT_STACK: "dev",
      NEUROPILOT_STATE_DIR: path.join(dir, "state"),
    });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { stack: string; date: string; files: { json: string } };
    expect(doc.stack).toBe("dev");
    expect(doc.date).toBe(FIXTURE_DATE);
    expect(fs.existsSync(doc.files.json)).toBe(true);
    expect(r.stderr).toContain(path.join(dir, "state", "dev"));
  });

  it("nab has no default corpus outside the repository: --data is required (exit 2, one reason line)", () => {
    const r = cli(["nab"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("error: required option '--data <dir>' not specified");
  });

  it("rebuilds when a source is newer than the build, and only then", () => {
    const copy = tempDir();
    for (const d of ["optimizer", "infra", "policies", "scripts", "stacks"])
      fs.cpSync(path.join(ROOT, d), path.join(copy, d), { recursive: true });
    for (const f of ["package.json", "package-lock.json", "tsconfig.json", "Pulumi.yaml"])
      fs.copyFileSync(path.join(ROOT, f), path.join(copy, f));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
    const bin = path.join(copy, "optimizer/cli/bin.cjs");
    const run = () => spawnSync(process.execPath, [bin, "--help"], { cwd: copy, encoding: "utf8" });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/compiling the CLI/);
    const second = run();
    expect(second.stderr).toBe("");
    const table = path.join(copy, "optimizer/cli/commandTable.ts");
    fs.writeFileSync(table, fs.readFileSync(table, "utf8").replace("incrementally", "incrementally (edited)"));
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(table, later, later);
    const third = run();
    expect(third.stderr).toMatch(/compiling the CLI/);
    expect(third.stdout).toMatch(/incrementally \(edited\)/);
  });
});
