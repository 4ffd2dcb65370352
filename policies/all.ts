import type { Policies } from "@pulumi/policy";
import { COST_POLICIES } from "./cost";
import { SAFETY_POLICIES } from "./safety";
import { SCHEDULE_POLICIES } from "./schedule";
import { SLA_POLICIES } from "./sla";

/** Name of the policy pack (policies/package.json `name` must match; the engine shows it with each violation). */
export const PACK_NAME = "neuropilot-guardrails";

/** Every guardrail of the pack, grouped by concern. */
export const POLICY_GROUPS = {
  sla: SLA_POLICIES,
  cost: COST_POLICIES,
  safety: SAFETY_POLICIES,
  schedule: SCHEDULE_POLICIES,
} as const;

export const ALL_POLICIES: Policies = [...SLA_POLICIES, ...COST_POLICIES, ...SAFETY_POLICIES, ...SCHEDULE_POLICIES];
