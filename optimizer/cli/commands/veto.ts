import * as path from "node:path";
import type { Command } from "commander";
import { EXIT } from "../exitCodes";
import { stackOption, stateDirOption } from "../options";
import { UsageError } from "../usageError";

export function register(program: Command): void {
  program
    .command("veto")
    .description(
      "forbid a threshold pair for a stack until lifted (recorded in the decision log); --lift allows it again",
    )
    .addOption(stackOption("stack the veto applies to").makeOptionMandatory())
    .requiredOption("--pair <out/in>", "scale-out/scale-in CPU thresholds in %, e.g. 80/35")
    .option("--lift", "lift every hold (veto or manual hold) on the pair", false)
    .addOption(stateDirOption("state directory"))
    .option("--project-root <dir>", "the Pulumi project (stacks/)", ".")
    .action(async (o: { stack: string; pair: string; lift: boolean; stateDir: string; projectRoot: string }) => {
      const { createLogger } = await import("../../log/logger");
      const { parsePair } = await import("../../runner/operator");
      const { vetoPair } = await import("../../runner/operatorCommands");
      const log = createLogger({});
      const pair = parsePair(o.pair);
      if (!pair) {
        const err = new UsageError(`--pair "${o.pair}": expected <scale-out>/<scale-in> in %, e.g. 80/35`);
        log.error(err.message);
        process.exitCode = EXIT.usage;
        return;
      }
      await vetoPair({
        stack: o.stack,
        stateDir: path.resolve(o.stateDir),
        projectRoot: path.resolve(o.projectRoot),
        pair,
        lift: o.lift,
        now: new Date(),
        log,
      });
      process.exitCode = EXIT.ok;
    });
}
