import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ReportViolation, type ResourceValidationArgs } from "@pulumi/policy";
import { stackKey } from "../../infra/config";
import { label } from "../../infra/resources";
import { definePolicy, type PolicyKit } from "../lib/definePolicy";

/* SLA guardrail on the load balancer's target groups: an enabled, sane health check. */

const LB_SOURCE = "infra/components/loadBalancer.ts";

interface HealthCheckProps {
  enabled?: boolean;
  path?: string;
  protocol?: string;
  interval?: number;
  timeout?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
}

interface TargetGroupProps {
  healthCheck?: HealthCheckProps;
  protocol?: string;
  targetType?: string;
}

/** AWS defaults of an HTTP target group health check (used when a field is not set). */
const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, healthyThreshold: 5, unhealthyThreshold: 2 };

function checkTargetGroup(
  p: PolicyKit<"target-group-health-check">,
  props: TargetGroupProps,
  args: ResourceValidationArgs,
  report: ReportViolation,
): void {
  if (props.targetType === "lambda") return;
  const s = p.settings(args);
  const resource = label(args.type, args.name);
  const v = (what: string, value: unknown, bound: string, key: string, stack?: string) =>
    report(p.violation(s, { resource, what, value, bound, stackKey: stack, source: LB_SOURCE, key: `.${key}` }));
  const hc = props.healthCheck;
  if (!hc || hc.enabled === false) {
    v("healthCheck.enabled", hc?.enabled, "true (a health check must be configured and enabled)", "enforcementLevel");
    return;
  }
  const protocol = hc.protocol ?? props.protocol ?? "HTTP";
  if ((protocol === "HTTP" || protocol === "HTTPS") && !(typeof hc.path === "string" && hc.path.startsWith("/")))
    v(
      "healthCheck.path",
      hc.path,
      "an absolute path such as /healthz",
      "enforcementLevel",
      stackKey("healthCheckPath"),
    );
  const interval = hc.interval ?? HEALTH_CHECK_DEFAULTS.interval;
  const timeout = hc.timeout ?? HEALTH_CHECK_DEFAULTS.timeout;
  const healthy = hc.healthyThreshold ?? HEALTH_CHECK_DEFAULTS.healthyThreshold;
  const unhealthy = hc.unhealthyThreshold ?? HEALTH_CHECK_DEFAULTS.unhealthyThreshold;
  if (interval < s.minIntervalSeconds || interval > s.maxIntervalSeconds)
    v(
      "healthCheck.interval (s)",
      interval,
      `within [${s.minIntervalSeconds}, ${s.maxIntervalSeconds}]`,
      "minIntervalSeconds / .maxIntervalSeconds",
    );
  if (timeout >= interval) v("healthCheck.timeout (s)", timeout, `< interval (${interval} s)`, "minIntervalSeconds");
  if (healthy > s.maxHealthyThreshold)
    v("healthCheck.healthyThreshold", healthy, `≤ ${s.maxHealthyThreshold}`, "maxHealthyThreshold");
  if (unhealthy > s.maxUnhealthyThreshold)
    v("healthCheck.unhealthyThreshold", unhealthy, `≤ ${s.maxUnhealthyThreshold}`, "maxUnhealthyThreshold");
  if (interval * unhealthy > s.maxDetectionSeconds)
    v(
      "failure detection time interval × unhealthyThreshold (s)",
      interval * unhealthy,
      `≤ ${s.maxDetectionSeconds} s`,
      "maxDetectionSeconds",
    );
}

export const targetGroupHealthCheck = definePolicy("target-group-health-check", {
  description:
    "Every target group needs an enabled, sane health check (absolute path, timeout below interval, bounded " +
    "thresholds and detection time): without it the load balancer keeps sending traffic to dead instances.",
  validateResource: (p) =>
    [aws.lb.TargetGroup, aws.alb.TargetGroup].map((cls) =>
      validateResourceOfType(cls as typeof aws.lb.TargetGroup, (tg, args, report) =>
        checkTargetGroup(p, tg as TargetGroupProps, args, report),
      ),
    ),
});
