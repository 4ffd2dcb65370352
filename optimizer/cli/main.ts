import { Command, CommanderError } from "commander";
import { version } from "../../package.json";
import { COMMANDS, requestedCommand } from "./commandTable";
import { EXIT } from "./exitCodes";

/**
 * Builds the `neuropilot` program. Only the command the command line asks for is loaded and registered in full;
 * the others are listed by name and summary, so `--help` and `--version` load no command module.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("neuropilot")
    .description("NeuroPilot: autonomous threshold optimizer for an autoscaled AWS web tier managed with Pulumi")
    .version(version, "-V, --version", "print the version")
    .exitOverride()
    .showHelpAfterError();
  const wanted = requestedCommand(argv);
  for (const entry of COMMANDS) {
    if (entry === wanted) (await entry.load()).register(program);
    else program.command(entry.name).summary(entry.summary);
  }
  return program;
}

/** Runs the CLI and resolves to the process exit code (see optimizer/cli/exitCodes.ts). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
}
