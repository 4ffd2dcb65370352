import type { PolicyResource } from "@pulumi/policy";
import type { StackResource } from "../../infra/resources";

/** A policy resource seen as a StackResource (structural; no copy). */
export function asStackResource(r: PolicyResource): StackResource {
  return r as unknown as StackResource;
}
