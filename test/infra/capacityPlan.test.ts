import { describe, expect, it } from "vitest";
import { ConfigError, changePoints, recurrenceOf } from "../../infra/config";
import { registerUnderMocks, type RegisteredResource } from "../support/mockProgram";

const ofType = (rs: RegisteredResource[], type: string) => rs.filter((r) => r.type === type);
const SCHEDULE = "aws:autoscaling/schedule:Schedule";
const POLICY = "aws:autoscaling/policy:Policy";

describe("capacity schedule and predictive scaling under mocks", () => {
  it("renders one scheduled action per change of the floor, setting only the minimum", async () => {
    const { resources } = await registerUnderMocks("prod", {
      "neuropilot:capacitySchedule": {
        bufferMinutes: 10,
        ranges: [
          { fromHour: 7, toHour: 12, minCapacity: 4 },
          { fromHour: 12, toHour: 18, minCapacity: 6 },
          { fromHour: 31, toHour: 40, minCapacity: 5 },
        ],
      },
    });
    const schedules = ofType(resources, SCHEDULE).map((r) => r.inputs);
    // Mon 07:00 → 4, Mon 12:00 → 6, Mon 18:00 → back to minSize 2, Tue 07:00 → 5, Tue 16:00 → 2.
    expect(schedules.map((s) => [s.recurrence, s.minSize])).toEqual([
      ["50 6 * * 1", 4],
      ["50 11 * * 1", 6],
      ["50 17 * * 1", 2],
      ["50 6 * * 2", 5],
      ["50 15 * * 2", 2],
    ]);
    for (const s of schedules) expect(s).toMatchObject({ maxSize: -1, desiredCapacity: -1, timeZone: "Etc/UTC" });
    // the reactive step policies stay in charge above the floor
    expect(ofType(resources, POLICY).map((r) => r.inputs.policyType)).toEqual(["StepScaling", "StepScaling"]);
  });

  it("no schedule and predictive scaling off: no proactive resource at all", async () => {
    const { resources } = await registerUnderMocks("dev");
    expect(ofType(resources, SCHEDULE)).toHaveLength(0);
    expect(resources.filter((r) => r.type === "neuropilot:infra:CapacityPlan")).toHaveLength(0);
  });

  it.each([
    ["forecast-only", "ForecastOnly"],
    ["forecast-and-scale", "ForecastAndScale"],
  ])("predictiveScaling %s renders a PredictiveScaling policy in mode %s", async (key, mode) => {
    const { resources } = await registerUnderMocks("prod", { "neuropilot:predictiveScaling": key });
    const predictive = ofType(resources, POLICY).filter((r) => r.inputs.policyType === "PredictiveScaling");
    expect(predictive).toHaveLength(1);
    expect(predictive[0].inputs.predictiveScalingConfiguration).toMatchObject({
      mode,
      schedulingBufferTime: "600",
      maxCapacityBreachBehavior: "HonorMaxCapacity",
      metricSpecification: {
        targetValue: 70,
        predefinedMetricPairSpecification: { predefinedMetricType: "ASGCPUUtilization" },
      },
    });
  });

  it.each([
    [{ ranges: [{ fromHour: 7, toHour: 12, minCapacity: 11 }] }, "outside [minSize, maxSize] = [2, 10]"],
    [{ ranges: [{ fromHour: 7, toHour: 12, minCapacity: 1 }] }, "outside [minSize, maxSize] = [2, 10]"],
    [
      {
        ranges: [
          { fromHour: 7, toHour: 12, minCapacity: 4 },
          { fromHour: 10, toHour: 14, minCapacity: 5 },
        ],
      },
      "range [10, 14) overlaps range [7, 12)",
    ],
    [{ ranges: [{ fromHour: 12, toHour: 7, minCapacity: 4 }] }, "fromHour must be below toHour"],
    [
      { ranges: Array.from({ length: 7 }, (_, i) => ({ fromHour: 2 * i, toHour: 2 * i + 1, minCapacity: 3 })) },
      "14 scheduled actions on one day; at most 12",
    ],
  ])("refuses a bad schedule before any resource is registered: %j", async (schedule, message) => {
    const err = await registerUnderMocks("prod", { "neuropilot:capacitySchedule": schedule }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain("neuropilot:capacitySchedule");
    expect((err as ConfigError).message).toContain(message);
  });

  it("refuses an unknown predictive mode naming the key", async () => {
    const err = await registerUnderMocks("prod", { "neuropilot:predictiveScaling": "on" }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/neuropilot:predictiveScaling = "on": must be one of: off, forecast-only/);
  });

  it("change points wrap from Sunday to Monday and recurrences shift by the buffer", () => {
    const s = {
      bufferMinutes: 15,
      ranges: [
        { fromHour: 0, toHour: 6, minCapacity: 3 },
        { fromHour: 160, toHour: 168, minCapacity: 3 },
      ],
    };
    expect(changePoints(s, 2)).toEqual([
      { hourOfWeek: 6, minSize: 2 },
      { hourOfWeek: 160, minSize: 3 },
    ]);
    expect(recurrenceOf(0, 15)).toBe("45 23 * * 0"); // Monday 00:00 − 15 min = Sunday 23:45
    expect(recurrenceOf(31, 0)).toBe("0 7 * * 2");
  });
});
