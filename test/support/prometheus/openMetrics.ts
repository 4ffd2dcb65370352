/*
 * Generated series → OpenMetrics text that `promtool tsdb create-blocks-from openmetrics` backfills.
 */

export interface GeneratedSeries {
  /** Metric name as queried (counters end in `_total`). */
  name: string;
  labels?: Record<string, string>;
  type?: "gauge" | "counter";
  /** Unix ms, ascending. */
  timestamps: readonly number[];
  /** NaN and ±Inf are written as such. */
  values: readonly number[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

/** Family name: counters' `_total` suffix is dropped in the TYPE line, as OpenMetrics requires. */
function familyOf(s: GeneratedSeries): string {
  return s.type === "counter" && s.name.endsWith("_total") ? s.name.slice(0, -"_total".length) : s.name;
}

/** Writes the series grouped by metric family, each sample with its timestamp, ending in `# EOF`. */
export function toOpenMetrics(series: readonly GeneratedSeries[]): string {
  const families = new Map<string, GeneratedSeries[]>();
  for (const s of series) {
    if (!NAME.test(s.name)) throw new Error(`invalid metric name ${JSON.stringify(s.name)}`);
    if (s.timestamps.length !== s.values.length)
      throw new Error(`${s.name}: ${s.timestamps.length} timestamps but ${s.values.length} values`);
    if (s.type === "counter" && !s.name.endsWith("_total"))
      throw new Error(`${s.name}: counter names must end in _total`);
    const fam = familyOf(s);
    const list = families.get(fam) ?? [];
    if (list.length > 0 && (list[0].type ?? "gauge") !== (s.type ?? "gauge"))
      throw new Error(`${fam}: mixed gauge/counter series`);
    list.push(s);
    families.set(fam, list);
  }
  const lines: string[] = [];
  for (const [fam, list] of families) {
    lines.push(`# TYPE ${fam} ${list[0].type ?? "gauge"}`);
    for (const s of list) {
      const labels = Object.entries(s.labels ?? {});
      for (const [k] of labels)
        if (!LABEL.test(k)) throw new Error(`${s.name}: invalid label name ${JSON.stringify(k)}`);
      const head = labels.length
        ? `${s.name}{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`
        : s.name;
      for (let i = 0; i < s.timestamps.length; i++) {
        if (i > 0 && s.timestamps[i] <= s.timestamps[i - 1])
          throw new Error(`${s.name}: timestamps must increase (index ${i})`);
        lines.push(`${head} ${formatValue(s.values[i])} ${s.timestamps[i] / 1000}`);
      }
    }
  }
  lines.push("# EOF", "");
  return lines.join("\n");
}
