import { describe, expect, it } from "vitest";
import { TYPES } from "../../infra/resources";
import {
  alarmEvaluationWindow,
  asgCapacityHeadroom,
  asgMinCapacity,
  asgSubnetCount,
  asgZoneSpread,
  latencyAlarmPresent,
  scaleOutCpuBand,
  scalingHysteresis,
  targetGroupHealthCheck,
} from "../../policies/sla";
import { alb, asg, cpuAlarm, expectNames, latencyAlarm, res, run, subnet } from "./helpers";

const prod = { environment: "prod", enforcementLevel: "mandatory" } as const;

describe("asg-min-capacity", () => {
  it("passes at the floor", async () => {
    expect(await run(asgMinCapacity, [asg({ minSize: 2 })], { ...prod, minInstances: 2 })).toEqual([]);
  });
  it("fails below the floor, naming resource, value, bound and both keys", async () => {
    const [f, ...rest] = await run(asgMinCapacity, [asg({ minSize: 1 })], { ...prod, minInstances: 2 });
    expect(rest).toEqual([]);
    expect(f.enforcementLevel).toBe("mandatory");
    expectNames(
      f.message,
      '"web-asg"',
      "minSize = 1",
      "≥ 2",
      "prod",
      "neuropilot:minSize",
      "asg-min-capacity.minInstances",
    );
  });
  it("ignores other resource types", async () => {
    expect(await run(asgMinCapacity, [res(TYPES.subnet, "s", { minSize: 0 })], { minInstances: 5 })).toEqual([]);
  });
});

describe("asg-subnet-count", () => {
  it("passes with as many subnets as zones required", async () => {
    expect(await run(asgSubnetCount, [asg()], { minZones: 2 })).toEqual([]);
  });
  it("fails with too few subnets", async () => {
    const [f] = await run(asgSubnetCount, [asg({}, [subnet("a", "us-east-1a")])], { ...prod, minZones: 3 });
    expectNames(
      f.message,
      "vpcZoneIdentifiers = 1",
      "≥ 3",
      "neuropilot:availabilityZones",
      "asg-subnet-count.minZones",
    );
  });
});

describe("asg-zone-spread (stack)", () => {
  it("passes when the subnets span enough zones", async () => {
    const subnets = [subnet("a", "us-east-1a"), subnet("b", "us-east-1b"), subnet("c", "us-east-1c")];
    expect(await run(asgZoneSpread, [asg({}, subnets), ...subnets], { minZones: 3 })).toEqual([]);
  });
  it("fails when several subnets share one zone", async () => {
    const subnets = [subnet("a", "us-east-1a"), subnet("b", "us-east-1a"), subnet("c", "us-east-1b")];
    const group = asg({}, subnets);
    const [f] = await run(asgZoneSpread, [group, ...subnets], { ...prod, minZones: 3 });
    expect(f.urn).toBe(group.urn);
    expectNames(
      f.message,
      '["us-east-1a","us-east-1b"]',
      "≥ 3 zones",
      "neuropilot:availabilityZones",
      "asg-zone-spread.minZones",
    );
  });
});

describe("scale-out-cpu-band", () => {
  const band = { minPercent: 50, maxPercent: 90 };
  it("passes inside the band and ignores scale-in alarms", async () => {
    expect(
      await run(
        scaleOutCpuBand,
        [cpuAlarm("hi", "GreaterThanThreshold", 70), cpuAlarm("lo", "LessThanThreshold", 10)],
        band,
      ),
    ).toEqual([]);
  });
  it("fails outside the band", async () => {
    const [f] = await run(scaleOutCpuBand, [cpuAlarm("hi", "GreaterThanThreshold", 95)], { ...prod, ...band });
    expectNames(
      f.message,
      '"hi"',
      "= 95",
      "within [50, 90]",
      "neuropilot:scaleOutCpuThreshold",
      "scale-out-cpu-band.minPercent",
    );
  });
});

describe("scaling-hysteresis (stack)", () => {
  const group = asg();
  it("passes when scale-in sits far enough below scale-out", async () => {
    const alarms = [cpuAlarm("hi", "GreaterThanThreshold", 70, group), cpuAlarm("lo", "LessThanThreshold", 30, group)];
    expect(await run(scalingHysteresis, [group, ...alarms], { minGapPoints: 15 })).toEqual([]);
  });
  it("fails when the gap is too small, naming the scale-in alarm", async () => {
    const lo = cpuAlarm("lo", "LessThanThreshold", 60, group);
    const [f, ...rest] = await run(scalingHysteresis, [group, cpuAlarm("hi", "GreaterThanThreshold", 70, group), lo], {
      ...prod,
      minGapPoints: 15,
    });
    expect(rest).toEqual([]);
    expect(f.urn).toBe(lo.urn);
    expectNames(
      f.message,
      '"lo"',
      "= 60",
      "gap 10 points",
      "≤ 55",
      "neuropilot:scaleInCpuThreshold",
      "scaling-hysteresis.minGapPoints",
    );
  });
  it("relates alarms of the same group only", async () => {
    const other = { ...asg(), urn: "urn:other", name: "other-asg", props: { ...asg().props, name: "other-123" } };
    const alarms = [
      cpuAlarm("hi", "GreaterThanThreshold", 70, group),
      cpuAlarm("lo-other", "LessThanThreshold", 65, other),
    ];
    expect(await run(scalingHysteresis, [group, other, ...alarms], { minGapPoints: 15 })).toEqual([]);
  });
});

