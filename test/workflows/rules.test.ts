/*
 * The decisive rules of the workflows (issue 16.1), checked on the parsed YAML: official tooling and the aws plugin,
 * OIDC with the right role and permission, one concurrency group per stack shared by every writer, state committed
 * whatever the cycle's outcome (except bad input), preview with the pack before up, every stack scheduled.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const DIR = path.join(ROOT, ".github/workflows");

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  environment?: { name: string } | string;
  strategy?: { "max-parallel"?: number; matrix?: Record<string, unknown> };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = (f: string) => parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Workflow;
const all = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => ({ file: f, wf: load(f) }));
const jobs = all.flatMap(({ file, wf }) => Object.entries(wf.jobs).map(([name, job]) => ({ file, name, job })));
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
const stepIndex = (job: Job, re: RegExp) => job.steps.findIndex((s) => re.test(s.run ?? ""));

/** Jobs that drive the Pulumi engine (preview, up, or the cycle). */
const engineJobs = jobs.filter(({ job }) => /pulumi (preview|up)|neuropilot cycle/.test(runs(job)));
/** Jobs that write a stack: up, the cycle, or a commit of its state. */
const writerJobs = jobs.filter(({ job }) => /pulumi up|neuropilot cycle|commit-state\.sh/.test(runs(job)));

