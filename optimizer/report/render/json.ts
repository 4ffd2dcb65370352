import type { DailyReport } from "../types";

/** The report as JSON text (2-space indent, trailing newline); non-finite numbers become null. */
export function renderJson(r: DailyReport): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
