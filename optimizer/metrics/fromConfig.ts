import { PrometheusClient, type PrometheusAuth } from "./client";
import type { HygieneOptions } from "./hygiene";

/*
 * Wiring from the `neuropilot:metrics` config section: client options (credentials read from the environment
 * variables the config names, never from config itself) and hygiene options.
 */

export interface MetricsClientConfig {
  prometheusUrl: string;
  bearerTokenEnv: string;
  basicAuthUserEnv: string;
  basicAuthPasswordEnv: string;
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  maxPointsPerRequest: number;
  maxInterpolatedGapPoints: number;
  maxMissingFraction: number;
  staleAfterSeconds: number;
}

/** Bearer token if its variable is set, else basic auth if both variables are set, else none. */
export function authFromEnv(c: MetricsClientConfig, env: Readonly<Record<string, string | undefined>>): PrometheusAuth {
  const token = env[c.bearerTokenEnv];
  if (token) return { kind: "bearer", token };
  const user = env[c.basicAuthUserEnv];
  const password = env[c.basicAuthPasswordEnv];
  if (user && password !== undefined) return { kind: "basic", username: user, password };
  if (user || password)
    throw new Error(`basic auth needs both ${c.basicAuthUserEnv} and ${c.basicAuthPasswordEnv} set (only one is)`);
  return { kind: "none" };
}

export function prometheusClientFromConfig(
  c: MetricsClientConfig,
  env: Readonly<Record<string, string | undefined>>,
): PrometheusClient {
  return new PrometheusClient({
    baseUrl: c.prometheusUrl,
    auth: authFromEnv(c, env),
    timeoutMs: c.timeoutMs,
    retries: c.retries,
    retryBaseDelayMs: c.retryBaseDelayMs,
    maxPointsPerRequest: c.maxPointsPerRequest,
  });
}

export function hygieneOptionsFromConfig(c: MetricsClientConfig): HygieneOptions {
  return {
    maxInterpolatedGapPoints: c.maxInterpolatedGapPoints,
    maxMissingFraction: c.maxMissingFraction,
    staleAfterSeconds: c.staleAfterSeconds,
  };
}
