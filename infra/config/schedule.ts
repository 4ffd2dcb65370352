import { z } from "zod";

/*
 * The capacity schedule (`neuropilot:capacitySchedule`): hour-of-week ranges with a minimum capacity, applied
 * `bufferMinutes` early. Hour 0 is Monday 00:00 UTC; a range covers [fromHour, toHour). Outside every range the
 * group's own minSize holds. Pure: the schema, the checks that relate it to other keys, and the change points
 * (one scheduled action each) that infra renders.
 */

export const HOURS_PER_WEEK = 168;

export const capacityScheduleSection = z
  .object({
    /** Minutes before each range starts that its minimum is applied (instances need their warm-up). */
    bufferMinutes: z.number().int().min(0).max(60).default(10),
    ranges: z
      .array(
        z
          .object({
            fromHour: z.number().int().min(0).max(167),
            toHour: z.number().int().min(1).max(168),
            minCapacity: z.number().int().min(0).max(100),
          })
          .strict()
          .refine((r) => r.fromHour < r.toHour, { error: "fromHour must be below toHour" }),
      )
      .max(HOURS_PER_WEEK)
      .default([]),
  })
  .strict();

export type CapacitySchedule = z.output<typeof capacityScheduleSection>;
export type CapacityRange = CapacitySchedule["ranges"][number];

export interface ScheduleLimits {
  minSize: number;
  maxSize: number;
  maxActionsPerDay: number;
}

/** Minimum capacity by hour of week (the group's minSize outside the ranges). */
export function floorByHourOfWeek(s: CapacitySchedule, minSize: number): number[] {
  const out = new Array<number>(HOURS_PER_WEEK).fill(minSize);
  for (const r of s.ranges) for (let h = r.fromHour; h < r.toHour; h++) out[h] = Math.max(minSize, r.minCapacity);
  return out;
}

/** A scheduled action: at `hourOfWeek` (minus the buffer) the group's minimum becomes `minSize`. */
export interface ChangePoint {
  hourOfWeek: number;
  minSize: number;
}

/** The hours at which the weekly floor changes (wrapping from Sunday to Monday); empty when it never does. */
export function changePoints(s: CapacitySchedule, minSize: number): ChangePoint[] {
  const floor = floorByHourOfWeek(s, minSize);
  const out: ChangePoint[] = [];
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    const prev = floor[(h + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK];
    if (floor[h] !== prev) out.push({ hourOfWeek: h, minSize: floor[h] });
  }
  return out;
}

/** Most scheduled actions falling on one day of the week. */
export function maxActionsOnOneDay(points: readonly ChangePoint[]): number {
  const perDay = new Array<number>(7).fill(0);
  for (const p of points) perDay[Math.floor(p.hourOfWeek / 24)]++;
  return Math.max(0, ...perDay);
}

/** Problems of a schedule against the group's bounds, each a one-line message naming the range; empty when valid. */
export function scheduleIssues(s: CapacitySchedule, limits: ScheduleLimits): string[] {
  const issues: string[] = [];
  const sorted = [...s.ranges].sort((a, b) => a.fromHour - b.fromHour);
  const name = (r: CapacityRange) => `range [${r.fromHour}, ${r.toHour})`;
  for (const r of sorted)
    if (r.minCapacity < limits.minSize || r.minCapacity > limits.maxSize)
      issues.push(
        `${name(r)}: minCapacity ${r.minCapacity} is outside [minSize, maxSize] = [${limits.minSize}, ${limits.maxSize}]`,
      );
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].fromHour < sorted[i - 1].toHour) issues.push(`${name(sorted[i])} overlaps ${name(sorted[i - 1])}`);
  if (issues.length === 0) {
    const most = maxActionsOnOneDay(changePoints(s, limits.minSize));
    if (most > limits.maxActionsPerDay)
      issues.push(
        `${most} scheduled actions on one day; at most ${limits.maxActionsPerDay} (forecast.maxActionsPerDay)`,
      );
  }
  return issues;
}

/**
 * Cron recurrence (UTC) of a change point applied `bufferMinutes` early, e.g. hour 31 (Tuesday 07:00) with a
 * 10-minute buffer → "50 6 * * 2" (cron weekdays: 0 = Sunday).
 */
export function recurrenceOf(hourOfWeek: number, bufferMinutes: number): string {
  const minuteOfWeek =
    (((hourOfWeek * 60 - bufferMinutes) % (HOURS_PER_WEEK * 60)) + HOURS_PER_WEEK * 60) % (HOURS_PER_WEEK * 60);
  const day = Math.floor(minuteOfWeek / 1440); // 0 = Monday
  const hour = Math.floor((minuteOfWeek % 1440) / 60);
  const minute = minuteOfWeek % 60;
  return `${minute} ${hour} * * ${(day + 1) % 7}`;
}
