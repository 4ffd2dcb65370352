import { Command, CommanderError } from "commander";
import { EXIT } from "./exitCodes";
import { register as registerBench } from "./commands/bench";
import { register as registerCycle } from "./commands/cycle";
import { register as registerDemo } from "./commands/demo";
import { register as registerForecast } from "./commands/forecast";
import { register as registerNab } from "./commands/nab";
import { register as registerReport } from "./commands/report";
import { register as registerSimulate } from "./commands/simulate";
import { register as registerTrain } from "./commands/train";

/** Builds the `neuropilot` program with every command registered. */
export function buildProgram(): Command {
  const program = new Command("neuropilot")
    .description("NeuroPilot: autonomous threshold optimizer for an autoscaled AWS web tier managed with Pulumi")
    .exitOverride()
    .showHelpAfterError();
  // commands: one line each (keep this list sorted)
  registerBench(program);
  registerCycle(program);
  registerDemo(program);
  registerForecast(program);
  registerNab(program);
  registerReport(program);
  registerSimulate(program);
  registerTrain(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code (see optimizer/cli/exitCodes.ts). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
}
