import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScalingMode, StackConfig } from "./config";
import { CapacityPlan } from "./components/capacityPlan";
import { LoadBalancer } from "./components/loadBalancer";
import { Network } from "./components/network";
import { Scaling } from "./components/scaling";
import { WebFleet } from "./components/webFleet";

/** What the stack exports: the names the optimizer and operators look for, and the thresholds in force. */
export interface WebTierOutputs {
  asgName: pulumi.Output<string>;
  albDnsName: pulumi.Output<string>;
  alarmTopicArn: pulumi.Output<string>;
  /** Scheduled actions rendered from neuropilot:capacitySchedule. */
  scheduledActions: number;
  /** Names of the NeuroPilot alarms (CPU alarms only in step mode; target tracking manages its own). */
  alarmNames: pulumi.Output<{ cpuHigh?: string; cpuLow?: string; latency: string }>;
  thresholds: {
    scalingMode: ScalingMode;
    targetCpuPercent: number;
    scaleOutCpuThreshold: number;
    scaleInCpuThreshold: number;
    latencyThresholdMs: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    minSize: number;
    maxSize: number;
    desiredCapacity: number;
  };
}

/** Registers the whole web tier from validated config. Call only after parseStackConfig succeeded. */
export function createWebTier(name: string, cfg: StackConfig): WebTierOutputs {
  const provider = new aws.Provider(`${name}-aws`, { region: cfg.region as aws.Region });
  const opts = { providers: { aws: provider } };
  const network = new Network(
    name,
    {
      cidrBlock: cfg.vpcCidr,
      availabilityZones: cfg.availabilityZones,
      useNatGateway: cfg.useNatGateway,
    },
    opts,
  );
  const lb = new LoadBalancer(
    name,
    {
      vpcId: network.vpc.id,
      publicSubnetIds: network.publicSubnets.map((s) => s.id),
      healthCheckPath: cfg.healthCheckPath,
    },
    opts,
  );
  const fleet = new WebFleet(
    name,
    {
      vpcId: network.vpc.id,
      privateSubnetIds: network.privateSubnets.map((s) => s.id),
      albSecurityGroupId: lb.securityGroup.id,
      targetGroupArn: lb.targetGroup.arn,
      instanceType: cfg.instanceType,
      minSize: cfg.minSize,
      maxSize: cfg.maxSize,
      desiredCapacity: cfg.desiredCapacity,
      cooldownSeconds: cfg.cooldownSeconds,
      healthCheckPath: cfg.healthCheckPath,
    },
    opts,
  );
  const scaling = new Scaling(
    name,
    {
      asgName: fleet.group.name,
      albArnSuffix: lb.alb.arnSuffix,
      targetGroupArnSuffix: lb.targetGroup.arnSuffix,
      scalingMode: cfg.scalingMode,
      targetCpuPercent: cfg.targetCpuPercent,
      scaleOutCpuThreshold: cfg.scaleOutCpuThreshold,
      scaleInCpuThreshold: cfg.scaleInCpuThreshold,
      latencyThresholdMs: cfg.latencyThresholdMs,
      alarmPeriodSeconds: cfg.alarmPeriodSeconds,
      evaluationPeriods: cfg.evaluationPeriods,
      datapointsToAlarm: cfg.datapointsToAlarm,
      scaleOutStep: cfg.scaleOutStep,
      scaleInStep: cfg.scaleInStep,
      instanceWarmupSeconds: cfg.instanceWarmupSeconds,
    },
    opts,
  );
  // Only stacks with a schedule or a predictive policy get the component (existing stacks stay unchanged).
  const proactive = cfg.capacitySchedule.ranges.length > 0 || cfg.predictiveScaling !== "off";
  const plan = proactive
    ? new CapacityPlan(
        name,
        {
          asgName: fleet.group.name,
          minSize: cfg.minSize,
          schedule: cfg.capacitySchedule,
          predictiveScaling: cfg.predictiveScaling,
          predictiveTargetCpuPercent:
            cfg.scalingMode === "target-tracking" ? cfg.targetCpuPercent : cfg.scaleOutCpuThreshold,
          schedulingBufferSeconds: cfg.capacitySchedule.bufferMinutes * 60,
        },
        opts,
      )
    : undefined;
  return {
    asgName: fleet.group.name,
    scheduledActions: plan?.schedules.length ?? 0,
    albDnsName: lb.alb.dnsName,
    alarmTopicArn: scaling.topic.arn,
    alarmNames: pulumi
      .all([scaling.cpuHighAlarm?.name, scaling.cpuLowAlarm?.name, scaling.latencyAlarm.name])
      .apply(([cpuHigh, cpuLow, latency]) => (cpuHigh && cpuLow ? { cpuHigh, cpuLow, latency } : { latency })),
    thresholds: {
      scalingMode: cfg.scalingMode,
      targetCpuPercent: cfg.targetCpuPercent,
      scaleOutCpuThreshold: cfg.scaleOutCpuThreshold,
      scaleInCpuThreshold: cfg.scaleInCpuThreshold,
      latencyThresholdMs: cfg.latencyThresholdMs,
      evaluationPeriods: cfg.evaluationPeriods,
      datapointsToAlarm: cfg.datapointsToAlarm,
      minSize: cfg.minSize,
      maxSize: cfg.maxSize,
      desiredCapacity: cfg.desiredCapacity,
    },
  };
}
