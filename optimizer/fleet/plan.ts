import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { readStackFile, isStackName, stackFilePath } from "../../infra/config/stackFile";
import type { StackConfig } from "../../infra/config";

/*
 * Fleet discovery: every stack of stacks/Pulumi.<stack>.yaml (optionally only those a fleet list names), each
 * validated on its own. A stack file that fails validation is skipped with its message; the rest of the fleet goes
 * on. The plan is the matrix the CI workflows and the Kubernetes job fan out over (one job per stack).
 */

const STACK_FILE = /^Pulumi\.([A-Za-z0-9._-]+)\.yaml$/;

/** One stack the fleet schedules: its name and the figures a scheduler or a prior needs (no secrets). */
export interface PlannedStack {
  stack: string;
  file: string;
  environment: string;
  instanceType: string;
  slaTargetPercent: number;
}

export interface SkippedStack {
  stack: string;
  file: string;
  reason: string;
}

export interface FleetPlan {
  stacks: PlannedStack[];
  /** GitHub Actions' `strategy.matrix` shape: `fromJSON(...)` of it fans out one job per stack. */
  matrix: { include: { stack: string }[] };
  skipped: SkippedStack[];
}

/** The stack names of a directory listing (sorted, de-duplicated). Pure. */
export function stacksOfListing(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const m = STACK_FILE.exec(n);
    if (m) out.add(m[1]);
  }
  return [...out].sort();
}

/**
 * The fleet list of a fleet file's text (`stacks: [a, b]`), or an error naming the file. `undefined` text: no
 * fleet file, every discovered stack is in the fleet.
 */
export function parseFleetList(text: string, file: string): string[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
  const js: unknown = doc.toJS();
  const stacks =
    js !== null && typeof js === "object" && !Array.isArray(js) ? (js as { stacks?: unknown }).stacks : undefined;
  if (!Array.isArray(stacks) || stacks.some((s) => typeof s !== "string" || !isStackName(s)))
    throw new Error(`${file}: "stacks" must be a list of stack names (letters, digits, . _ -)`);
  return [...new Set(stacks as string[])].sort();
}

/** One stack's entry, or why it is skipped. Pure given the loader. */
export function planEntry(
  stack: string,
  file: string,
  load: (file: string) => StackConfig,
): { ok: PlannedStack } | { skipped: SkippedStack } {
  try {
    const c = load(file);
    return {
      ok: {
        stack,
        file,
        environment: c.environment,
        instanceType: c.instanceType,
        slaTargetPercent: c.slaTargetPercent,
      },
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no stack file" : (err as Error).message.replace(/\s*\n\s*/g, " ");
    return { skipped: { stack, file, reason } };
  }
}

/** The plan of `stacks`, each read through `load`. Pure given the loader. */
export function planFleet(
  stacks: readonly string[],
  fileOf: (s: string) => string,
  load: (file: string) => StackConfig,
): FleetPlan {
  const plan: FleetPlan = { stacks: [], matrix: { include: [] }, skipped: [] };
  for (const stack of stacks) {
    const e = planEntry(stack, fileOf(stack), load);
    if ("ok" in e) {
      plan.stacks.push(e.ok);
      plan.matrix.include.push({ stack });
    } else plan.skipped.push(e.skipped);
  }
  return plan;
}

export interface DiscoverOptions {
  projectRoot: string;
  /** A fleet file (`stacks: [...]`); default `<projectRoot>/fleet.yaml` when it exists. */
  fleetFile?: string;
  /** Only these stacks (e.g. from --stacks); overrides the fleet file. */
  only?: readonly string[];
}

/** The stack names of the fleet: --stacks, else the fleet file's list, else every stack file in stacks/. */
export function fleetStackNames(o: DiscoverOptions): string[] {
  if (o.only && o.only.length > 0) return [...new Set(o.only)].sort();
  const fleetFile = o.fleetFile ?? path.join(o.projectRoot, "fleet.yaml");
  if (fs.existsSync(fleetFile)) return parseFleetList(fs.readFileSync(fleetFile, "utf8"), fleetFile);
  if (o.fleetFile) throw new Error(`${o.fleetFile}: no such fleet file`);
  const dir = path.join(o.projectRoot, "stacks");
  if (!fs.existsSync(dir)) throw new Error(`${dir}: no stacks directory`);
  return stacksOfListing(fs.readdirSync(dir));
}

/** Discovers and validates the fleet of a project (reads the stack files). */
export function discoverFleet(o: DiscoverOptions): FleetPlan {
  const dir = path.join(o.projectRoot, "stacks");
  const rel = (f: string) => path.relative(o.projectRoot, f) || f;
  const plan = planFleet(
    fleetStackNames(o),
    (s) => stackFilePath(dir, s),
    (f) => readStackFile(f, rel(f)),
  );
  for (const e of [...plan.stacks, ...plan.skipped]) e.file = rel(e.file);
  return plan;
}
