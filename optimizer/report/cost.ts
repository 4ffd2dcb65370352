import type { StackConfig } from "../../infra/config";
import { estimateMonthlyCost, fixedHourlyUsd, instanceHourlyUsd, instanceMinutesUsd } from "../../infra/cost/model";
import type { TimeSeries } from "../core/types";
import { mean, minutesPerPoint, pointsIn, round } from "./series";
import type { CostProjection } from "./types";
import { DAY_MS, MINUTE_MS, iso, monthBounds } from "./window";

/**
 * Month-end cost projection with the one cost model (infra/cost/model.ts):
 *   projected = instanceMinutesUsd(type, observed instance-minutes of the month up to the end of the report day
 *                 + uncovered elapsed minutes × mean7d + remaining minutes of the month × mean7d)
 *             + fixedHourlyUsd(useNatGateway) × hours in the calendar month
 * where mean7d is the mean of instances in service over the 7 days ending with the report day (desiredCapacity when
 * there is no in-service data). The worst case is estimateMonthlyCost at maxSize.
 */
export function projectMonthCost(
  inService: TimeSeries | null,
  config: StackConfig,
  dayEnd: number,
  stepMs: number | null,
): CostProjection {
  const month = monthBounds(dayEnd - 1);
  const elapsedMinutes = (dayEnd - month.start) / MINUTE_MS;
  const remainingMinutes = (month.end - dayEnd) / MINUTE_MS;
  const perPoint = minutesPerPoint(stepMs);

  const monthPoints = inService ? pointsIn(inService, month.start, dayEnd) : [];
  const observedInstanceMinutes = monthPoints.reduce((s, p) => s + p.v * perPoint, 0);
  const coveredMinutes = Math.min(elapsedMinutes, monthPoints.length * perPoint);
  const last7 = inService ? pointsIn(inService, dayEnd - 7 * DAY_MS, dayEnd).map((p) => p.v) : [];
  const mean7d = mean(last7) ?? config.desiredCapacity;
  const basisInstances =
    last7.length > 0 ? "mean in service over the last 7 days" : "desiredCapacity (no in-service data)";

  const instanceMinutes =
    observedInstanceMinutes + (elapsedMinutes - coveredMinutes) * mean7d + remainingMinutes * mean7d;
  const hoursInMonth = (month.end - month.start) / 3_600_000;
  const fixedHourly = fixedHourlyUsd(config.useNatGateway);
  const projected = instanceMinutesUsd(config.instanceType, instanceMinutes) + fixedHourly * hoursInMonth;
  const monthToDate =
    instanceMinutesUsd(config.instanceType, observedInstanceMinutes + (elapsedMinutes - coveredMinutes) * mean7d) +
    (fixedHourly * elapsedMinutes) / 60;
  const worst = estimateMonthlyCost({
    instanceType: config.instanceType,
    expectedInstances: mean7d,
    maxInstances: config.maxSize,
    loadBalancers: 1,
    natGateways: config.useNatGateway ? 1 : 0,
  });
  return {
    instanceType: config.instanceType,
    hourlyInstanceUsd: instanceHourlyUsd(config.instanceType),
    fixedHourlyUsd: round(fixedHourly, 4),
    monthStart: iso(month.start).slice(0, 10),
    monthEnd: iso(month.end - 1).slice(0, 10),
    daysInMonth: round((month.end - month.start) / DAY_MS, 0),
    daysElapsed: round(elapsedMinutes / 1440, 2),
    monthToDateUsd: round(monthToDate),
    monthToDateCoveragePercent: round((coveredMinutes / elapsedMinutes) * 100, 1),
    meanInService7d: round(mean7d, 2),
    projectedMonthUsd: round(projected),
    budgetUsd: config.monthlyBudgetUsd,
    budgetUsedPercent: round((projected / config.monthlyBudgetUsd) * 100, 1),
    overBudgetUsd: round(Math.max(0, projected - config.monthlyBudgetUsd)),
    worstCaseMonthlyUsd: worst.maxMonthlyUsd,
    basis: `instances: ${basisInstances}; fixed: load balancer${config.useNatGateway ? " + NAT gateway" : ""}; hourly charges only`,
  };
}
