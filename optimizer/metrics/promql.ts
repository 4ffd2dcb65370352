import { SIGNALS, type SignalName } from "../core/types";

/*
 * Rendering the configured PromQL of each signal: `$name` placeholders replaced by values escaped for a
 * PromQL double-quoted string. Pure.
 */

/** The PromQL of one signal, and whether it yields a raw counter (converted to a rate by the hygiene step). */
export interface SignalQuery {
  expr: string;
  counter?: boolean;
}

export type SignalQueries = Record<SignalName, SignalQuery>;

const PLACEHOLDER = /\$([A-Za-z_][A-Za-z0-9_]*)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Escapes a value for use inside a PromQL "…" string literal. */
export function escapePromqlString(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * Replaces `$name` / `${name}` with `variables[name]` (escaped). An unknown placeholder is an error naming
 * the config key, so a typo never reaches Prometheus as a literal `$stak`.
 * Example: renderQuery('up{stack="$stack"}', { stack: "dev" }, "neuropilot:metrics.queries.cpu") → 'up{stack="dev"}'
 */
export function renderQuery(template: string, variables: Readonly<Record<string, string>>, where: string): string {
  const unknown = new Set<string>();
  const out = template.replace(PLACEHOLDER, (whole, a: string | undefined, b: string | undefined) => {
    const name = a ?? b ?? "";
    const v = variables[name];
    if (v === undefined) {
      unknown.add(name);
      return whole;
    }
    return escapePromqlString(v);
  });
  if (unknown.size > 0)
    throw new Error(
      `${where}: unknown placeholder(s) ${[...unknown].map((n) => `$${n}`).join(", ")}; known: ${
        Object.keys(variables)
          .map((n) => `$${n}`)
          .join(", ") || "(none)"
      } (add them to neuropilot:metrics.queryVariables)`,
    );
  return out;
}

/** The rendered query of every signal, from the metrics config section. */
export function signalQueriesFromConfig(
  config: {
    queries: Record<SignalName, string>;
    queryVariables: Record<string, string>;
    counterSignals: readonly SignalName[];
  },
  stack: string,
): SignalQueries {
  const variables = { ...config.queryVariables, stack };
  const out = {} as SignalQueries;
  for (const s of SIGNALS) {
    out[s] = {
      expr: renderQuery(config.queries[s], variables, `neuropilot:metrics.queries.${s}`),
      counter: config.counterSignals.includes(s),
    };
  }
  return out;
}
