/** The report day and its 7-day baseline, in UTC. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const BASELINE_DAYS = 7;

export interface ReportWindow {
  date: string;
  /** Report day [dayStart, dayEnd). */
  dayStart: number;
  dayEnd: number;
  /** Baseline [baselineStart, dayStart): the 7 days before the report day. */
  baselineStart: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a YYYY-MM-DD report date (UTC); throws naming the bad value. */
export function reportWindow(date: string): ReportWindow {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`report date "${date}" must be YYYY-MM-DD`);
  const dayStart = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(dayStart).toISOString().slice(0, 10) !== date)
    throw new Error(`report date "${date}" is not a calendar date`);
  return { date, dayStart, dayEnd: dayStart + DAY_MS, baselineStart: dayStart - BASELINE_DAYS * DAY_MS };
}

/** The UTC day before `nowMs` as YYYY-MM-DD (the default report date: the last complete day). */
export function previousUtcDate(nowMs: number): string {
  return new Date(nowMs - DAY_MS).toISOString().slice(0, 10);
}

/** YYYYMMDD, as used in report file names. */
export function compactDate(date: string): string {
  return date.replaceAll("-", "");
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** First instant of the month of `ms` and of the next month, UTC. */
export function monthBounds(ms: number): { start: number; end: number } {
  const d = new Date(ms);
  return {
    start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
  };
}
