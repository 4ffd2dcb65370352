import { stackKey } from "../infra/config";
import { label } from "../infra/resources";
import { definePolicy } from "./lib/definePolicy";

/*
 * Proactive-capacity guardrails: scheduled actions (neuropilot:capacitySchedule) may raise the group's minimum
 * only up to a cap, and may not fire more than N times on one day, so a bad forecast cannot pin a large fleet or
 * churn the group.
 */

const SCHEDULE_TYPE = "aws:autoscaling/schedule:Schedule";

/** Cron weekday (0/7 = Sunday) of a recurrence "M H * * D"; null when it is not a single weekday. */
export function weekdayOf(recurrence: string): number | null {
  const d = recurrence.trim().split(/\s+/)[4];
  return d !== undefined && /^[0-7]$/.test(d) ? Number(d) % 7 : null;
}

export const capacityScheduleBounds = definePolicy("capacity-schedule-bounds", {
  description:
    "Scheduled actions may raise the Auto Scaling group's minimum only up to a cap, and at most N may fire on one " +
    "day: a wrong forecast must not pin a large fleet all day or make the group churn.",
  validateStack: (p) => (args, report) => {
    const s = p.settings(args);
    const perDay = new Array<number>(7).fill(0);
    for (const r of args.resources) {
      if (r.type !== SCHEDULE_TYPE) continue;
      const props = r.props as { minSize?: number; recurrence?: string };
      if (typeof props.minSize === "number" && props.minSize > s.maxScheduledInstances)
        report(
          p.violation(s, {
            key: ".maxScheduledInstances",
            resource: label(r.type, r.name),
            what: "scheduled minSize",
            value: props.minSize,
            bound: `≤ ${s.maxScheduledInstances}`,
            stackKey: stackKey("capacitySchedule"),
          }),
        );
      const day = weekdayOf(props.recurrence ?? "");
      if (day !== null) perDay[day]++;
    }
    const most = Math.max(...perDay);
    if (most > s.maxActionsPerDay)
      report(
        p.violation(s, {
          key: ".maxActionsPerDay",
          resource: "stack",
          what: "scheduled actions on one day",
          value: most,
          bound: `≤ ${s.maxActionsPerDay}`,
          stackKey: stackKey("capacitySchedule"),
        }),
      );
  },
});

export const SCHEDULE_POLICIES = [capacityScheduleBounds];
