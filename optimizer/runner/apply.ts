import type { Thresholds } from "../core/types";
import type { Logger } from "../log/logger";
import { fmtThresholds as fmt, type ApplyResult } from "./outcome";
import { PolicyViolationError, StackLockedError } from "./portErrors";
import type { ConfigSnapshot, DeploymentTarget, PolicyViolation } from "./ports";

export interface Applied extends ApplyResult {
  violations: PolicyViolation[];
}

/**
 * Step 5 of the cycle: write the thresholds into stack config → preview with the policy pack → (dry run: restore and
 * stop) → up → verify the outputs. A policy refusal or an error restores `snapshot` (an `up` error also redeploys
 * it); a stack lock restores the config and propagates.
 */
export async function applyChange(
  target: DeploymentTarget,
  log: Logger,
  snapshot: ConfigSnapshot,
  to: Thresholds,
  opts: { dryRun?: boolean; afterConfigWritten?: () => Promise<void> },
): Promise<Applied> {
  let violations: PolicyViolation[] = [];
  const rollback = async (why: string, redeploy: boolean, policyBlocked = false): Promise<Applied> => {
    log.warn({ step: "rollback", why }, `restoring the previous config: ${why}`);
    await target.restore(snapshot);
    if (redeploy) {
      try {
        await target.up();
      } catch (err) {
        log.error(
          { step: "rollback", error: (err as Error).message },
          "re-applying the previous config failed; the next cycle will retry",
        );
      }
    }
    return { ok: false, why, violations, policyBlocked };
  };
  /** A failed preview or up: a policy refusal or an error rolls back (an `up` error also redeploys); a stack lock propagates. */
  const failed = async (command: "preview" | "up", err: unknown): Promise<Applied> => {
    if (err instanceof PolicyViolationError) {
      violations = [...err.violations];
      return rollback(
        `${command} blocked by policy: ${err.violations.map((v) => `${v.policyName}: ${v.message}`).join("; ")}`,
        false,
        true,
      );
    }
    if (err instanceof StackLockedError) {
      await target.restore(snapshot);
      throw err;
    }
    const firstLine = (err as Error).message.split("\n").find((l) => l.trim()) ?? "unknown error";
    return rollback(`${command} failed: ${firstLine}`, command === "up");
  };
  await target.writeThresholds(to);
  log.info({ step: "write-config", to }, `stack config set to ${fmt(to)}`);
  try {
    const p = await target.preview();
    violations = p.violations;
    log.info(
      { step: "preview", changes: p.changeSummary, violations: p.violations.length },
      "preview passed the policy pack",
    );
  } catch (err) {
    return failed("preview", err);
  }
  if (opts.dryRun) {
    await target.restore(snapshot);
    log.info({ step: "dry-run" }, "dry run: config restored after preview, nothing applied");
    return { ok: true, why: "", violations, policyBlocked: false };
  }
  await opts.afterConfigWritten?.();
  try {
    const up = await target.up();
    violations = up.violations;
    const thresholds = up.outputs.thresholds as Partial<Thresholds> | undefined;
    if (
      thresholds &&
      (thresholds.scaleOutCpuThreshold !== to.scaleOutCpuThreshold ||
        thresholds.scaleInCpuThreshold !== to.scaleInCpuThreshold)
    )
      return rollback(
        `up finished but the stack outputs show ${JSON.stringify(thresholds)} instead of ${fmt(to)}`,
        true,
      );
    log.info({ step: "up", changes: up.changeSummary }, "up applied");
    log.info({ step: "verify", outputs: thresholds ?? null }, "outputs match the new thresholds");
    return { ok: true, why: "", violations, policyBlocked: false };
  } catch (err) {
    return failed("up", err);
  }
}
