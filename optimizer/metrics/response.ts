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
const matrix = z.object({ resultType: z.literal("matrix"), result: z.array(z.object({ metric: labels, values: z.array(sample) })) });
const vector = z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: labels, value: sample })) });
const scalar = z.object({ resultType: z.literal("scalar"), result: sample });
const success = z.object({ status: z.literal("success"), data: z.union([matrix, vector, scalar]), warnings: z.array(z.string()).optional() });
const failure = z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string().optional() });

export type ParsedBody =
  | { ok: true; data: z.output<typeof success>["data"]; warnings: string[] }
  | { ok: false; errorType?: string; error?: string }
  | { ok: "malformed"; problem: string };

/** Classifies a decoded body: success data, the server's error, or malformed (with what is wrong). */
export function parseBody(body: unknown): ParsedBody {
  if (typeof body === "string") return { ok: "malformed", problem: `body is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})` };
  const s = success.safeParse(body);
  if (s.success) return { ok: true, data: s.data.data, warnings: s.data.warnings ?? [] };
  const f = failure.safeParse(body);
  if (f.success) return { ok: false, errorType: f.data.errorType, error: f.data.error };
  const where = s.error.issues[0];
  return { ok: "malformed", problem: `not a Prometheus API answer (${where ? `${where.path.join(".") || "body"}: ${where.message}` : "unknown shape"})` };
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
export function matrixToSeries(data: z.output<typeof matrix>): RawSeries[] {
  return data.result.map((r) => ({
    labels: r.metric,
    timestamps: r.values.map(([t]) => Math.round(t * 1000)),
    values: r.values.map(([, v]) => parseSampleValue(v)),
  }));
}

/** Vector or scalar data → InstantSample[]. */
export function instantToSamples(data: z.output<typeof vector> | z.output<typeof scalar>): InstantSample[] {
  if (data.resultType === "scalar") return [{ labels: {}, timestampMs: Math.round(data.result[0] * 1000), value: parseSampleValue(data.result[1]) }];
  return data.result.map((r) => ({ labels: r.metric, timestampMs: Math.round(r.value[0] * 1000), value: parseSampleValue(r.value[1]) }));
}

/** `{job="a", instance="b"}` for messages. */
export function formatLabels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ")}}`;
}
