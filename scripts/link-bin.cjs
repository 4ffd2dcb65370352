#!/usr/bin/env node
/*
 * Links node_modules/.bin/neuropilot to optimizer/cli/bin.cjs (idempotent). Run by `npm ci`/`npm install`
 * (postinstall) and by scripts/setup.sh.
 *
 * Why not package.json "bin": when the project's own package.json declares the bin, `npx neuropilot` treats the
 * project as a package to install into npx's cache and reads the whole dependency tree first (about 1.5 s and
 * 120 MB here); with a plain link in node_modules/.bin, npx finds the command there and runs it directly.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const binDir = path.join(root, "node_modules", ".bin");
const link = path.join(binDir, "neuropilot");
const target = path.relative(binDir, path.join(root, "optimizer", "cli", "bin.cjs"));

fs.mkdirSync(binDir, { recursive: true });
let current = null;
try {
  current = fs.readlinkSync(link);
} catch {
  current = null;
}
if (current !== target) {
  fs.rmSync(link, { force: true });
  fs.symlinkSync(target, link);
}
