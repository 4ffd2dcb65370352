import type { ScalingMode, StackConfig } from "../../infra/config";
import type { Thresholds } from "./types";

/*
 * The scaling controller's settings as one value, whatever the mode: what the decision log, the daily report and
 * the Slack card name ("target tracking @ 65 % CPU" vs "step 80/35").
 */

export type ControllerSettings =
  { mode: "step"; thresholds: Thresholds } | { mode: "target-tracking"; targetCpuPercent: number };

/** The controller a stack config runs. */
export function controllerOf(
  config: Pick<StackConfig, "scalingMode" | "targetCpuPercent" | "scaleOutCpuThreshold" | "scaleInCpuThreshold">,
): ControllerSettings {
  return config.scalingMode === "target-tracking"
    ? { mode: "target-tracking", targetCpuPercent: config.targetCpuPercent }
    : {
        mode: "step",
        thresholds: {
          scaleOutCpuThreshold: config.scaleOutCpuThreshold,
          scaleInCpuThreshold: config.scaleInCpuThreshold,
        },
      };
}

/** The mode's name in prose. */
export function modeName(mode: ScalingMode): string {
  return mode === "target-tracking" ? "target tracking" : "step";
}

/** "target tracking @ 65 % CPU" or "step 80/35". */
export function controllerLabel(s: ControllerSettings): string {
  return s.mode === "target-tracking"
    ? `${modeName(s.mode)} @ ${s.targetCpuPercent} % CPU`
    : `${modeName(s.mode)} ${s.thresholds.scaleOutCpuThreshold}/${s.thresholds.scaleInCpuThreshold}`;
}

/** The controller a stack runs with `thresholds` in force (the pair the step path writes; the target otherwise). */
export function controllerWith(
  config: Pick<StackConfig, "scalingMode" | "targetCpuPercent">,
  thresholds: Thresholds,
): string {
  return controllerLabel(
    config.scalingMode === "target-tracking"
      ? { mode: "target-tracking", targetCpuPercent: config.targetCpuPercent }
      : { mode: "step", thresholds },
  );
}
