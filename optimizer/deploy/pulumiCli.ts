import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/** The Pulumi CLI could not be found; the message says how to get one. */
export class PulumiCliMissingError extends Error {
  constructor(searched: readonly string[]) {
    super(
      `Pulumi CLI not found (looked in ${searched.join(", ")}). Run \`bash scripts/setup.sh\`, which builds the ` +
        "matching CLI from the Go module proxy into .tools/pulumi/bin, or install the official CLI on a machine with " +
        "internet access (curl -fsSL https://get.pulumi.com | sh) and put it on PATH.",
    );
    this.name = "PulumiCliMissingError";
  }
}

/** Project-local tools folder where scripts/setup-pulumi.sh puts `pulumi` and its language host. */
export function toolsRoot(projectRoot: string): string {
  return path.join(projectRoot, ".tools", "pulumi");
}

function onPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The `pulumi` CLI to drive: the project-local build when present, else the first `pulumi` on PATH.
 * Returns the command and the bin directory that must lead PATH (so the engine finds the language host).
 */
export async function resolvePulumiCommand(
  projectRoot: string,
  pathEnv: string | undefined = process.env.PATH,
): Promise<{ command: PulumiCommand; binDir: string }> {
  const local = path.join(toolsRoot(projectRoot), "bin");
  if (fs.existsSync(path.join(local, "pulumi"))) {
    return {
      command: await PulumiCommand.get({ root: toolsRoot(projectRoot), skipVersionCheck: true }),
      binDir: local,
    };
  }
  const found = onPath("pulumi", pathEnv);
  if (!found) throw new PulumiCliMissingError([local, "PATH"]);
  const root = path.dirname(path.dirname(found));
  return { command: await PulumiCommand.get({ root, skipVersionCheck: true }), binDir: path.dirname(found) };
}
