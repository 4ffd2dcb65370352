/*
 * NAB-format CSV traces (`timestamp,value`, timestamps `YYYY-MM-DD HH:MM:SS` in UTC): parsed, resampled to one
 * value per minute by linear interpolation, and rescaled so the largest value equals the requested peak rps.
 * Pure: the caller reads the file.
 */

export interface TracePoint {
  timestampMs: number;
  value: number;
}

/** Parses NAB CSV text; errors name the source and line. */
export function parseNabCsv(text: string, source: string): TracePoint[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`${source}: empty file (expected a "timestamp,value" header)`);
  const header = lines[0].split(",").map((h) => h.trim().toLowerCase());
  if (header[0] !== "timestamp" || header[1] !== "value")
    throw new Error(`${source}:1: header must be "timestamp,value", got "${lines[0]}"`);
  const points: TracePoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [ts, val, extra] = lines[i].split(",");
    const where = `${source}:${i + 1}`;
    if (val === undefined || extra !== undefined)
      throw new Error(`${where}: expected 2 fields "timestamp,value", got "${lines[i]}"`);
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(ts.trim());
    if (!m) throw new Error(`${where}: timestamp "${ts}" is not YYYY-MM-DD HH:MM:SS`);
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
    const v = Number(val);
    if (val.trim() === "" || !Number.isFinite(v)) throw new Error(`${where}: value "${val}" is not a finite number`);
    if (points.length > 0 && t <= points[points.length - 1].timestampMs)
      throw new Error(`${where}: timestamp ${ts.trim()} is not after the previous row`);
    points.push({ timestampMs: t, value: v });
  }
  if (points.length < 2) throw new Error(`${source}: needs at least 2 data rows, got ${points.length}`);
  return points;
}

/** One value per minute from the first to the last timestamp, linearly interpolated. */
export function resampleToMinutes(points: readonly TracePoint[]): number[] {
  const start = points[0].timestampMs;
  const minutes = Math.floor((points[points.length - 1].timestampMs - start) / 60_000) + 1;
  const out = new Array<number>(minutes);
  let j = 0;
  for (let m = 0; m < minutes; m++) {
    const t = start + m * 60_000;
    while (j < points.length - 2 && points[j + 1].timestampMs <= t) j++;
    const a = points[j];
    const b = points[j + 1];
    const f = Math.min(1, Math.max(0, (t - a.timestampMs) / (b.timestampMs - a.timestampMs)));
    out[m] = a.value + f * (b.value - a.value);
  }
  return out;
}

/** Rescales a load series to requests/s: negative values become 0, the maximum becomes `peakRps`. */
export function rescaleToPeak(values: readonly number[], peakRps: number, source: string): number[] {
  if (!(peakRps > 0)) throw new Error(`--peak-rps must be > 0, got ${peakRps}`);
  const max = values.reduce((a, v) => Math.max(a, v), -Infinity);
  if (!(max > 0)) throw new Error(`${source}: every value is ≤ 0; cannot rescale to a request rate`);
  return values.map((v) => (Math.max(0, v) / max) * peakRps);
}

/** CSV text → per-minute rps series. */
export function csvToRps(text: string, source: string, peakRps: number): number[] {
  return rescaleToPeak(resampleToMinutes(parseNabCsv(text, source)), peakRps, source);
}
