#!/usr/bin/env node
// Entry point of the `neuropilot` command: runs the TypeScript CLI through tsx's require hook.
require("tsx/cjs");
require("./main.ts")
  .main(process.argv)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`neuropilot: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