describe("workflow rules", () => {
  it("finds the jobs it checks (so the rules below cannot pass vacuously)", () => {
    expect(engineJobs.map((j) => `${j.file}:${j.name}`).sort()).toEqual([
      "deploy.yml:up",
      "ops-cycle.yml:cycle",
      "preview.yml:preview",
    ]);
    expect(writerJobs.map((j) => `${j.file}:${j.name}`).sort()).toEqual([
      "deploy.yml:up",
      "ops-cycle.yml:cycle",
      "report.yml:report",
      "train.yml:train",
    ]);
  });

  it("official tooling: no CLI build from Go sources in any workflow", () => {
    for (const { file, job } of jobs) {
      for (const s of job.steps) {
        expect(s.uses ?? "", file).not.toMatch(/setup-go/);
        expect(s.run ?? "", file).not.toMatch(/setup(-pulumi)?\.sh/);
      }
    }
  });

  it.each(engineJobs)("$file:$name installs the Pulumi CLI and the aws plugin at the declared versions", ({ job }) => {
    const versions = job.steps.findIndex((s) => s.id === "versions");
    expect(versions).toBeGreaterThanOrEqual(0);
    expect(job.steps[versions].run).toContain("scripts/ci/pulumi-versions.sh");
    const cli = job.steps.findIndex((s) => (s.uses ?? "").startsWith("pulumi/actions@"));
    expect(cli).toBeGreaterThan(versions);
    expect(job.steps[cli].with?.["pulumi-version"]).toBe("${{ steps.versions.outputs.pulumi }}");
    const plugin = stepIndex(job, /pulumi plugin install resource aws "\$\{\{ steps\.versions\.outputs\.aws \}\}"/);
    expect(plugin).toBeGreaterThan(cli);
    const first = stepIndex(job, /pulumi (preview|up)|neuropilot cycle/);
    expect(plugin).toBeLessThan(first);
    expect(job.env?.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION).toBe("true");
  });

  it("the versions script prints the CLI of @pulumi/pulumi and the plugin @pulumi/aws declares", () => {
    const out = execFileSync("bash", [path.join(ROOT, "scripts/ci/pulumi-versions.sh")], { encoding: "utf8" });
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version: string }>;
    };
    const aws = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@pulumi/aws/package.json"), "utf8")) as {
      pulumi: { version: string };
    };
    expect(out).toBe(`pulumi=${lock.packages["node_modules/@pulumi/pulumi"].version}\naws=${aws.pulumi.version}\n`);
  });

  it.each(engineJobs)("$file:$name gets AWS credentials through OIDC only", ({ file, job }) => {
    const aws = job.steps.find((s) => (s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"));
    expect(aws).toBeDefined();
    expect(job.permissions?.["id-token"]).toBe("write");
    const role = file === "preview.yml" ? "AWS_PREVIEW_ROLE_ARN" : "AWS_DEPLOY_ROLE_ARN";
    expect(aws?.with?.["role-to-assume"]).toBe(`\${{ vars.${role} }}`);
    expect(job.env?.AWS_ROLE_ARN).toBe(`\${{ vars.${role} }}`);
    expect(stepIndex(job, /require-env\.sh AWS_ROLE_ARN/)).toBeGreaterThanOrEqual(0);
  });

  it("no static AWS keys anywhere; only OIDC jobs get id-token", () => {
    for (const { file, wf } of all) {
      expect(JSON.stringify(wf), file).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
      expect(wf.permissions?.["id-token"], file).toBeUndefined();
    }
  });

  it.each(writerJobs)("$file:$name holds the stack's concurrency group and covers every stack", ({ file, job }) => {
    expect(job.concurrency).toEqual({ group: "neuropilot-stack-${{ matrix.stack }}", "cancel-in-progress": false });
    if (file === "ops-cycle.yml") {
      // the fleet's dynamic matrix, bounded parallelism
      expect(job.strategy?.matrix).toBe("${{ fromJSON(needs.stacks.outputs.matrix) }}");
      expect(job.strategy?.["max-parallel"]).toBeGreaterThan(1);
      expect(job.strategy?.["max-parallel"]).toBeLessThanOrEqual(10);
    } else {
      expect(job.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
      expect(job.strategy?.["max-parallel"]).toBe(1);
    }
    expect(job.needs).toBe("stacks");
  });

  it("ops-cycle commits the state after every outcome (3, 4, 6 included), never after bad input (2)", () => {
    const job = load("ops-cycle.yml").jobs.cycle;
    const cycle = job.steps.findIndex((s) => s.id === "cycle");
    // the cycle step itself never fails, it records the exit code
    expect(job.steps[cycle].run).toMatch(/npx neuropilot cycle[\s\S]*\|\| code=\$\?/);
    expect(job.steps[cycle].run).toContain('echo "code=$code" >> "$GITHUB_OUTPUT"');
    const commit = stepIndex(job, /commit-state\.sh "\$STACK"/);
    expect(commit).toBeGreaterThan(cycle);
    expect(job.steps[commit].if).toBe(
      "${{ always() && steps.cycle.outcome == 'success' && steps.cycle.outputs.code != '2' && !inputs.dry_run }}",
    );
    // the job's result is decided only after the commit
    const result = stepIndex(job, /cycle-exit\.sh/);
    expect(result).toBeGreaterThan(commit);
    expect(job.steps[result].if).toContain("always()");
    // the log goes to an artifact, not into the committed state
    expect(job.steps[cycle].run).toContain('--log-file "$RUNNER_TEMP/cycle.log.jsonl"');
  });

  it("cycle-exit.sh passes 0, 4, 5 and fails 1, 2, 3, 6 with their own code", () => {
    const code = (c: number) => {
      try {
        execFileSync("bash", [path.join(ROOT, "scripts/ci/cycle-exit.sh"), String(c)], { stdio: "pipe" });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    expect([0, 1, 2, 3, 4, 5, 6].map(code)).toEqual([0, 1, 2, 3, 0, 0, 6]);
  });

  it("deploy previews with the policy pack before up, in the stack's environment", () => {
    const job = load("deploy.yml").jobs.up;
    const preview = stepIndex(job, /pulumi preview/);
    const up = stepIndex(job, /pulumi up/);
    expect(preview).toBeGreaterThanOrEqual(0);
    expect(preview).toBeLessThan(up);
    for (const i of [preview, up]) {
      expect(job.steps[i].run).toContain("--policy-pack policies");
      expect(job.steps[i].run).toContain('--policy-pack-config "policies/config/$STACK.json"');
      expect(job.steps[i].if).toBeUndefined();
    }
    expect(job.steps[up].run).toContain("--message");
    expect(job.environment).toEqual({ name: "${{ matrix.stack }}" });
  });

  it("preview keeps one PR comment per stack, updated in place", () => {
    const job = load("preview.yml").jobs.preview;
    const comment = job.steps.find((s) => (s.uses ?? "").startsWith("actions/github-script@"));
    const script = comment?.with?.script ?? "";
    expect(script).toContain("<!-- neuropilot-preview:${stack} -->");
    expect(script).toMatch(/c\.body\.startsWith\(marker\)/);
    expect(script).toMatch(/if \(mine\) await github\.rest\.issues\.updateComment/);
    expect(job.permissions?.["pull-requests"]).toBe("write");
  });

  it("the ops cycle is scheduled on the fleet plan's dynamic matrix: every valid stack, an invalid one skipped", () => {
    expect(load("ops-cycle.yml").on.schedule).toEqual([{ cron: "0 */6 * * *" }]);
    const plan = load("ops-cycle.yml").jobs.stacks;
    expect(runs(plan)).toContain("scripts/ci/fleet-matrix.sh");
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "np-matrix-"));
    try {
      fs.mkdirSync(path.join(project, "stacks"));
      const dev = fs.readFileSync(path.join(ROOT, "stacks/Pulumi.dev.yaml"), "utf8");
      for (const s of ["a", "b", "c"]) fs.writeFileSync(path.join(project, `stacks/Pulumi.${s}.yaml`), dev);
      fs.writeFileSync(path.join(project, "stacks/Pulumi.bad.yaml"), dev.replace("minSize: 1", "minSize: -3"));
      const r = spawnSync("bash", [path.join(ROOT, "scripts/ci/fleet-matrix.sh"), "--project-root", project], {
        encoding: "utf8",
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(
        `matrix=${JSON.stringify({ include: [{ stack: "a" }, { stack: "b" }, { stack: "c" }] })}\n`,
      );
      expect(r.stderr).toContain("skipping stack bad (stacks/Pulumi.bad.yaml)");
      const none = spawnSync(
        "bash",
        [path.join(ROOT, "scripts/ci/fleet-matrix.sh"), "ghost", "--project-root", project],
        {
          encoding: "utf8",
        },
      );
      expect(none.status).toBe(2);
      expect(none.stdout).toBe("");
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("deploy rolls out every stack of stacks/, dev-like stacks before prod", () => {
    const stacks = JSON.parse(execFileSync("bash", [path.join(ROOT, "scripts/ci/stacks.sh")], { encoding: "utf8" }));
    const files = fs
      .readdirSync(path.join(ROOT, "stacks"))
      .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
      .map((f) => f.slice("Pulumi.".length, -".yaml".length));
    expect([...stacks].sort()).toEqual(files.sort());
    expect(stacks.indexOf("dev")).toBeLessThan(stacks.indexOf("prod"));
    expect(stacks[stacks.length - 1]).toBe("prod");
  });
});
