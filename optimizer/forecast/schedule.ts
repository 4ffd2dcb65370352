import {
  changePoints,
  HOURS_PER_WEEK,
  maxActionsOnOneDay,
  type CapacityRange,
  type CapacitySchedule,
} from "../../infra/config/schedule";
import type { CapacityFloor } from "../sim/twin";
import { HOUR_MS, hourOfWeek } from "./hourly";
import type { LoadForecast } from "./forecast";

/*
 * From a load forecast to a capacity schedule: the instances needed at the forecast's upper bound for the
 * controller's CPU target, rounded up, clamped to [minSize, maxSize] (and the policy's max scheduled capacity),
 * as hour-of-week ranges with at most N actions per day (merging only ever raises a floor). Pure.
 */

export interface CapacityModel {
  workersPerInstance: number;
  serviceTimeMs: number;
  idleCpuPercent: number;
}

export interface SchedulePlanOptions {
  targetCpuPercent: number;
  model: CapacityModel;
  minSize: number;
  maxSize: number;
  /** Policy bound on any scheduled minimum (≤ maxSize). */
  maxScheduledCapacity?: number;
  maxActionsPerDay: number;
  bufferMinutes: number;
  /** Which bound of the forecast to plan for. */
  bound: "upper" | "mean";
}

/**
 * Instances that serve `loadRps` at `targetCpuPercent` average CPU (CPU = idle + (100 − idle) × utilisation).
 * Example: 200 rps, 80 rps per instance, idle 2 %, target 80 % → ceil(200 × 98 / (78 × 80)) = 4.
 */
export function instancesFor(loadRps: number, targetCpuPercent: number, m: CapacityModel): number {
  const perInstance = (m.workersPerInstance * 1000) / m.serviceTimeMs;
  const utilisation = (targetCpuPercent - m.idleCpuPercent) / (100 - m.idleCpuPercent);
  if (!(utilisation > 0))
    throw new Error(`target CPU ${targetCpuPercent} % is not above idle CPU ${m.idleCpuPercent} %`);
  return Math.max(0, Math.ceil(loadRps / (perInstance * utilisation) - 1e-9));
}

/** Minimum capacity for each forecast hour. */
export function hourlyFloors(f: LoadForecast, o: SchedulePlanOptions): number[] {
  const cap = Math.min(o.maxSize, o.maxScheduledCapacity ?? o.maxSize);
  return f.hours.map((h) =>
    Math.max(
      o.minSize,
      Math.min(cap, instancesFor(o.bound === "upper" ? h.upper : h.mean, o.targetCpuPercent, o.model)),
    ),
  );
}

/** Raises the lower of the two closest neighbouring runs until no day has more than `maxPerDay` changes. */
function limitActions(week: number[], minSize: number, maxPerDay: number): number[] {
  const out = [...week];
  const schedule = (): CapacitySchedule => ({ bufferMinutes: 0, ranges: toRanges(out, minSize) });
  while (maxActionsOnOneDay(changePoints(schedule(), minSize)) > maxPerDay) {
    const points = changePoints(schedule(), minSize);
    let best = -1;
    let bestGap = Infinity;
    for (const p of points) {
      const before = out[(p.hourOfWeek + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK];
      const gap = Math.abs(p.minSize - before);
      if (gap < bestGap) {
        bestGap = gap;
        best = p.hourOfWeek;
      }
    }
    // Merge the two runs that meet at `best` at the higher value.
    const before = (best + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK;
    const high = Math.max(out[best], out[before]);
    const lowStart = out[best] < out[before] ? best : before;
    const low = out[lowStart];
    const dir = lowStart === best ? 1 : -1;
    for (
      let h = lowStart, n = 0;
      out[h] === low && n < HOURS_PER_WEEK;
      h = (h + dir + HOURS_PER_WEEK) % HOURS_PER_WEEK, n++
    )
      out[h] = high;
  }
  return out;
}

function toRanges(week: readonly number[], minSize: number): CapacityRange[] {
  const ranges: CapacityRange[] = [];
  for (let h = 0; h < HOURS_PER_WEEK;) {
    if (week[h] <= minSize) {
      h++;
      continue;
    }
    let e = h;
    while (e < HOURS_PER_WEEK && week[e] === week[h]) e++;
    ranges.push({ fromHour: h, toHour: e, minCapacity: week[h] });
    h = e;
  }
  return ranges;
}

/** The capacity schedule of a forecast: its hours as hour-of-week ranges (hours beyond the forecast: minSize). */
export function planSchedule(f: LoadForecast, o: SchedulePlanOptions): CapacitySchedule {
  if (f.hours.length > HOURS_PER_WEEK) throw new Error("planSchedule: a forecast longer than one week");
  const week = new Array<number>(HOURS_PER_WEEK).fill(o.minSize);
  hourlyFloors(f, o).forEach((c, i) => (week[f.hours[i].hourOfWeek] = c));
  return {
    bufferMinutes: o.bufferMinutes,
    ranges: toRanges(limitActions(week, o.minSize, o.maxActionsPerDay), o.minSize),
  };
}

/** The twin's floor for `hours` hours from `startMs` (a whole hour) under a weekly schedule. */
export function floorOfSchedule(s: CapacitySchedule, startMs: number, hours: number): CapacityFloor {
  const week = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const r of s.ranges) for (let h = r.fromHour; h < r.toHour; h++) week[h] = r.minCapacity;
  return {
    startMs,
    hourly: Array.from({ length: hours }, (_, i) => week[hourOfWeek(startMs + i * HOUR_MS)]),
    bufferMinutes: s.bufferMinutes,
  };
}
