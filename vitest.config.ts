import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: "forks",
    reporters: ["default", "./test/support/summaryReporter.ts"],
    // the workflow parser imports its JSON schema without an import attribute, which Node 20 refuses: let Vite load it
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
