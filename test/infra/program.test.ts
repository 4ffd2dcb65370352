import { describe, expect, it } from "vitest";
import { registerUnderMocks, valueOf, type RegisteredResource } from "../support/mockProgram";

const ofType = (rs: RegisteredResource[], type: string) => rs.filter((r) => r.type === type);
const one = (rs: RegisteredResource[], type: string, nameIncludes: string) => {
  const found = ofType(rs, type).filter((r) => r.name.includes(nameIncludes));
  expect(found, `${type} named *${nameIncludes}*`).toHaveLength(1);
  return found[0];
};

describe("web tier program under mocks", () => {
  it("dev: thresholds and capacities flow from stack config into alarms, policies and the ASG", async () => {
    const { resources, outputs } = await registerUnderMocks("dev", {
      "neuropilot:scaleOutCpuThreshold": 77,
      "neuropilot:scaleInCpuThreshold": 33,
      "neuropilot:latencyThresholdMs": 450,
      "neuropilot:evaluationPeriods": 4,
      "neuropilot:datapointsToAlarm": 3,
      "neuropilot:minSize": 2,
      "neuropilot:desiredCapacity": 2,
      "neuropilot:maxSize": 6,
      "neuropilot:scaleOutStep": 2,
      "neuropilot:instanceWarmupSeconds": 200,
    });
    const high = one(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "cpu-high").inputs;
    const low = one(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "cpu-low").inputs;
    const lat = one(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "p95-latency").inputs;
    expect(high).toMatchObject({
      threshold: 77,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 4,
      datapointsToAlarm: 3,
      period: 60,
      metricName: "CPUUtilization",
    });
    expect(low).toMatchObject({
      threshold: 33,
      comparisonOperator: "LessThanThreshold",
      evaluationPeriods: 4,
      datapointsToAlarm: 3,
    });
    expect(lat).toMatchObject({
      threshold: 0.45,
      extendedStatistic: "p95",
      metricName: "TargetResponseTime",
      namespace: "AWS/ApplicationELB",
    });
    const asg = one(resources, "aws:autoscaling/group:Group", "asg").inputs;
    expect(asg).toMatchObject({ minSize: 2, maxSize: 6, desiredCapacity: 2, healthCheckType: "ELB" });
    expect(asg.vpcZoneIdentifiers).toHaveLength(2);
    const out = one(resources, "aws:autoscaling/policy:Policy", "scale-out").inputs;
    expect(out).toMatchObject({ policyType: "StepScaling", estimatedInstanceWarmup: 200 });
    expect(out.stepAdjustments).toEqual([{ metricIntervalLowerBound: "0", scalingAdjustment: 2 }]);
    const scaleIn = one(resources, "aws:autoscaling/policy:Policy", "scale-in").inputs;
    expect(scaleIn.stepAdjustments).toEqual([{ metricIntervalUpperBound: "0", scalingAdjustment: -1 }]);
    // the alarms trigger the policies
    const outArn = one(resources, "aws:autoscaling/policy:Policy", "scale-out").state.arn;
    expect(high.alarmActions).toContain(outArn);
    expect(lat.alarmActions).toContain(outArn);
    expect(outputs.thresholds).toMatchObject({
      scaleOutCpuThreshold: 77,
      scaleInCpuThreshold: 33,
      latencyThresholdMs: 450,
      minSize: 2,
      maxSize: 6,
    });
    const names = await valueOf(outputs.alarmNames);
    expect(names.cpuHigh).toContain("cpu-high");
    const tg = one(resources, "aws:lb/targetGroup:TargetGroup", "tg").inputs;
    expect(tg.healthCheck).toMatchObject({ enabled: true, path: "/healthz", matcher: "200" });
  });

  it("dev: resource counts (2 AZs, no NAT gateway)", async () => {
    const { resources } = await registerUnderMocks("dev");
    const custom = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    expect(ofType(custom, "aws:ec2/subnet:Subnet")).toHaveLength(4);
    expect(ofType(custom, "aws:ec2/natGateway:NatGateway")).toHaveLength(0);
    expect(ofType(custom, "aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(3);
    expect(ofType(custom, "aws:autoscaling/policy:Policy")).toHaveLength(2);
    expect(ofType(custom, "aws:sns/topic:Topic")).toHaveLength(1);
    expect(custom).toHaveLength(25);
    expect(resources.filter((r) => !r.custom)).toHaveLength(4); // Network, LoadBalancer, WebFleet, Scaling
  });

  it("prod: resource counts (3 AZs, NAT gateway) and capacities from the prod stack file", async () => {
    const { resources } = await registerUnderMocks("prod");
    const custom = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    expect(ofType(custom, "aws:ec2/subnet:Subnet")).toHaveLength(6);
    expect(ofType(custom, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    expect(custom).toHaveLength(31);
    const asg = one(resources, "aws:autoscaling/group:Group", "asg").inputs;
    expect(asg).toMatchObject({ minSize: 2, maxSize: 10, desiredCapacity: 3 });
    expect(asg.vpcZoneIdentifiers).toHaveLength(3);
    const lt = one(resources, "aws:ec2/launchTemplate:LaunchTemplate", "lt").inputs;
    expect(lt.instanceType).toBe("m6i.large");
    const high = one(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "cpu-high").inputs;
    expect(high.threshold).toBe(70);
  });
});
