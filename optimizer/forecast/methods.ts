import { median } from "simple-statistics";
import { FORECAST_METHODS } from "../../infra/config/sections";
import { HOUR_MS, HOURS_PER_DAY, HOURS_PER_WEEK, hourOfWeek, type HourlySeries } from "./hourly";

/*
 * Point-forecast methods over an hourly load series. Each takes the training hours (the past only) and returns
 * the next `horizon` hours plus its in-sample log residuals log(actual / fitted). Pure; parameters are fixed
 * or fitted on the training data alone, never per file by hand.
 */

export { FORECAST_METHODS };
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export interface PointForecast {
  mean: number[];
  /** log(actual / fitted) over the training hours that have both (in-sample). */
  residualLogs: number[];
}

const DAY_MS = 86_400_000;
/** A day counts for levels and profiles with at least this many finite hours. */
const MIN_HOURS_PER_DAY = 20;
/** Largest relative trend per day the profile method extrapolates (steady growth is ~2 %/day). */
const MAX_DAILY_TREND = 0.05;
/** Day-level trend damping per day ahead. */
const TREND_DAMPING = 0.9;

function logResiduals(actual: readonly number[], fitted: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < actual.length; i++)
    if (actual[i] > 0 && fitted[i] > 0 && Number.isFinite(actual[i]) && Number.isFinite(fitted[i]))
      out.push(Math.log(actual[i] / fitted[i]));
  return out;
}

/** Theil–Sen slope of y over x (median of pairwise slopes); 0 with fewer than two points. */
export function theilSenSlope(x: readonly number[], y: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) if (x[j] !== x[i]) slopes.push((y[j] - y[i]) / (x[j] - x[i]));
  return slopes.length === 0 ? 0 : median(slopes);
}

/**
 * Seasonal profile with robust level and trend: load = dayLevel × weekdayFactor × hourProfile.
 * Hour profile: median over whole days of value ÷ day mean. Weekday factors (with ≥ 7 whole days): median of
 * the detrended day means per weekday. Level and trend: Theil–Sen over the weekday-adjusted day means, level
 * from the last 7 days, trend damped and capped at 5 %/day.
 */
export function seasonalProfile(train: HourlySeries, horizon: number): PointForecast {
  const v = train.values;
  const day0 = Math.floor(train.startMs / DAY_MS);
  const dayIndex = (i: number) => Math.floor((train.startMs + i * HOUR_MS) / DAY_MS) - day0;
  const hod = (ms: number) => Math.floor(ms / HOUR_MS) % HOURS_PER_DAY;
  const dow = (ms: number) => Math.floor(hourOfWeek(ms) / HOURS_PER_DAY);
  const nDays = dayIndex(v.length - 1) + 1;
  const sums = new Array<number>(nDays).fill(0);
  const counts = new Array<number>(nDays).fill(0);
  v.forEach((x, i) => {
    if (Number.isFinite(x)) {
      sums[dayIndex(i)] += x;
      counts[dayIndex(i)]++;
    }
  });
  const whole = [...Array(nDays).keys()].filter((d) => counts[d] >= MIN_HOURS_PER_DAY && sums[d] > 0);
  if (whole.length === 0) throw new Error("seasonal profile: no day with 20 or more hours of data");
  const dayMean = (d: number) => sums[d] / counts[d];
  const dayDow = (d: number) => dow((day0 + d) * DAY_MS);

  const ratios: number[][] = Array.from({ length: HOURS_PER_DAY }, () => []);
  const wholeSet = new Set(whole);
  v.forEach((x, i) => {
    const d = dayIndex(i);
    if (Number.isFinite(x) && wholeSet.has(d)) ratios[hod(train.startMs + i * HOUR_MS)].push(x / dayMean(d));
  });
  const rawProfile = ratios.map((r) => (r.length > 0 ? median(r) : 1));
  const profileMean = rawProfile.reduce((a, b) => a + b, 0) / HOURS_PER_DAY;
  const profile = rawProfile.map((p) => p / profileMean);

  let weekday = new Array<number>(7).fill(1);
  let slope = 0;
  let level = 0;
  for (let pass = 0; pass < 2; pass++) {
    const adjusted = whole.map((d) => dayMean(d) / weekday[dayDow(d)]);
    slope = theilSenSlope(whole, adjusted);
    const last = whole[whole.length - 1];
    level = median(whole.filter((d) => d > last - 7).map((d) => dayMean(d) / weekday[dayDow(d)] - slope * (d - last)));
    const cap = MAX_DAILY_TREND * Math.abs(level);
    slope = Math.max(-cap, Math.min(cap, slope));
    if (whole.length < 7) break;
    const byDow: number[][] = Array.from({ length: 7 }, () => []);
    for (const d of whole) byDow[dayDow(d)].push(dayMean(d) / Math.max(1e-9, level + slope * (d - last)));
    const raw = byDow.map((r) => (r.length > 0 ? median(r) : 1));
    const m = raw.reduce((a, b) => a + b, 0) / 7;
    weekday = raw.map((w) => w / m);
  }
  const last = whole[whole.length - 1];
  const dayLevel = (d: number) => {
    const k = d - last;
    const damped = k <= 0 ? k : (TREND_DAMPING * (1 - TREND_DAMPING ** k)) / (1 - TREND_DAMPING);
    return Math.max(0, level + slope * damped);
  };
  const at = (i: number) => {
    const ms = train.startMs + i * HOUR_MS;
    return dayLevel(dayIndex(i)) * weekday[dow(ms)] * profile[hod(ms)];
  };
  const fitted = v.map((_, i) => at(i));
  const mean = Array.from({ length: horizon }, (_, h) => at(v.length + h));
  return { mean, residualLogs: logResiduals(v, fitted) };
}

