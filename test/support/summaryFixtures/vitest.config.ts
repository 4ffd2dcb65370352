import { defineConfig } from "vitest/config";

// Runs the deliberately broken fixture files of test/support/summaryReporter.test... with the summary reporter only.
export default defineConfig({
  test: {
    root: __dirname,
    include: [process.env.SUMMARY_FIXTURE ?? "*.fixture.ts"],
    reporters: ["../summaryReporter.ts"],
    pool: "forks",
  },
});
