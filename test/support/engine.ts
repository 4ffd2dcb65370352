import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installStandin, readStandinState, type StandinResource } from "./aws-standin/state";
import { PROJECT_ROOT } from "./mockProgram";

/**
 * A throw-away copy of this Pulumi project wired to the real engine: its own file backend, its own PULUMI_HOME with
 * the local AWS stand-in installed as the `aws` plugin, its own stand-in state file. Nothing touches the repo's
 * stacks/ or .pulumi-state.
 */
export interface EngineSandbox {
  dir: string;
  projectRoot: string;
  env: Record<string, string>;
  standinState: string;
  resources(): Promise<StandinResource[]>;
  cleanup(): void;
}

/** Files of the project the program needs (the program in infra/ and the policy pack in policies/). */
const PROJECT_FILES = ["Pulumi.yaml", "infra", "stacks", "policies", "tsconfig.json", "package.json", ".tools"];

export async function createEngineSandbox(label: string): Promise<EngineSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `neuropilot-e2e-${label}-`));
  const projectRoot = path.join(dir, "project");
  fs.mkdirSync(projectRoot);
  for (const f of PROJECT_FILES) {
    const src = path.join(PROJECT_ROOT, f);
    if (f === ".tools") fs.symlinkSync(src, path.join(projectRoot, f));
    else fs.cpSync(src, path.join(projectRoot, f), { recursive: true });
  }
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(projectRoot, "node_modules"));
  const pulumiHome = path.join(dir, "pulumi-home");
  await installStandin(pulumiHome);
  const standinState = path.join(dir, "standin.json");
  const env: Record<string, string> = {
    PULUMI_HOME: pulumiHome,
    PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-test-passphrase",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    NEUROPILOT_STANDIN_STATE: standinState,
  };
  fs.mkdirSync(path.join(dir, "backend"));
  return {
    dir,
    projectRoot,
    env,
    standinState,
    resources: () => readStandinState(standinState),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The stand-in resources of one type whose name contains `nameIncludes`. */
export function findResources(rs: StandinResource[], type: string, nameIncludes = ""): StandinResource[] {
  return rs.filter((r) => r.type === type && (r.urn ?? "").includes(nameIncludes));
}
