/*
 * CloudWatch metric-alarm semantics as infra/components/scaling.ts configures them: datapoints of `period`
 * (the Average of the minutes in it), evaluated at the end of each period over the last `evaluationPeriods`
 * datapoints; ALARM when at least `datapointsToAlarm` of them breach ("M out of N"), else OK.
 * treatMissingData = "missing": a period without data adds no datapoint.
 */

export interface AlarmSpec {
  periodMinutes: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparison: "GreaterThanThreshold" | "LessThanThreshold";
  threshold: number;
}

export interface AlarmState {
  /** Sum and count of the minutes of the period in progress (NaN minutes are skipped). */
  periodSum: number;
  periodCount: number;
  minutesIntoPeriod: number;
  /** Breach flags of the latest datapoints, oldest first, at most evaluationPeriods. */
  recent: boolean[];
  inAlarm: boolean;
}

export function initialAlarmState(): AlarmState {
  return { periodSum: 0, periodCount: 0, minutesIntoPeriod: 0, recent: [], inAlarm: false };
}

export function breaches(spec: AlarmSpec, value: number): boolean {
  return spec.comparison === "GreaterThanThreshold" ? value > spec.threshold : value < spec.threshold;
}

/**
 * Feeds one minute's value; at the end of a period the datapoint is formed and the alarm evaluated.
 * Returns the new state and whether an evaluation happened this minute.
 */
export function feedMinute(
  state: AlarmState,
  spec: AlarmSpec,
  value: number,
): { state: AlarmState; evaluated: boolean } {
  const hasValue = Number.isFinite(value);
  const periodSum = state.periodSum + (hasValue ? value : 0);
  const periodCount = state.periodCount + (hasValue ? 1 : 0);
  const minutesIntoPeriod = state.minutesIntoPeriod + 1;
  if (minutesIntoPeriod < spec.periodMinutes)
    return { state: { ...state, periodSum, periodCount, minutesIntoPeriod }, evaluated: false };
  let recent = state.recent;
  if (periodCount > 0) {
    recent = [...state.recent, breaches(spec, periodSum / periodCount)];
    if (recent.length > spec.evaluationPeriods) recent = recent.slice(recent.length - spec.evaluationPeriods);
  }
  const breaching = recent.reduce((n, b) => n + (b ? 1 : 0), 0);
  return {
    state: { periodSum: 0, periodCount: 0, minutesIntoPeriod: 0, recent, inAlarm: breaching >= spec.datapointsToAlarm },
    evaluated: true,
  };
}
