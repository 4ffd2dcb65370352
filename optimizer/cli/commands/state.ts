import * as path from "node:path";
import type { Command } from "commander";
import { EXIT } from "../exitCodes";
import { stackOption, stateDirOption } from "../options";

export function register(program: Command): void {
  const state = program
    .command("state")
    .description("Inspect a stack's optimizer state, or discard a pending (interrupted) change");
  state
    .command("show")
    .description("print the pending change, the runner's position and the holds in force, as JSON")
    .addOption(stackOption("stack whose state to show").makeOptionMandatory())
    .addOption(stateDirOption("state directory"))
    .action(async (o: { stack: string; stateDir: string }) => {
      const { createLogger } = await import("../../log/logger");
      const { showState } = await import("../../runner/operatorCommands");
      const log = createLogger({ destination: process.stderr });
      const shown = await showState({ stack: o.stack, stateDir: path.resolve(o.stateDir), log }, Date.now());
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      process.exitCode = EXIT.ok;
    });
  state
    .command("discard-pending")
    .description(
      "remove pending-change.json without touching the stack file or the deployment (the next cycle then runs normally)",
    )
    .addOption(stackOption("stack whose pending change to discard").makeOptionMandatory())
    .addOption(stateDirOption("state directory"))
    .action(async (o: { stack: string; stateDir: string }) => {
      const { createLogger } = await import("../../log/logger");
      const { discardPending } = await import("../../runner/operatorCommands");
      await discardPending({ stack: o.stack, stateDir: path.resolve(o.stateDir), log: createLogger({}) });
      process.exitCode = EXIT.ok;
    });
}
