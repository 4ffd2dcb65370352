import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  ConcurrentUpdateError,
  LocalWorkspace,
  StackNotFoundError,
  type ConfigMap,
  type EngineEvent,
  type Stack,
} from "@pulumi/pulumi/automation";
import { parse as parseYaml } from "yaml";
import { stackKey } from "../../infra/config";
import { writeFileAtomic } from "../core/atomicFile";
import type { Thresholds } from "../core/types";
import {
  deployedThresholds,
  describeBackend,
  MissingSecretError,
  missingPassphrase,
  resolveBackend,
  secretsProvider,
  StackMissingError,
  type DeployedResource,
} from "./backend";

export { MissingSecretError, StackMissingError } from "./backend";
import { resolvePulumiCommand } from "./pulumiCli";

/** A policy violation reported by the CrossGuard pack during preview or up. */
export interface PolicyViolation {
  policyName: string;
  /** As the engine reports it: advisory or mandatory (the SDK's type says "warning" for advisory). */
  enforcementLevel: "advisory" | "mandatory";
  message: string;
  resourceUrn?: string;
}

/** Another update holds the Pulumi stack lock; nothing was changed. */
export class StackLockedError extends Error {
  constructor(stack: string, detail: string) {
    super(
      `stack "${stack}" is locked by another update (Pulumi's stack lock): ${detail.split("\n").find((l) => /lock|update/i.test(l)) ?? "concurrent update"}`,
    );
    this.name = "StackLockedError";
  }
}

/** A mandatory policy violation stopped preview or up. */
export class PolicyViolationError extends Error {
  constructor(
    readonly command: "preview" | "up",
    readonly violations: readonly PolicyViolation[],
  ) {
    super(
      `${command} blocked by mandatory polic${violations.length === 1 ? "y" : "ies"}: ` +
        violations.map((v) => `${v.policyName}: ${v.message}`).join("; "),
    );
    this.name = "PolicyViolationError";
  }
}

export interface PulumiTargetOptions {
  projectRoot: string;
  stack: string;
  /**
   * Backend URL (any the CLI supports); default PULUMI_BACKEND_URL, else Pulumi Cloud when PULUMI_ACCESS_TOKEN is
   * set, else the embedded local file backend under the project (.pulumi-state).
   */
  backendUrl?: string;
  /** Create the stack when the backend does not have it (default: never; a missing stack is StackMissingError). */
  createStack?: boolean;
  /** Policy pack folder, passed on every preview and up. */
  policyPackDir?: string;
  /** Per-stack policy config (written to a temp JSON file passed with policyPackConfigs). */
  policyConfig?: Record<string, unknown>;
  /** Extra environment for the CLI (e.g. PULUMI_HOME, test hooks). Secrets are passed through, never logged. */
  env?: Record<string, string>;
  /** Progress lines from the engine (stdout of the CLI). */
  onOutput?: (line: string) => void;
}

export interface PreviewOutcome {
  changeSummary: Record<string, number>;
  violations: PolicyViolation[];
}

export interface UpOutcome extends PreviewOutcome {
  outputs: Record<string, unknown>;
}

function policyViolations(events: EngineEvent[]): PolicyViolation[] {
  return events.flatMap((e) =>
    e.policyEvent
      ? [
          {
            policyName: e.policyEvent.policyName,
            enforcementLevel:
              (e.policyEvent.enforcementLevel as string) === "mandatory"
                ? ("mandatory" as const)
                : ("advisory" as const),
            message: e.policyEvent.message.trim(),
            resourceUrn: e.policyEvent.resourceUrn,
          },
        ]
      : [],
  );
}

/**
 * Deployment target backed by the Pulumi Automation API on this repository's project: thresholds are written into
 * stack config (stacks/Pulumi.<stack>.yaml), then `preview` and `up` run with the policy pack.
 */
export class PulumiTarget {
  private stackPromise?: Promise<Stack>;
  private policyConfigFile?: string;
  readonly name: string;

  constructor(private readonly opts: PulumiTargetOptions) {
    this.name = `pulumi stack ${opts.stack}`;
  }

  /** The stack's settings file: <stackConfigDir from Pulumi.yaml>/Pulumi.<stack>.yaml. */
  stackFile(): string {
    const project = parseYaml(fs.readFileSync(path.join(this.opts.projectRoot, "Pulumi.yaml"), "utf8")) as {
      stackConfigDir?: string;
    };
    return path.join(this.opts.projectRoot, project.stackConfigDir ?? ".", `Pulumi.${this.opts.stack}.yaml`);
  }

  /** The stack file's exact bytes, to put back after a failed or previewed-only change. */
  async snapshot(): Promise<{ description: string; content: string }> {
    const file = this.stackFile();
    return { description: file, content: fs.readFileSync(file, "utf8") };
  }

  async restore(s: { content: string }): Promise<void> {
    writeFileAtomic(this.stackFile(), s.content);
  }