interface HwParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** One pass of damped Holt–Winters with multiplicative daily seasonality; returns fitted values and the end state. */
function holtWintersPass(v: readonly number[], p: HwParams) {
  const m = HOURS_PER_DAY;
  const first = v.slice(0, m).filter(Number.isFinite);
  const second = v.slice(m, 2 * m).filter(Number.isFinite);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  let level = Math.max(1e-9, mean(first));
  let trend = second.length > 0 ? (mean(second) - mean(first)) / m : 0;
  const season = v.slice(0, m).map((x) => (Number.isFinite(x) && x > 0 ? x / level : 1));
  const fitted = new Array<number>(v.length).fill(NaN);
  let sse = 0;
  for (let t = 0; t < v.length; t++) {
    const s = season[t % m];
    const f = (level + p.phi * trend) * s;
    fitted[t] = f;
    const y = Number.isFinite(v[t]) ? v[t] : f;
    if (t >= m && Number.isFinite(v[t]) && y > 0) sse += ((y - f) / Math.max(y, 1e-9)) ** 2;
    const prev = level;
    level = Math.max(1e-9, p.alpha * (y / Math.max(s, 1e-9)) + (1 - p.alpha) * (prev + p.phi * trend));
    trend = p.beta * (level - prev) + (1 - p.beta) * p.phi * trend;
    season[t % m] = p.gamma * (y / level) + (1 - p.gamma) * s;
  }
  return { fitted, sse, level, trend, season };
}

const HW_GRID: HwParams[] = [];
for (const alpha of [0.05, 0.1, 0.2, 0.4])
  for (const beta of [0, 0.01, 0.05])
    for (const gamma of [0.05, 0.15, 0.3]) HW_GRID.push({ alpha, beta, gamma, phi: 0.98 });

/**
 * Holt–Winters (additive damped trend, multiplicative daily season), smoothing parameters chosen on the
 * training data by the smallest one-step relative squared error over a fixed grid.
 */
export function holtWinters(train: HourlySeries, horizon: number): PointForecast {
  const v = train.values;
  if (v.length < 2 * HOURS_PER_DAY) throw new Error("holt-winters: needs at least 48 hours");
  let best: ReturnType<typeof holtWintersPass> | null = null;
  for (const p of HW_GRID) {
    const r = holtWintersPass(v, p);
    if (best === null || r.sse < best.sse) best = { ...r, phi: p.phi } as typeof r & { phi: number };
  }
  const r = best as ReturnType<typeof holtWintersPass> & { phi: number };
  const mean: number[] = [];
  let damp = 0;
  for (let h = 1; h <= horizon; h++) {
    damp += r.phi ** h;
    mean.push(Math.max(0, (r.level + damp * r.trend) * r.season[(v.length + h - 1) % HOURS_PER_DAY]));
  }
  return { mean, residualLogs: logResiduals(v.slice(HOURS_PER_DAY), r.fitted.slice(HOURS_PER_DAY)) };
}

/** Seasonal naive: the same hour one week earlier (one day earlier when that is missing or out of range). */
export function seasonalNaive(train: HourlySeries, horizon: number): PointForecast {
  const v = train.values;
  const ext = [...v];
  for (let h = 0; h < horizon; h++) {
    const t = v.length + h;
    const week = t >= HOURS_PER_WEEK ? ext[t - HOURS_PER_WEEK] : NaN;
    ext.push(Number.isFinite(week) ? week : ext[t - HOURS_PER_DAY]);
  }
  const fitted = v.map((_, t) => {
    const w = t >= HOURS_PER_WEEK ? v[t - HOURS_PER_WEEK] : NaN;
    return Number.isFinite(w) ? w : t >= HOURS_PER_DAY ? v[t - HOURS_PER_DAY] : NaN;
  });
  return { mean: ext.slice(v.length).map((x) => (Number.isFinite(x) ? x : 0)), residualLogs: logResiduals(v, fitted) };
}

/** Runs a method by name. */
export function pointForecast(method: ForecastMethod, train: HourlySeries, horizon: number): PointForecast {
  switch (method) {
    case "seasonal-profile":
      return seasonalProfile(train, horizon);
    case "holt-winters":
      return holtWinters(train, horizon);
    case "seasonal-naive":
      return seasonalNaive(train, horizon);
  }
}
