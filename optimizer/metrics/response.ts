import { z } from "zod";

/*
 * Parsing the Prometheus HTTP API's JSON answers (query and query_range) into plain numbers. Pure: takes the
 * decoded body, returns data or a description of what is wrong with it.
 */

/** One series as returned by Prometheus: its labels and samples (Unix ms, values may be NaN/±Inf). */
export interface RawSeries {
  labels: Record<string, string>;
  timestamps: number[];
  values: number[];
}

/** One sample of an instant query. */
export interface InstantSample {
  labels: Record<string, string>;
  timestampMs: number;
  value: number;
}

const sample = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const matrixShell = z.object({
  resultType: z.literal("matrix"),
  result: z.array(z.object({ metric: labels, values: z.array(z.unknown()).readonly() }).loose()),
});
type Matrix = { resultType: "matrix"; result: { metric: Record<string, string>; values: [number, string][] }[] };
/* Matrix samples are checked by hand: zod would copy ~10k tuples per series (time and memory). */
const matrix = {
  safeParse(d: unknown): { success: true; data: Matrix } | { success: false; error: z.ZodError } {
    const shell = matrixShell.safeParse(d);
    if (!shell.success) return shell;
    const result = shell.data.result;
    for (let r = 0; r < result.length; r++) {
      const values = result[r].values;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "number" || typeof v[1] !== "string")
          return {
            success: false,
            error: new z.ZodError([
              {
                code: "custom",
                path: ["result", r, "values", i],
                message: `expected [unix seconds, "value"], got ${JSON.stringify(v)}`,
                input: v,
              },
            ]),
          };
      }
    }
    return { success: true, data: shell.data as unknown as Matrix };
  },
};
const vector = z.object({
  resultType: z.literal("vector"),
  result: z.array(z.object({ metric: labels, value: sample })),
});
const scalar = z.object({ resultType: z.literal("scalar"), result: sample });
const envelope = z.object({
  status: z.literal("success"),
  data: z.object({ resultType: z.enum(["matrix", "vector", "scalar", "string"]) }).loose(),
});
const warnings = z.object({ warnings: z.array(z.string()).optional() }).loose();
const failure = z.object({
  status: z.literal("error"),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const byType = { matrix, vector, scalar } as const;

export type ResultData = Matrix | z.output<typeof vector> | z.output<typeof scalar>;

export type ParsedBody =
  | { ok: true; data: ResultData; warnings: string[] }
  | { ok: false; errorType?: string; error?: string }
  | { ok: "malformed"; problem: string };

/** Classifies a decoded body: success data, the server's error, or malformed (with what is wrong and where). */
export function parseBody(body: unknown): ParsedBody {
  if (typeof body === "string")
    return { ok: "malformed", problem: `body is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})` };
  const f = failure.safeParse(body);
  if (f.success) return { ok: false, errorType: f.data.errorType, error: f.data.error };
  const e = envelope.safeParse(body);
  if (!e.success) return { ok: "malformed", problem: `not a Prometheus API answer (${describe(e.error)})` };
  const type = e.data.data.resultType;
  if (type === "string") return { ok: "malformed", problem: "string results are not supported" };
  const d = byType[type].safeParse(e.data.data);
  if (!d.success) return { ok: "malformed", problem: `not a Prometheus ${type} (${describe(d.error, "data")})` };
  const w = warnings.safeParse(body);
  return { ok: true, data: d.data, warnings: w.success ? (w.data.warnings ?? []) : [] };
}

function describe(error: z.ZodError, prefix?: string): string {
  const i = error.issues[0];
  if (!i) return "unknown shape";
  const p = [...(prefix ? [prefix] : []), ...i.path.map(String)].join(".");
  return `${p || "body"}: ${i.message}`;
}

/** Prometheus encodes sample values as strings: "1.5", "NaN", "+Inf", "-Inf". */
export function parseSampleValue(text: string): number {
  if (text === "+Inf" || text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  const v = Number(text);
  if (text.trim() === "" || Number.isNaN(v)) throw new Error(`sample value ${JSON.stringify(text)} is not a number`);
  return v;
}

/** Matrix data → RawSeries[]; throws when a value is not a number. */
export function matrixToSeries(data: Matrix): RawSeries[] {
  return data.result.map((r) => {
    const n = r.values.length;
    const timestamps = new Array<number>(n);
    const values = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      timestamps[i] = Math.round(r.values[i][0] * 1000);
      values[i] = parseSampleValue(r.values[i][1]);
    }
    return { labels: r.metric, timestamps, values };
  });
}

/** Vector or scalar data → InstantSample[]. */
export function instantToSamples(data: z.output<typeof vector> | z.output<typeof scalar>): InstantSample[] {
  if (data.resultType === "scalar")
    return [{ labels: {}, timestampMs: Math.round(data.result[0] * 1000), value: parseSampleValue(data.result[1]) }];
  return data.result.map((r) => ({
    labels: r.metric,
    timestampMs: Math.round(r.value[0] * 1000),
    value: parseSampleValue(r.value[1]),
  }));
}

/** `{job="a", instance="b"}` for messages. */
export function formatLabels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ")}}`;
}
