/* The workflows' shell scripts on real git repositories and real environments (no network). */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const script = (name: string) => path.join(ROOT, "scripts/ci", name);
const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** A bare remote and two clones with a committed stacks/ and state/prod/. */
function repos(): { remote: string; a: string; b: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "np-ci-"));
  tmp.push(base);
  const remote = path.join(base, "remote.git");
  git(base, "init", "-q", "--bare", "-b", "main", remote);
  const seed = path.join(base, "seed");
  git(base, "clone", "-q", remote, seed);
  for (const d of ["stacks", "state/prod", "state/dev"]) fs.mkdirSync(path.join(seed, d), { recursive: true });
  fs.writeFileSync(path.join(seed, "stacks/Pulumi.prod.yaml"), "config: {}\n");
  fs.writeFileSync(path.join(seed, "state/prod/decisions.jsonl"), "");
  fs.writeFileSync(path.join(seed, "state/dev/decisions.jsonl"), "");
  git(seed, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".");
  git(seed, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "seed");
  git(seed, "push", "-q", "origin", "HEAD:main");
  const a = path.join(base, "a");
  const b = path.join(base, "b");
  git(base, "clone", "-q", remote, a);
  git(base, "clone", "-q", remote, b);
  return { remote, a, b };
}

const env = { ...process.env, NEUROPILOT_PUSH_BRANCH: "main", NEUROPILOT_PUSH_BACKOFF_SECONDS: "0" };

describe("scripts/ci/commit-state.sh", () => {
  it("commits with the runner's message and, when another job pushed first, rebases and pushes again", () => {
    const { remote, a, b } = repos();
    // job A (report of dev) pushes first
    fs.writeFileSync(path.join(a, "state/dev/decisions.jsonl"), "{}\n");
    execFileSync("bash", [script("commit-state.sh"), "dev"], { cwd: a, env, stdio: "pipe" });
    // job B (cycle of prod) started from the old tip
    fs.writeFileSync(path.join(b, "state/prod/decisions.jsonl"), '{"outcome":"rolled-back"}\n');
    fs.writeFileSync(path.join(b, "state/prod/last-change.txt"), "neuropilot(prod): rolled back 75/30");
    const r = spawnSync("bash", [script("commit-state.sh"), "prod"], { cwd: b, env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/push rejected; rebasing/);
    const log = git(remote, "log", "--format=%s", "main");
    expect(log.split("\n").slice(0, 2)).toEqual([
      "neuropilot(prod): rolled back 75/30",
      "neuropilot(dev): update state",
    ]);
  });

  it("commits nothing when nothing changed", () => {
    const { remote, a } = repos();
    const before = git(remote, "rev-parse", "main");
    const r = spawnSync("bash", [script("commit-state.sh"), "prod"], { cwd: a, env, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("nothing changed");
    expect(git(remote, "rev-parse", "main")).toBe(before);
  });

  it("stops on a rebase conflict with exit 1 and pushes nothing", () => {
    const { remote, a, b } = repos();
    fs.writeFileSync(path.join(a, "stacks/Pulumi.prod.yaml"), "config: {a: 1}\n");
    execFileSync("bash", [script("commit-state.sh"), "prod"], { cwd: a, env, stdio: "pipe" });
    const tip = git(remote, "rev-parse", "main");
    fs.writeFileSync(path.join(b, "stacks/Pulumi.prod.yaml"), "config: {b: 2}\n");
    const r = spawnSync("bash", [script("commit-state.sh"), "prod"], { cwd: b, env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/conflicts; not pushed/);
    expect(git(remote, "rev-parse", "main")).toBe(tip);
  });
});

describe("scripts/ci/require-env.sh and stacks.sh (bad input: one line, exit 2)", () => {
  it("names every missing credential in one line, never a value, exit 2", () => {
    const r = spawnSync("bash", [script("require-env.sh"), "AWS_ROLE_ARN", "PULUMI_BACKEND_URL", "PRESENT"], {
      env: { PATH: process.env.PATH ?? "", PRESENT: "s3cr3t-value" },
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("missing AWS_ROLE_ARN PULUMI_BACKEND_URL");
    expect(r.stderr).not.toContain("s3cr3t");
    const ok = spawnSync("bash", [script("require-env.sh"), "PRESENT"], {
      env: { PATH: process.env.PATH ?? "", PRESENT: "x" },
    });
    expect(ok.status).toBe(0);
  });

  it("an unknown stack exits 2 with one line and prints no matrix", () => {
    const r = spawnSync("bash", [script("stacks.sh"), "staging"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe('stacks.sh: unknown stack "staging" (no stacks/Pulumi.staging.yaml); nothing was run');
    expect(execFileSync("bash", [script("stacks.sh"), "dev"], { encoding: "utf8" })).toBe('["dev"]\n');
  });
});
