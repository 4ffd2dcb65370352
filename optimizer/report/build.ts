import { controllerLabel, controllerOf } from "../core/controller";
import { thresholdsOf } from "../../infra/config";
import type { Thresholds } from "../core/types";
import { summariseAnomalies } from "./anomalies";
import { projectMonthCost } from "./cost";
import { assessDataQuality } from "./dataQuality";
import { summariseDecisions } from "./decisions";
import { computeHealth } from "./health";
import { summariseAnomalyModel, summariseLearning } from "./learning";
import { deriveRecommendations } from "./recommendations";
import { summariseScaling } from "./scaling";
import { inferStepMs } from "./series";
import { computeSla } from "./sla";
import { computeTrends } from "./trends";
import { REPORT_SCHEMA_VERSION, type DailyReport, type ReportInput } from "./types";
import { MINUTE_MS, iso, reportWindow } from "./window";

/** Fewest recommendations the report aims for; fewer only when inputs are missing, and then it says why. */
export const MIN_RECOMMENDATIONS = 5;

/**
 * Builds the daily report of `date` (YYYY-MM-DD, UTC day) from plain inputs. Pure: no I/O, no clock.
 * Throws when the date is malformed or the signals are finer than one minute.
 */
export function buildDailyReport(input: ReportInput, date: string): DailyReport {
  const w = reportWindow(date);
  const { config, signals } = input;
  const stepMs = signals ? (inferStepMs(signals.cpu.timestamps) ?? inferStepMs(signals.inService.timestamps)) : null;
  if (stepMs !== null && stepMs < MINUTE_MS)
    throw new Error(`metrics history step is ${stepMs / 1000} s: the report needs 1-minute or coarser points`);

  const configThresholds: Thresholds = thresholdsOf(config);
  const summary = summariseDecisions(input.decisions, configThresholds, w.dayStart, w.dayEnd);
  const thresholds = summary.thresholdsAtEnd;
  const decisions = {
    ...summary,
    controllerAtEnd: controllerLabel(
      config.scalingMode === "target-tracking" ? controllerOf(config) : { mode: "step", thresholds },
    ),
  };
  const sla = computeSla(signals, config, w.dayStart, w.dayEnd, stepMs);
  const trends = computeTrends(signals, w.baselineStart, w.dayStart, w.dayEnd);
  const cost = projectMonthCost(signals ? signals.inService : null, config, w.dayEnd, stepMs);
  const scaling = summariseScaling(signals, config, thresholds, w.dayStart, w.dayEnd, stepMs);
  const anomalies = {
    ...summariseAnomalies(input.anomalies, w.dayStart, w.dayEnd, stepMs),
    model: summariseAnomalyModel(input.anomalyModel),
  };
  const learning = summariseLearning(input.learning, config.learning.cycleHours, thresholds);
  const dataQuality = assessDataQuality(signals, w.dayStart, w.dayEnd, stepMs);
  const errorTrend = trends.find((t) => t.signal === "errorRate");

  const health = computeHealth({
    slaAttainmentPercent: sla.attainmentPercent,
    slaTargetPercent: config.slaTargetPercent,
    anomalyLoadPercent: anomalies.loadPercent,
    meanErrorRatePercent: errorTrend?.dayMean ?? null,
    errorRateTargetPercent: config.errorRateTargetPercent,
    budgetUsedPercent: cost.budgetUsedPercent,
    learning:
      learning.converged !== null && learning.daysLearning !== null
        ? {
            converged: learning.converged,
            daysLearning: learning.daysLearning,
            convergedSinceDay: learning.convergedSinceDay,
          }
        : null,
  });
  const recommendations = deriveRecommendations({
    config,
    thresholds,
    sla,
    cost,
    scaling,
    decisions,
    anomalies,
    learning,
    dataQuality,
    trends,
  });

  const dataGaps = [...input.inputNotes];
  const baselineHours = Math.min(...trends.map((t) => t.baselineHours));
  if (signals && baselineHours < 7 * 24 * 0.9)
    dataGaps.push(`the 7-day baseline holds only ${baselineHours} hours of data on its sparsest signal (168 expected)`);
  if (recommendations.length < MIN_RECOMMENDATIONS)
    dataGaps.push(
      `only ${recommendations.length} recommendations could be derived (at least ${MIN_RECOMMENDATIONS} need metrics, anomaly and learning inputs)`,
    );

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    stack: input.stack,
    environment: config.environment,
    date,
    window: { start: iso(w.dayStart), end: iso(w.dayEnd) },
    baselineWindow: { start: iso(w.baselineStart), end: iso(w.dayStart) },
    stepSeconds: stepMs === null ? null : stepMs / 1000,
    health,
    sla,
    trends,
    cost,
    scaling,
    decisions,
    anomalies,
    learning,
    dataQuality,
    recommendations,
    dataGaps,
  };
}
