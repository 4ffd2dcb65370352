/* Reusable real-Prometheus harness: `startPrometheus({ series })` backfills the series and starts a server. */
export * from "./openMetrics";
export * from "./server";
export * from "./webTierHistory";
