/**
 * Entry point of the `pulumi-resource-aws` stand-in plugin (started by the Pulumi engine through the launcher
 * script next to this file). Environment:
 *   NEUROPILOT_STANDIN_STATE    state file (default ./.standin-state.json in the working directory)
 *   NEUROPILOT_STANDIN_FAIL_ON  comma-separated type tokens / name substrings whose create or update fails
 *   NEUROPILOT_STANDIN_VERSION  version to report (default 7.48.0)
 * Nothing but the port may go to stdout: the engine reads it from there.
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as pulumiProvider from "@pulumi/pulumi/provider";
import { installServerHooks } from "./serverHooks";
import { createStandinProvider, DEFAULT_REGION } from "./provider";

function randomHex(chars: number): string {
  return randomBytes(Math.ceil(chars / 2))
    .toString("hex")
    .slice(0, chars);
}

const provider = createStandinProvider({
  statePath: path.resolve(process.env.NEUROPILOT_STANDIN_STATE ?? ".standin-state.json"),
  randomHex,
  region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
  failOn: process.env.NEUROPILOT_STANDIN_FAIL_ON,
  version: process.env.NEUROPILOT_STANDIN_VERSION,
});
installServerHooks(provider);
void pulumiProvider.main(provider, process.argv.slice(2));