describe("alarm-evaluation-window", () => {
  const bounds = { minEvaluationPeriods: 2, maxEvaluationPeriods: 5, minDatapointsToAlarm: 2, maxWindowSeconds: 600 };
  it("passes inside the bounds", async () => {
    expect(await run(alarmEvaluationWindow, [cpuAlarm("hi", "GreaterThanThreshold", 70)], bounds)).toEqual([]);
  });
  it("fails on too many periods, a lone datapoint and a long window", async () => {
    const alarm = cpuAlarm("hi", "GreaterThanThreshold", 70, undefined, {
      evaluationPeriods: 8,
      datapointsToAlarm: 1,
      period: 300,
    });
    const fs = await run(alarmEvaluationWindow, [alarm], { ...prod, ...bounds });
    expect(fs).toHaveLength(3);
    expectNames(
      fs[0].message,
      "evaluationPeriods = 8",
      "within [2, 5]",
      "neuropilot:evaluationPeriods",
      "alarm-evaluation-window.minEvaluationPeriods",
    );
    expectNames(
      fs[1].message,
      "datapointsToAlarm = 1",
      "neuropilot:datapointsToAlarm",
      "alarm-evaluation-window.minDatapointsToAlarm",
    );
    expectNames(
      fs[2].message,
      "= 2400",
      "≤ 600 s",
      "neuropilot:alarmPeriodSeconds",
      "alarm-evaluation-window.maxWindowSeconds",
    );
  });
});

describe("target-group-health-check", () => {
  const good = {
    path: "/healthz",
    protocol: "HTTP",
    enabled: true,
    interval: 15,
    timeout: 5,
    healthyThreshold: 3,
    unhealthyThreshold: 3,
  };
  const tg = (healthCheck: unknown) => res(TYPES.targetGroup, "tg", { port: 80, protocol: "HTTP", healthCheck });
  it("passes with a sane health check", async () => {
    expect(await run(targetGroupHealthCheck, [tg(good)], { maxDetectionSeconds: 90 })).toEqual([]);
  });
  it("fails without an enabled health check", async () => {
    const [f] = await run(targetGroupHealthCheck, [tg({ ...good, enabled: false })], prod);
    expectNames(f.message, '"tg"', "healthCheck.enabled = false", "infra/components/loadBalancer.ts");
  });
  it("fails on a relative path, timeout ≥ interval and slow detection", async () => {
    const fs = await run(
      targetGroupHealthCheck,
      [tg({ ...good, path: "healthz", interval: 30, timeout: 30, unhealthyThreshold: 5 })],
      { ...prod, maxDetectionSeconds: 90, maxUnhealthyThreshold: 5 },
    );
    expect(fs.map((f) => f.message.split(" = ")[0].split(": ")[1])).toEqual([
      "healthCheck.path",
      "healthCheck.timeout (s)",
      "failure detection time interval × unhealthyThreshold (s)",
    ]);
    expectNames(fs[0].message, "neuropilot:healthCheckPath");
    expectNames(fs[2].message, "= 150", "≤ 90 s", "target-group-health-check.maxDetectionSeconds");
  });
});

describe("latency-alarm-present (stack)", () => {
  it("passes with an actionable TargetResponseTime alarm under the bound", async () => {
    expect(await run(latencyAlarmPresent, [alb(), latencyAlarm(0.3)], { maxThresholdMs: 1000 })).toEqual([]);
  });
  it("is silent for a stack without a load balancer", async () => {
    expect(await run(latencyAlarmPresent, [asg()], { maxThresholdMs: 1000 })).toEqual([]);
  });
  it("fails when the stack has a load balancer but no latency alarm", async () => {
    const [f] = await run(latencyAlarmPresent, [alb(), cpuAlarm("hi", "GreaterThanThreshold", 70)], prod);
    expectNames(
      f.message,
      "stack: TargetResponseTime alarms = 0",
      "≥ 1",
      "neuropilot:latencyThresholdMs",
      "latency-alarm-present.maxThresholdMs",
    );
  });
  it("fails on a threshold above the bound and on an alarm without actions", async () => {
    const fs = await run(latencyAlarmPresent, [alb(), latencyAlarm(2.5, { alarmActions: [] })], {
      ...prod,
      maxThresholdMs: 1000,
    });
    expect(fs).toHaveLength(2);
    expectNames(fs[0].message, '"p95-latency"', "latency threshold (ms) = 2500", "≤ 1000 ms");
    expectNames(fs[1].message, "alarmActions = 0", "infra/components/scaling.ts");
  });
});

describe("asg-capacity-headroom", () => {
  const bounds = { minHeadroomInstances: 2, minHeadroomPercent: 100 };
  it("passes with room to scale out", async () => {
    expect(await run(asgCapacityHeadroom, [asg({ minSize: 2, desiredCapacity: 3, maxSize: 10 })], bounds)).toEqual([]);
  });
  it("fails when maxSize leaves no headroom over desired", async () => {
    const [f] = await run(asgCapacityHeadroom, [asg({ minSize: 2, desiredCapacity: 3, maxSize: 4 })], {
      ...prod,
      ...bounds,
    });
    expectNames(
      f.message,
      "maxSize (desired capacity 3) = 4",
      "≥ 6",
      "neuropilot:maxSize",
      "asg-capacity-headroom.minHeadroomInstances",
    );
  });
});
