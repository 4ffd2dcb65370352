import { describe, expect, it } from "vitest";
import { controllerLabel, controllerOf } from "../../optimizer/core/controller";

const base = { scaleOutCpuThreshold: 80, scaleInCpuThreshold: 35, targetCpuPercent: 65 };

describe("controller settings", () => {
  it("step mode carries the pair and names it", () => {
    const s = controllerOf({ ...base, scalingMode: "step" });
    expect(s).toEqual({ mode: "step", thresholds: { scaleOutCpuThreshold: 80, scaleInCpuThreshold: 35 } });
    expect(controllerLabel(s)).toBe("step 80/35");
  });

  it("target-tracking mode carries the target and names it, ignoring the pair", () => {
    const s = controllerOf({ ...base, scalingMode: "target-tracking" });
    expect(s).toEqual({ mode: "target-tracking", targetCpuPercent: 65 });
    expect(controllerLabel(s)).toBe("target tracking @ 65 % CPU");
    expect(controllerLabel(controllerOf({ ...base, scalingMode: "target-tracking", targetCpuPercent: 72 }))).toBe(
      "target tracking @ 72 % CPU",
    );
  });
});

describe("controllerWith", () => {
  it("names the given pair in step mode and the stack's target in target-tracking mode", async () => {
    const { controllerWith } = await import("../../optimizer/core/controller");
    const pair = { scaleOutCpuThreshold: 75, scaleInCpuThreshold: 30 };
    expect(controllerWith({ scalingMode: "step", targetCpuPercent: 65 }, pair)).toBe("step 75/30");
    expect(controllerWith({ scalingMode: "target-tracking", targetCpuPercent: 65 }, pair)).toBe(
      "target tracking @ 65 % CPU",
    );
  });
});
