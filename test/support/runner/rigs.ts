import { afterEach } from "vitest";
import { createRig, type Rig, type RigOptions } from "./twinRig";

/** A `rig(options)` for one test file whose rigs are cleaned up after each test (vitest only: twinRig.ts stays importable by the kill test's child process). */
export function rigsCleanedAfterEach(): (o?: RigOptions) => Rig {
  const rigs: Rig[] = [];
  afterEach(() => {
    while (rigs.length) rigs.pop()?.cleanup();
  });
  return (o: RigOptions = {}) => {
    const r = createRig(o);
    rigs.push(r);
    return r;
  };
}
