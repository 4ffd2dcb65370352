import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES, PACK_NAME } from "./all";

/*
 * Entry of the NeuroPilot policy pack: `pulumi preview --policy-pack policies [--policy-pack-config
 * policies/config/<env>.json]`. Loaded through main.js (tsx), see docs/policies.md. Importing this module starts
 * the analyzer's gRPC server, so tests and tools import ./all instead.
 */
new PolicyPack(PACK_NAME, {
  description: "NeuroPilot guardrails: SLA, cost and safety bounds of the autoscaled web tier",
  policies: ALL_POLICIES,
});
