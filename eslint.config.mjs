import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

/*
 * Import rules of the layers (docs/architecture.md), checked by `npm run lint` (part of `npm test`);
 * test/architecture/imports.test.ts proves each rule rejects a violating import.
 */

/** Modules that do I/O (files, processes, network, the Pulumi engine, notifiers, logging). */
const IO_MODULES = [
  "fs",
  "node:fs",
  "fs/promises",
  "node:fs/promises",
  "child_process",
  "node:child_process",
  "http",
  "node:http",
  "https",
  "node:https",
  "net",
  "node:net",
  "axios",
  "axios-retry",
  "@pulumi/pulumi/automation",
  "@slack/webhook",
  "@notionhq/client",
  "pino",
  "pino-pretty",
  "proper-lockfile",
];

/** The pure core: detectors, forecast, learner, twin, NAB scoring, report builder, shared types (file adapters excepted). */
export const PURE_CORE = {
  files: [
    "optimizer/core/types.ts",
    "optimizer/detect/**/*.ts",
    "optimizer/forecast/**/*.ts",
    "optimizer/learn/**/*.ts",
    "optimizer/sim/**/*.ts",
    "optimizer/nab/**/*.ts",
    "optimizer/report/*.ts",
    "optimizer/report/recommend/**/*.ts",
  ],
  ignores: [
    "optimizer/detect/modelStore.ts",
    "optimizer/nab/corpus.ts",
    "optimizer/nab/resultsWriter.ts",
    "optimizer/sim/loadInputs.ts",
  ],
};

export const IMPORT_RULES = [
  {
    files: ["policies/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)optimizer(/|$)",
              message: "policies/ never imports optimizer/ (docs/architecture.md): move what both need to infra/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["infra/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)(optimizer|policies)(/|$)",
              message: "infra/ never imports optimizer/ or policies/ (docs/architecture.md).",
            },
          ],
        },
      ],
    },
  },
  {
    ...PURE_CORE,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: IO_MODULES.map((name) => ({
            name,
            message:
              "the pure core does no I/O (docs/architecture.md): take data, return data; I/O goes in an adapter.",
          })),
          patterns: [
            {
              regex:
                "(^|/)(deploy|notify|runner|cli|log|observe|io|app)(/|$)|(^|/)core/atomicFile$|(^|/)state/fileStateStore$|(^|/)metrics/(client|historyFile|fetchSignals|fromConfig)$",
              message: "the pure core never imports adapters (docs/architecture.md).",
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", ".tools/**", ".pulumi-state/**", "**/*.cjs", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...IMPORT_RULES,
);
