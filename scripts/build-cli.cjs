#!/usr/bin/env node
/*
 * Compiles the `neuropilot` CLI to JavaScript (esbuild): dist/cli/<build id>/main.js plus one file per command
 * (loaded only when that command runs), npm packages left external. `dist/cli/current.json` names the build and
 * the newest source time it was built from; it is replaced atomically, so a CLI started while another process
 * builds always loads a complete build. Run by scripts/setup.sh and, when sources are newer, by bin.cjs.
 *   node scripts/build-cli.cjs [--if-stale] [--quiet]
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "dist", "cli");
const POINTER = path.join(OUT, "current.json");
/** What the compiled CLI is made of: a change to any of these makes the build stale. */
const SOURCE_DIRS = ["optimizer", "infra", "policies"];
const SOURCE_FILES = ["package.json", "package-lock.json", "tsconfig.json", "scripts/build-cli.cjs"];

function newestSourceMs() {
  let newest = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.(ts|json|cjs|js)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) visit(path.join(ROOT, d));
  for (const f of SOURCE_FILES) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(ROOT, f)).mtimeMs);
    } catch {
      // optional file
    }
  }
  return newest;
}

/** The current build, or undefined when there is none or a source is newer than it. */
function currentBuild() {
  let pointer;
  try {
    pointer = JSON.parse(fs.readFileSync(POINTER, "utf8"));
  } catch {
    return undefined;
  }
  const main = path.join(OUT, String(pointer.id), "main.js");
  if (!fs.existsSync(main) || newestSourceMs() > pointer.sourcesMs) return undefined;
  return { id: pointer.id, main };
}

/** `__dirname` of a source file, as seen from any bundle in dist/cli/<id>/ (all bundles sit at that depth). */
const dirnamePlugin = {
  name: "neuropilot-dirname",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = fs.readFileSync(args.path, "utf8");
      if (!text.includes("__dirname")) return undefined;
      const rel = path.relative(ROOT, path.dirname(args.path)).split(path.sep).join("/");
      const expr = `require("node:path").join(__dirname, "../../..", ${JSON.stringify(rel)})`;
      return { contents: text.replace(/\b__dirname\b/g, expr), loader: "ts" };
    });
    // commandTable's `import("./commands/<name>")` → the command's own bundle next to main.js
    build.onResolve({ filter: /^\.\/commands\/[a-z]+$/ }, (args) =>
      args.importer.endsWith(path.join("cli", "commandTable.ts"))
        ? { path: `./${path.basename(args.path)}.js`, external: true }
        : undefined,
    );
  },
};

async function build({ quiet = false } = {}) {
  const esbuild = require("esbuild");
  const started = Date.now();
  const sourcesMs = newestSourceMs();
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = path.join(OUT, id);
  const commands = fs
    .readdirSync(path.join(ROOT, "optimizer/cli/commands"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({ in: path.join(ROOT, "optimizer/cli/commands", f), out: path.basename(f, ".ts") }));
  const result = await esbuild.build({
    entryPoints: [{ in: path.join(ROOT, "optimizer/cli/main.ts"), out: "main" }, ...commands],
    outdir,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "silent",
    plugins: [dirnamePlugin],
  });
  for (const w of result.warnings) process.stderr.write(`build-cli: warning: ${w.text}\n`);
  const tmp = `${POINTER}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ id, sourcesMs, builtAt: new Date().toISOString() })}\n`);
  fs.renameSync(tmp, POINTER);
  // keep the two newest builds (a CLI still running may be loading the previous one)
  const builds = fs
    .readdirSync(OUT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== id)
    .map((e) => ({ name: e.name, ms: fs.statSync(path.join(OUT, e.name)).mtimeMs }))
    .sort((a, b) => b.ms - a.ms);
  for (const old of builds.slice(1)) fs.rmSync(path.join(OUT, old.name), { recursive: true, force: true });
  if (!quiet)
    process.stderr.write(
      `build-cli: compiled the CLI to ${path.relative(ROOT, outdir)} in ${Date.now() - started} ms\n`,
    );
  return { id, main: path.join(outdir, "main.js") };
}

/** The first line of a build error (esbuild's own message names file, line and column). */
function firstError(err) {
  const e = err && Array.isArray(err.errors) && err.errors[0];
  if (e) return e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text;
  return err && err.message ? err.message.split("\n")[0] : String(err);
}

module.exports = { build, currentBuild, newestSourceMs, firstError };

if (require.main === module) {
  const args = process.argv.slice(2);
  const quiet = args.includes("--quiet");
  const existing = args.includes("--if-stale") ? currentBuild() : undefined;
  if (existing) {
    if (!quiet) process.stderr.write(`build-cli: dist/cli/${existing.id} is up to date with the sources\n`);
  } else {
    build({ quiet }).catch((err) => {
      process.stderr.write(`build-cli: ${firstError(err)}\n`);
      process.exitCode = 1;
    });
  }
}
