/**
 * Helpers for tests that run the real Pulumi engine against the aws stand-in: read what the stand-in "created",
 * and install the stand-in as the `aws` resource plugin in a test-only PULUMI_HOME (no Pulumi CLI needed).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { STANDIN_PROVIDER_VERSION } from "./provider";
import { readStateFile } from "./stateStore";
import type { PropertyBag } from "./values";

export type { PropertyBag, PropertyValue } from "./values";

/** One resource the stand-in holds. Secret values appear as a secret wrapper with a redaction marker. */
export interface StandinResource {
  urn?: string;
  type: string;
  id: string;
  inputs: PropertyBag;
  outputs: PropertyBag;
}

/** The stand-in launcher script (runs main.ts with tsx). */
export const STANDIN_LAUNCHER = path.join(__dirname, "pulumi-resource-aws");

/** Resources in a stand-in state file; an absent file means no resources. */
export async function readStandinState(statePath: string): Promise<StandinResource[]> {
  const state = await readStateFile(statePath);
  return state.resources.map((r) => ({ urn: r.urn, type: r.type, id: r.id, inputs: r.inputs, outputs: r.outputs }));
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Installs the stand-in as resource plugin `aws` `version` under `<pulumiHome>/plugins`, the layout the CLI's plugin
 * loader scans (sdk/go/common/workspace/plugins.go): a directory `resource-aws-v<version>` holding the executable
 * `pulumi-resource-aws`, with no `resource-aws-v<version>.partial` marker next to it (that would mean "install
 * incomplete"); no lock file or metadata is needed. The executable is a tiny script that execs the launcher in
 * this repository and makes the stand-in report `version`. Returns the installed executable's path.
 */
export async function installStandin(pulumiHome: string, version: string = STANDIN_PROVIDER_VERSION): Promise<string> {
  if (!/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(version)) {
    throw new Error(`installStandin: "${version}" is not a semantic version`);
  }
  const pluginsDir = path.join(pulumiHome, "plugins");
  const pluginDir = path.join(pluginsDir, `resource-aws-v${version}`);
  await fs.mkdir(pluginDir, { recursive: true });
  await fs.rm(`${pluginDir}.partial`, { force: true });
  const executable = path.join(pluginDir, "pulumi-resource-aws");
  const script = [
    "#!/bin/sh",
    "# aws provider stand-in for tests (installed by test/support/aws-standin/state.ts installStandin)",
    `NEUROPILOT_STANDIN_VERSION=${shellQuote(version)}`,
    "export NEUROPILOT_STANDIN_VERSION",
    `exec ${shellQuote(STANDIN_LAUNCHER)} "$@"`,
    "",
  ].join("\n");
  const temp = `${executable}.${process.pid}.tmp`;
  await fs.writeFile(temp, script, { mode: 0o755 });
  await fs.rename(temp, executable);
  return executable;
}
