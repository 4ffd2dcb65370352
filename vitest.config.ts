import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: "forks",
    // compile the CLI once before the suites that spawn optimizer/cli/bin.cjs (a no-op when it is up to date)
    globalSetup: ["./test/support/buildCli.ts"],
    reporters: ["default", "./test/support/summaryReporter.ts"],
    // the workflow parser imports its JSON schema without an import attribute, which Node 20 refuses: let Vite load it
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
