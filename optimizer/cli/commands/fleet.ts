import * as path from "node:path";
import type { Command } from "commander";
import { EXIT } from "../exitCodes";
import { stateDirOption } from "../options";
import { UsageError } from "../usageError";

interface FleetOptions {
  projectRoot: string;
  fleetFile?: string;
  stacks?: string;
}

function only(o: FleetOptions): string[] | undefined {
  if (o.stacks === undefined) return undefined;
  const list = o.stacks
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const bad = list.find((s) => !/^[A-Za-z0-9._-]+$/.test(s));
  if (list.length === 0 || bad !== undefined)
    throw new UsageError(`--stacks: expected a comma-separated list of stack names, got ${JSON.stringify(o.stacks)}`);
  return list;
}

async function plan(o: FleetOptions) {
  const { discoverFleet } = await import("../../fleet/plan");
  const projectRoot = path.resolve(o.projectRoot);
  let p;
  try {
    p = discoverFleet({ projectRoot, fleetFile: o.fleetFile && path.resolve(o.fleetFile), only: only(o) });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message);
  }
  for (const s of p.skipped)
    process.stderr.write(`neuropilot fleet: skipping stack ${s.stack} (${s.file}): ${s.reason}\n`);
  return p;
}

function common(c: Command): Command {
  return c
    .option("--project-root <dir>", "the Pulumi project (stacks/, fleet.yaml)", ".")
    .option("--fleet-file <file>", "a fleet list (`stacks: [a, b]`); default <project-root>/fleet.yaml when present")
    .option("--stacks <list>", "only these stacks (comma-separated); overrides the fleet file");
}

export function register(program: Command): void {
  const fleet = program
    .command("fleet")
    .description("The fleet of stacks: the scheduling matrix and every stack's status");
  common(fleet.command("plan"))
    .description(
      "discover the stacks (stacks/Pulumi.<stack>.yaml, filtered by the fleet list), validate each, print the matrix; an invalid stack file is skipped with its message",
    )
    .option("--json", "print the plan as one JSON document (the workflows' dynamic matrix)")
    .action(async (o: FleetOptions & { json?: boolean }) => {
      const p = await plan(o);
      if (o.json) process.stdout.write(`${JSON.stringify(p)}\n`);
      else
        process.stdout.write(
          `${p.stacks.map((s) => `${s.stack}\t${s.environment}\t${s.instanceType}\tSLA ${s.slaTargetPercent} %`).join("\n")}\n${p.stacks.length} stacks planned, ${p.skipped.length} skipped\n`,
        );
      process.exitCode = p.stacks.length === 0 && p.skipped.length > 0 ? EXIT.usage : EXIT.ok;
    });
  common(fleet.command("status"))
    .description("every stack's last cycle, thresholds, learner progress, health and savings, from the state store")
    .addOption(stateDirOption("state directory (one directory per stack)"))
    .option("--json", "print the status as one JSON document")
    .action(async (o: FleetOptions & { stateDir: string; json?: boolean }) => {
      const p = await plan(o);
      const { fleetStatus, statusTable } = await import("../../fleet/status");
      const { FileStateStore } = await import("../../state/fileStateStore");
      const { stackStateDir } = await import("../../state/layout");
      const root = path.resolve(o.stateDir);
      const st = await fleetStatus(p, (stack) => new FileStateStore(stackStateDir(root, stack)));
      process.stdout.write(o.json ? `${JSON.stringify(st, null, 2)}\n` : `${statusTable(st)}\n`);
      process.exitCode = EXIT.ok;
    });
}
