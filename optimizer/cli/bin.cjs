#!/usr/bin/env node
// Entry point of the `neuropilot` command: runs the CLI compiled to JavaScript by scripts/build-cli.cjs (at set-up).
// When a source is newer than the build (or there is none), it compiles first, so the CLI is never stale.
"use strict";
const builder = require("../../scripts/build-cli.cjs");

async function run() {
  let build = builder.currentBuild();
  if (!build) {
    process.stderr.write("neuropilot: compiling the CLI (sources are newer than dist/cli)\n");
    try {
      build = await builder.build({ quiet: true });
    } catch (err) {
      process.stderr.write(`neuropilot: cannot compile the CLI: ${builder.firstError(err)}\n`);
      return 1;
    }
  }
  return require(build.main).main(process.argv);
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`neuropilot: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