  private async stack(): Promise<Stack> {
    this.stackPromise ??= (async () => {
      const { command, binDir } = await resolvePulumiCommand(this.opts.projectRoot);
      const merged = { ...process.env, ...this.opts.env };
      const backend = resolveBackend({
        backendUrl: this.opts.backendUrl,
        env: merged,
        projectRoot: this.opts.projectRoot,
      });
      if (backend?.startsWith("file://")) fs.mkdirSync(backend.slice("file://".length), { recursive: true });
      const env: Record<string, string> = {
        ...(backend ? { PULUMI_BACKEND_URL: backend } : {}),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PATH: [binDir, process.env.PATH ?? ""].join(path.delimiter),
        ...this.opts.env,
      };
      const stackText = fs.existsSync(this.stackFile()) ? fs.readFileSync(this.stackFile(), "utf8") : undefined;
      const missing = missingPassphrase(secretsProvider(backend, stackText), merged);
      if (missing) throw new MissingSecretError(missing);
      const args = { stackName: this.opts.stack, workDir: this.opts.projectRoot };
      const ws = { pulumiCommand: command, envVars: env };
      if (this.opts.createStack) return LocalWorkspace.createOrSelectStack(args, ws);
      try {
        return await LocalWorkspace.selectStack(args, ws);
      } catch (err) {
        if (err instanceof StackNotFoundError || /no stack named/i.test((err as Error).message))
          throw new StackMissingError(this.opts.stack, describeBackend(backend));
        throw err;
      }
    })();
    return this.stackPromise;
  }

  private policyArgs(): { policyPacks?: string[]; policyPackConfigs?: string[] } {
    if (!this.opts.policyPackDir) return {};
    if (this.opts.policyConfig && !this.policyConfigFile) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "neuropilot-policy-"));
      this.policyConfigFile = path.join(dir, `${this.opts.stack}.json`);
      fs.writeFileSync(this.policyConfigFile, JSON.stringify(this.opts.policyConfig, null, 2));
    }
    return {
      policyPacks: [this.opts.policyPackDir],
      ...(this.policyConfigFile ? { policyPackConfigs: [this.policyConfigFile] } : {}),
    };
  }

  /** The thresholds currently in stack config. */
  async readThresholds(): Promise<Thresholds> {
    const cfg = await (await this.stack()).getAllConfig();
    const num = (k: string) => Number(cfg[stackKey(k)]?.value);
    return { scaleOutCpuThreshold: num("scaleOutCpuThreshold"), scaleInCpuThreshold: num("scaleInCpuThreshold") };
  }

  /** The whole stack config as `key → value` (secret values are never returned in clear: they stay encrypted). */
  async readConfig(): Promise<Record<string, string>> {
    const cfg = await (await this.stack()).getAllConfig();
    return Object.fromEntries(
      Object.entries(cfg)
        .filter(([, v]) => !v.secret)
        .map(([k, v]) => [k, v.value]),
    );
  }

  /** Writes both thresholds in one `config set-all` so the stack file never holds half a change. */
  async writeThresholds(t: Thresholds): Promise<void> {
    const values: ConfigMap = {
      [stackKey("scaleOutCpuThreshold")]: { value: String(t.scaleOutCpuThreshold) },
      [stackKey("scaleInCpuThreshold")]: { value: String(t.scaleInCpuThreshold) },
    };
    await (await this.stack()).setAllConfig(values);
  }

  private async run<T>(
    command: "preview" | "up",
    f: (events: EngineEvent[]) => Promise<T>,
  ): Promise<T & { violations: PolicyViolation[] }> {
    const events: EngineEvent[] = [];
    try {
      const r = await f(events);
      return { ...r, violations: policyViolations(events) };
    } catch (err) {
      const violations = policyViolations(events);
      if (err instanceof ConcurrentUpdateError) throw new StackLockedError(this.opts.stack, err.message);
      const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
      if (mandatory.length > 0) throw new PolicyViolationError(command, mandatory);
      throw err;
    }
  }

  async preview(): Promise<PreviewOutcome> {
    const stack = await this.stack();
    const r = await this.run("preview", async (events) => {
      const res = await stack.preview({
        ...this.policyArgs(),
        onEvent: (e) => events.push(e),
        onOutput: this.opts.onOutput,
      });
      return { changeSummary: res.changeSummary as Record<string, number> };
    });
    return r;
  }

  /**
   * `up` with the policy pack. The engine evaluates stack policies only after an update has applied its resource
   * changes, so a mandatory stack-policy violation would fail `up` too late; a preview with the pack runs first and
   * a mandatory violation there stops the update before anything changes.
   */
  async up(opts: { message?: string } = {}): Promise<UpOutcome> {
    if (this.opts.policyPackDir) {
      try {
        await this.preview();
      } catch (err) {
        if (err instanceof PolicyViolationError) throw new PolicyViolationError("up", err.violations);
        throw err;
      }
    }
    const stack = await this.stack();
    return this.run("up", async (events) => {
      const res = await stack.up({
        ...this.policyArgs(),
        ...(opts.message ? { message: opts.message } : {}),
        onEvent: (e) => events.push(e),
        onOutput: this.opts.onOutput,
      });
      const outputs = Object.fromEntries(
        Object.entries(res.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]),
      );
      return { changeSummary: (res.summary.resourceChanges ?? {}) as Record<string, number>, outputs };
    });
  }

  async refresh(): Promise<Record<string, number>> {
    const res = await (await this.stack()).refresh();
    return (res.summary.resourceChanges ?? {}) as Record<string, number>;
  }

  /** The thresholds the deployed alarms hold, from the stack's checkpoint (null before the first up). */
  async deployedThresholds(): Promise<Thresholds | null> {
    const state = await (await this.stack()).exportStack();
    const resources = (state.deployment as { resources?: DeployedResource[] } | undefined)?.resources ?? [];
    return deployedThresholds(resources);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const out = await (await this.stack()).outputs();
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
  }
}
