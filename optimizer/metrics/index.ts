/* Metrics: Prometheus client (adapter), data hygiene (pure), fetchSignals (the runner's entry), history. */
export * from "./client";
export * from "./errors";
export * from "./fetchSignals";
export * from "./fromConfig";
export * from "./history";
export * from "./historyFile";
export * from "./hygiene";
export * from "./promql";
export * from "./rangeSplit";
export * from "./resample";
export * from "./response";
export * from "./gaps";
export * from "./counterRate";
