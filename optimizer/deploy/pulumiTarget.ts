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
import { stackKey, thresholdsOf } from "../../infra/config";
import { readStackFile, readStackFileValues } from "../../infra/config/stackFile";
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

import { PolicyViolationError, StackLockedError } from "../runner/portErrors";
import type { ConfigSnapshot, DeployPreview, DeployUp, DeploymentTarget, PolicyViolation } from "../runner/ports";

export { MissingSecretError, StackMissingError } from "./backend";
import { resolvePulumiCommand } from "./pulumiCli";

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
  /** The message of every `up` that does not pass its own (the cycle command names the cycle id here). */
  updateMessage?: string;
  /** Policy pack folder, passed on every preview and up. */
  policyPackDir?: string;
  /** Per-stack policy config (written to a temp JSON file passed with policyPackConfigs). */
  policyConfig?: Record<string, unknown>;
  /** Extra environment for the CLI (e.g. PULUMI_HOME, test hooks). Secrets are passed through, never logged. */
  env?: Record<string, string>;
  /** Progress lines from the engine (stdout of the CLI). */
  onOutput?: (line: string) => void;
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
export class PulumiTarget implements DeploymentTarget {
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
  async snapshot(): Promise<ConfigSnapshot> {
    const file = this.stackFile();
    return { description: file, content: fs.readFileSync(file, "utf8") };
  }

  async restore(s: ConfigSnapshot): Promise<void> {
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

  /** The thresholds the stack file sets (what the program will read). */
  async readThresholds(): Promise<Thresholds> {
    return thresholdsOf(readStackFile(this.stackFile()));
  }

  /** The stack file's config values (`neuropilot:key` → value) as the program will read them. */
  async readConfig(): Promise<Record<string, unknown>> {
    return readStackFileValues(this.stackFile());
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

  async preview(): Promise<DeployPreview> {
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
  async up(opts: { message?: string } = {}): Promise<DeployUp> {
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
        ...((opts.message ?? this.opts.updateMessage) ? { message: opts.message ?? this.opts.updateMessage } : {}),
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
