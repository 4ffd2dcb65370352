import { round } from "../series";
import type { Evidence, Recommendation } from "../types";

/** Small helpers shared by the wording modules. */
export const ev = (name: string, value: number, unit: string): Evidence => ({ name, value, unit });
export const f = (x: number, d = 2): string => String(round(x, d));
export type Worded = Pick<Recommendation, "id" | "text" | "evidence">;
