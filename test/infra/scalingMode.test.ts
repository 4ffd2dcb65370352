import { describe, expect, it } from "vitest";
import { changeIssues, parseStackConfig } from "../../infra/config";
import { registerUnderMocks, valueOf, type RegisteredResource } from "../support/mockProgram";

const ofType = (rs: RegisteredResource[], type: string) => rs.filter((r) => r.type === type);
const named = (rs: RegisteredResource[], type: string, part: string) =>
  ofType(rs, type).filter((r) => r.name.includes(part));
const POLICY = "aws:autoscaling/policy:Policy";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("neuropilot:scalingMode under mocks", () => {
  it("step (default): CPU alarms with step policies, no target-tracking policy", async () => {
    const { resources, outputs } = await registerUnderMocks("dev");
    expect(named(resources, POLICY, "target-tracking")).toHaveLength(0);
    expect(named(resources, ALARM, "cpu-high")).toHaveLength(1);
    expect(named(resources, ALARM, "cpu-low")).toHaveLength(1);
    expect(named(resources, POLICY, "scale-in")).toHaveLength(1);
    expect(outputs.thresholds).toMatchObject({ scalingMode: "step" });
  });

  it("target-tracking: a TargetTrackingScaling policy on ASGAverageCPUUtilization and the latency guard", async () => {
    const { resources, outputs } = await registerUnderMocks("dev", {
      "neuropilot:scalingMode": "target-tracking",
      "neuropilot:targetCpuPercent": 72.5,
      "neuropilot:instanceWarmupSeconds": 200,
    });
    const [tt] = named(resources, POLICY, "target-tracking");
    expect(tt.inputs).toMatchObject({
      policyType: "TargetTrackingScaling",
      estimatedInstanceWarmup: 200,
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: 72.5,
      },
    });
    // the CPU alarms and the scale-in policy are the step mode's: absent
    expect(named(resources, ALARM, "cpu-")).toHaveLength(0);
    expect(named(resources, POLICY, "scale-in")).toHaveLength(0);
    // the p95-latency alarm still invokes the scale-out step policy
    const [out] = named(resources, POLICY, "scale-out");
    expect(out.inputs).toMatchObject({ policyType: "StepScaling" });
    const [lat] = named(resources, ALARM, "p95-latency");
    expect(lat.inputs.alarmActions).toContain(out.state.arn);
    expect(lat.inputs).toMatchObject({ extendedStatistic: "p95", threshold: 0.5 });
    expect(outputs.thresholds).toMatchObject({ scalingMode: "target-tracking", targetCpuPercent: 72.5 });
    expect(await valueOf(outputs.alarmNames)).toEqual({ latency: expect.stringContaining("p95-latency") });
  });

  it("a mode switch keeps the shared resources' names and inputs (only the mode's own resources change)", async () => {
    const step = await registerUnderMocks("prod");
    const tt = await registerUnderMocks("prod", { "neuropilot:scalingMode": "target-tracking" });
    const key = (r: RegisteredResource) => `${r.type}::${r.name}`;
    const stepKeys = new Set(step.resources.map(key));
    const ttKeys = new Set(tt.resources.map(key));
    const removed = [...stepKeys].filter((k) => !ttKeys.has(k)).sort();
    const added = [...ttKeys].filter((k) => !stepKeys.has(k)).sort();
    expect(removed.map((k) => k.split("::")[1].replace(/^.*-(cpu-high|cpu-low|scale-in)$/, "$1")).sort()).toEqual([
      "cpu-high",
      "cpu-low",
      "scale-in",
    ]);
    expect(added.map((k) => k.split("::")[1].replace(/^.*-(target-tracking)$/, "$1"))).toEqual(["target-tracking"]);
    for (const part of ["scale-out", "p95-latency", "asg"]) {
      const a = step.resources.find((r) => r.name.endsWith(part));
      const b = tt.resources.find((r) => r.name.endsWith(part));
      expect(b?.inputs, part).toEqual(a?.inputs);
    }
  });

  it("rejects an unknown mode and a target outside its bounds, naming the key", async () => {
    await expect(registerUnderMocks("dev", { "neuropilot:scalingMode": "predictive" })).rejects.toThrow(
      /neuropilot:scalingMode.*must be one of: step, target-tracking/,
    );
    await expect(registerUnderMocks("dev", { "neuropilot:targetCpuPercent": 99 })).rejects.toThrow(
      /neuropilot:targetCpuPercent.*≤ 95/,
    );
  });
});

describe("changeIssues: a mode switch combined with a tuned-key change in one cycle", () => {
  const step = parseStackConfig({ scalingMode: "step" });
  it("is refused, naming neuropilot:scalingMode and the changed key", () => {
    const after = parseStackConfig({ scalingMode: "target-tracking", targetCpuPercent: 75 });
    const issues = changeIssues(step, after);
    expect(issues).toHaveLength(1);
    expect(issues[0].key).toBe("neuropilot:scalingMode");
    expect(issues[0].message).toContain("neuropilot:targetCpuPercent");
    const withThreshold = parseStackConfig({ scalingMode: "target-tracking", scaleOutCpuThreshold: 85 });
    expect(changeIssues(step, withThreshold)[0].message).toContain("neuropilot:scaleOutCpuThreshold");
  });
  it("allows a plain switch, and tuning without a switch", () => {
    expect(changeIssues(step, parseStackConfig({ scalingMode: "target-tracking" }))).toEqual([]);
    expect(changeIssues(step, parseStackConfig({ scaleOutCpuThreshold: 85 }))).toEqual([]);
  });
});
