import type { PolicyViolation } from "./ports";

/*
 * The errors the DeploymentTarget port speaks: adapters translate their own failures into these, once.
 */

/** Another update holds the deployment's stack lock; nothing was changed. */
export class StackLockedError extends Error {
  constructor(stack: string, detail: string) {
    super(
      `stack "${stack}" is locked by another update (Pulumi's stack lock): ${detail.split("\n").find((l) => /lock|update/i.test(l)) ?? "concurrent update"}`,
    );
    this.name = "StackLockedError";
  }
}

/** A mandatory policy violation stopped preview or up. */
export class PolicyViolationError extends Error {
  constructor(
    readonly command: "preview" | "up",
    readonly violations: readonly PolicyViolation[],
  ) {
    super(
      `${command} blocked by mandatory polic${violations.length === 1 ? "y" : "ies"}: ` +
        violations.map((v) => `${v.policyName}: ${v.message}`).join("; "),
    );
    this.name = "PolicyViolationError";
  }
}
