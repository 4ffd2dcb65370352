import type { StackConfig } from "../../infra/config";
import { instanceCapacityRps, type ServiceModel } from "./queueing";

/** Everything the twin needs about one stack, taken from its typed config (web-tier keys + `learning.twin`). */
export interface TwinParams extends ServiceModel {
  instanceType: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  latencyThresholdMs: number;
  /** CloudWatch alarm period in whole simulated minutes (10 s and 30 s periods are rounded up to 1 minute). */
  alarmPeriodMinutes: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  scaleOutStep: number;
  scaleInStep: number;
  cooldownMinutes: number;
  warmupMinutes: number;
  slaTargetPercent: number;
  errorRateTargetPercent: number;
  useNatGateway: boolean;
  targetTrackingCpuPercent: number;
}

/** The twin's parameter set of a stack. */
export function twinParamsFromConfig(config: StackConfig): TwinParams {
  const t = config.learning.twin;
  return {
    instanceType: config.instanceType,
    minSize: config.minSize,
    maxSize: config.maxSize,
    desiredCapacity: config.desiredCapacity,
    latencyThresholdMs: config.latencyThresholdMs,
    alarmPeriodMinutes: Math.max(1, Math.ceil(config.alarmPeriodSeconds / 60)),
    evaluationPeriods: config.evaluationPeriods,
    datapointsToAlarm: config.datapointsToAlarm,
    scaleOutStep: config.scaleOutStep,
    scaleInStep: config.scaleInStep,
    cooldownMinutes: Math.ceil(config.cooldownSeconds / 60),
    warmupMinutes: Math.ceil(config.instanceWarmupSeconds / 60),
    slaTargetPercent: config.slaTargetPercent,
    errorRateTargetPercent: config.errorRateTargetPercent,
    useNatGateway: config.useNatGateway,
    targetTrackingCpuPercent: config.learning.targetTrackingCpuPercent,
    workersPerInstance: t.workersPerInstance,
    serviceTimeMs: t.serviceTimeMs,
    idleCpuPercent: t.idleCpuPercent,
    overloadLatencyMs: t.overloadLatencyMs,
  };
}

/** Default peak request rate of built-in traces: `learning.twin.defaultPeakUtilisation` of the capacity at maxSize. */
export function defaultPeakRps(config: StackConfig): number {
  const p = twinParamsFromConfig(config);
  return Math.round(config.learning.twin.defaultPeakUtilisation * config.maxSize * instanceCapacityRps(p));
}
