import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScalingMode } from "../config";

export interface ScalingArgs {
  asgName: pulumi.Input<string>;
  /** `app/<name>/<id>` suffix of the load balancer ARN (CloudWatch dimension). */
  albArnSuffix: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>` suffix of the target group ARN (CloudWatch dimension). */
  targetGroupArnSuffix: pulumi.Input<string>;
  scalingMode: ScalingMode;
  /** Target of the TargetTrackingScaling policy (target-tracking mode). */
  targetCpuPercent: number;
  scaleOutCpuThreshold: number;
  scaleInCpuThreshold: number;
  latencyThresholdMs: number;
  alarmPeriodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  scaleOutStep: number;
  scaleInStep: number;
  instanceWarmupSeconds: number;
}

/**
 * The scaling controller of the web tier and an SNS topic for alarms.
 * - step mode: step policies driven by CloudWatch alarms (CPU high → scale out, CPU low → scale in).
 * - target-tracking mode: a TargetTrackingScaling policy on ASGAverageCPUUtilization (AWS manages its own alarms).
 * In both modes the p95-latency alarm invokes the scale-out step policy: the SLA signal still acts. Switching mode
 * creates or deletes only the mode's own resources; the scale-out policy, the latency alarm and the topic stay.
 */
export class Scaling extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly scaleOutPolicy: aws.autoscaling.Policy;
  readonly scaleInPolicy?: aws.autoscaling.Policy;
  readonly targetTrackingPolicy?: aws.autoscaling.Policy;
  readonly cpuHighAlarm?: aws.cloudwatch.MetricAlarm;
  readonly cpuLowAlarm?: aws.cloudwatch.MetricAlarm;
  readonly latencyAlarm: aws.cloudwatch.MetricAlarm;

  constructor(name: string, args: ScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neuropilot:infra:Scaling", name, {}, opts);
    const parent = { parent: this };
    this.topic = new aws.sns.Topic(`${name}-alarms`, { displayName: `${name} alarms` }, parent);
    this.scaleOutPolicy = new aws.autoscaling.Policy(
      `${name}-scale-out`,
      {
        autoscalingGroupName: args.asgName,
        policyType: "StepScaling",
        adjustmentType: "ChangeInCapacity",
        metricAggregationType: "Average",
        estimatedInstanceWarmup: args.instanceWarmupSeconds,
        stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: args.scaleOutStep }],
      },
      parent,
    );
    const common = {
      period: args.alarmPeriodSeconds,
      evaluationPeriods: args.evaluationPeriods,
      datapointsToAlarm: args.datapointsToAlarm,
      treatMissingData: "missing",
    };
    if (args.scalingMode === "target-tracking") {
      this.targetTrackingPolicy = new aws.autoscaling.Policy(
        `${name}-target-tracking`,
        {
          autoscalingGroupName: args.asgName,
          policyType: "TargetTrackingScaling",
          estimatedInstanceWarmup: args.instanceWarmupSeconds,
          targetTrackingConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
            targetValue: args.targetCpuPercent,
          },
        },
        parent,
      );
    } else {
      this.scaleInPolicy = new aws.autoscaling.Policy(
        `${name}-scale-in`,
        {
          autoscalingGroupName: args.asgName,
          policyType: "StepScaling",
          adjustmentType: "ChangeInCapacity",
          metricAggregationType: "Average",
          stepAdjustments: [{ metricIntervalUpperBound: "0", scalingAdjustment: -args.scaleInStep }],
        },
        parent,
      );
      const cpu = {
        ...common,
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        statistic: "Average",
        dimensions: { AutoScalingGroupName: args.asgName },
      };
      this.cpuHighAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-cpu-high`,
        {
          ...cpu,
          alarmDescription: `Scale out: average CPU > ${args.scaleOutCpuThreshold}% (neuropilot:scaleOutCpuThreshold)`,
          comparisonOperator: "GreaterThanThreshold",
          threshold: args.scaleOutCpuThreshold,
          alarmActions: [this.scaleOutPolicy.arn, this.topic.arn],
          okActions: [this.topic.arn],
        },
        parent,
      );
      this.cpuLowAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-cpu-low`,
        {
          ...cpu,
          alarmDescription: `Scale in: average CPU < ${args.scaleInCpuThreshold}% (neuropilot:scaleInCpuThreshold)`,
          comparisonOperator: "LessThanThreshold",
          threshold: args.scaleInCpuThreshold,
          alarmActions: [this.scaleInPolicy.arn],
        },
        parent,
      );
    }
    this.latencyAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-p95-latency`,
      {
        ...common,
        alarmDescription: `p95 target response time > ${args.latencyThresholdMs} ms (neuropilot:latencyThresholdMs)`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        extendedStatistic: "p95",
        dimensions: { LoadBalancer: args.albArnSuffix, TargetGroup: args.targetGroupArnSuffix },
        comparisonOperator: "GreaterThanThreshold",
        threshold: args.latencyThresholdMs / 1000,
        alarmActions: [this.scaleOutPolicy.arn, this.topic.arn],
        okActions: [this.topic.arn],
      },
      parent,
    );
    this.registerOutputs({ topicArn: this.topic.arn });
  }
}
