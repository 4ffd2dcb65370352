import { describe, expect, it } from "vitest";
import { capacityScheduleBounds, weekdayOf } from "../../policies/schedule";
import { registerUnderMocks } from "../support/mockProgram";
import { res, run } from "./helpers";

const TYPE = "aws:autoscaling/schedule:Schedule";
const prod = {
  environment: "prod",
  enforcementLevel: "mandatory",
  maxScheduledInstances: 6,
  maxActionsPerDay: 3,
} as const;
const action = (name: string, recurrence: string, minSize: number) => res(TYPE, name, { recurrence, minSize });

describe("capacity-schedule-bounds (stack)", () => {
  it("parses the weekday of a weekly recurrence", () => {
    expect(weekdayOf("50 6 * * 2")).toBe(2);
    expect(weekdayOf("0 0 * * 7")).toBe(0);
    expect(weekdayOf("0 0 * * *")).toBeNull();
  });
  it("passes a schedule within the cap and the actions-per-day limit", async () => {
    const stack = [action("a", "50 6 * * 1", 6), action("b", "50 17 * * 1", 2), action("c", "50 6 * * 2", 5)];
    expect(await run(capacityScheduleBounds, stack, prod)).toEqual([]);
  });
  it("refuses a scheduled minimum above the cap, naming the action and the key", async () => {
    const found = await run(capacityScheduleBounds, [action("big", "50 6 * * 1", 8)], prod);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain("big");
    expect(found[0].message).toContain("capacity-schedule-bounds.maxScheduledInstances");
    expect(found[0].message).toContain("neuropilot:capacitySchedule");
  });
  it("refuses more actions on one day than allowed", async () => {
    const stack = [0, 1, 2, 3].map((h) => action(`a${h}`, `0 ${h} * * 3`, 3));
    const found = await run(capacityScheduleBounds, stack, prod);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain("capacity-schedule-bounds.maxActionsPerDay");
  });
  it("holds for what the program renders from a valid prod schedule", async () => {
    const { resources } = await registerUnderMocks("prod", {
      "neuropilot:capacitySchedule": { ranges: [{ fromHour: 7, toHour: 12, minCapacity: 6 }] },
    });
    const stack = resources
      .filter((r) => r.type === TYPE)
      .map((r) => action(r.name, String(r.inputs.recurrence), Number(r.inputs.minSize)));
    expect(stack).toHaveLength(2);
    expect(await run(capacityScheduleBounds, stack, prod)).toEqual([]);
  });
});
