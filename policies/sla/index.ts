import { alarmEvaluationWindow, latencyAlarmPresent, scaleOutCpuBand, scalingHysteresis } from "./alarms";
import { asgCapacityHeadroom, asgMinCapacity, asgSubnetCount, asgZoneSpread } from "./capacity";
import { targetGroupHealthCheck } from "./healthCheck";
import { targetTrackingCpuBand, targetTrackingLatencyGuard } from "./targetTracking";

/*
 * SLA guardrails: capacity, zone spread, scaling thresholds and alarms that keep the web tier inside its
 * availability and latency targets. Mandatory in prod, advisory in dev (policy config from policyConfigFor).
 */

export { alarmEvaluationWindow, latencyAlarmPresent, scaleOutCpuBand, scalingHysteresis } from "./alarms";
export { asgCapacityHeadroom, asgMinCapacity, asgSubnetCount, asgZoneSpread, zonesOfGroup } from "./capacity";
export { targetGroupHealthCheck } from "./healthCheck";
export { targetTrackingCpuBand, targetTrackingLatencyGuard } from "./targetTracking";

export const SLA_POLICIES = [
  asgMinCapacity,
  asgSubnetCount,
  asgZoneSpread,
  scaleOutCpuBand,
  scalingHysteresis,
  alarmEvaluationWindow,
  targetGroupHealthCheck,
  latencyAlarmPresent,
  asgCapacityHeadroom,
  targetTrackingCpuBand,
  targetTrackingLatencyGuard,
];
