import { describe, expect, it } from "vitest";
import { feedMinute, initialAlarmState, type AlarmSpec, type AlarmState } from "../../optimizer/sim/alarms";

const spec = (over: Partial<AlarmSpec> = {}): AlarmSpec => ({
  periodMinutes: 1,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  comparison: "GreaterThanThreshold",
  threshold: 80,
  ...over,
});

function feed(values: number[], s: AlarmSpec): { states: AlarmState[]; evaluated: boolean[] } {
  let st = initialAlarmState();
  const states: AlarmState[] = [];
  const evaluated: boolean[] = [];
  for (const v of values) {
    const r = feedMinute(st, s, v);
    st = r.state;
    states.push(st);
    evaluated.push(r.evaluated);
  }
  return { states, evaluated };
}

describe("CloudWatch alarm semantics", () => {
  it("alarms when M of the last N datapoints breach (2 of 3)", () => {
    const { states } = feed([90, 50, 90, 90, 50, 50, 50], spec());
    // windows: [90] [90,50] [90,50,90] [50,90,90] [90,90,50] [90,50,50] [50,50,50]
    expect(states.map((s) => s.inAlarm)).toEqual([false, false, true, true, true, false, false]);
  });
  it("GreaterThanThreshold does not breach at the threshold itself", () => {
    expect(feed([80, 80, 80], spec()).states[2].inAlarm).toBe(false);
  });
  it("LessThanThreshold alarms below the threshold", () => {
    const { states } = feed([20, 20, 40], spec({ comparison: "LessThanThreshold", threshold: 30 }));
    expect(states.map((s) => s.inAlarm)).toEqual([false, true, true]);
  });
  it("3 of 3 needs three consecutive breaches", () => {
    const { states } = feed([90, 90, 50, 90, 90, 90], spec({ datapointsToAlarm: 3 }));
    expect(states.map((s) => s.inAlarm)).toEqual([false, false, false, false, false, true]);
  });
  it("averages the minutes of a longer period and evaluates at its end", () => {
    // 5-minute period, 1 of 1: the average 78 does not breach, the next period's 82 does.
    const s = spec({ periodMinutes: 5, evaluationPeriods: 1, datapointsToAlarm: 1 });
    const { states, evaluated } = feed([70, 70, 90, 90, 70, 90, 90, 70, 70, 90], s);
    expect(evaluated).toEqual([false, false, false, false, true, false, false, false, false, true]);
    expect(states[4].inAlarm).toBe(false);
    expect(states[9].inAlarm).toBe(true);
  });
  it("treats missing data as missing (no datapoint)", () => {
    const { states } = feed([90, NaN, NaN, 90], spec());
    expect(states[3].recent).toEqual([true, true]);
    expect(states[3].inAlarm).toBe(true);
  });
});
