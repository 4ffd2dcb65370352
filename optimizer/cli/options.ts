import { Option } from "commander";

/** `--stack <name>`, falling back to NEUROPILOT_STACK. */
export function stackOption(description: string): Option {
  return new Option("--stack <name>", description).env("NEUROPILOT_STACK");
}

/** `--state-dir <dir>`, falling back to NEUROPILOT_STATE_DIR, then `state` (inside the repository). */
export function stateDirOption(description: string): Option {
  return new Option("--state-dir <dir>", description).env("NEUROPILOT_STATE_DIR").default("state");
}
