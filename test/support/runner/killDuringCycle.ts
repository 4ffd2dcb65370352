/*
 * Child process for the crash test: sets up (or reuses) the embedded world in the directory given as argv[2], takes
 * the runner lock like `neuropilot cycle` does, and runs cycle argv[3] with a hook that SIGKILLs this process right
 * after the new thresholds were written into the stack file and before `up`. Never returns normally.
 */
import { acquireRunnerLock } from "../../../optimizer/runner/lock";
import { createRig } from "./twinRig";

async function main(): Promise<void> {
  const [dir, cycleArg] = process.argv.slice(2);
  if (!dir || !cycleArg) throw new Error("usage: killDuringCycle.ts <dir> <cycle>");
  const rig = createRig({ dir });
  await acquireRunnerLock(rig.store.dir);
  await rig.cycle(Number(cycleArg), {
    afterConfigWritten: async () => {
      process.kill(process.pid, "SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    },
  });
  throw new Error("the cycle finished: the kill hook never ran (no change was proposed)");
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
