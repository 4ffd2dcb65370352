import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { changePoints, recurrenceOf, type CapacitySchedule } from "../config/schedule";

export interface CapacityPlanArgs {
  asgName: pulumi.Input<string>;
  minSize: number;
  schedule: CapacitySchedule;
  predictiveScaling: "off" | "forecast-only" | "forecast-and-scale";
  /** CPU % the predictive policy plans capacity for (the reactive controller's target). */
  predictiveTargetCpuPercent: number;
  /** Seconds instances are launched ahead of a forecast hour (SchedulingBufferTime). */
  schedulingBufferSeconds: number;
}

/**
 * Proactive capacity beside the reactive policy: one weekly scheduled action per change of the
 * `neuropilot:capacitySchedule` floor (it sets only the group's minimum; desired and max stay with the reactive
 * policy), and optionally AWS's PredictiveScaling policy on the ASG's CPU.
 */
export class CapacityPlan extends pulumi.ComponentResource {
  readonly schedules: aws.autoscaling.Schedule[];
  readonly predictivePolicy?: aws.autoscaling.Policy;

  constructor(name: string, args: CapacityPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neuropilot:infra:CapacityPlan", name, {}, opts);
    const parent = { parent: this };
    this.schedules = changePoints(args.schedule, args.minSize).map(
      (p) =>
        new aws.autoscaling.Schedule(
          `${name}-floor-h${p.hourOfWeek}`,
          {
            autoscalingGroupName: args.asgName,
            scheduledActionName: `${name}-floor-h${p.hourOfWeek}`,
            recurrence: recurrenceOf(p.hourOfWeek, args.schedule.bufferMinutes),
            timeZone: "Etc/UTC",
            minSize: p.minSize,
            maxSize: -1,
            desiredCapacity: -1,
          },
          parent,
        ),
    );
    if (args.predictiveScaling !== "off")
      this.predictivePolicy = new aws.autoscaling.Policy(
        `${name}-predictive`,
        {
          autoscalingGroupName: args.asgName,
          policyType: "PredictiveScaling",
          predictiveScalingConfiguration: {
            mode: args.predictiveScaling === "forecast-and-scale" ? "ForecastAndScale" : "ForecastOnly",
            schedulingBufferTime: String(args.schedulingBufferSeconds),
            maxCapacityBreachBehavior: "HonorMaxCapacity",
            metricSpecification: {
              targetValue: args.predictiveTargetCpuPercent,
              predefinedMetricPairSpecification: { predefinedMetricType: "ASGCPUUtilization" },
            },
          },
        },
        parent,
      );
    this.registerOutputs({ scheduledActions: this.schedules.length });
  }
}
