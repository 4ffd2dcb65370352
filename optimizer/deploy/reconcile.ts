import type { Thresholds } from "../core/types";
import { describeDrift, MissingSecretError, StackMissingError } from "./backend";
import { StackLockedError } from "../runner/portErrors";

/** What the reconciler needs of the Pulumi target. */
export interface ReconcilableTarget {
  deployedThresholds(): Promise<Thresholds | null>;
  /** `up` with the policy pack; previews with the pack first, so a mandatory violation stops it before any change. */
  up(opts: { message: string }): Promise<unknown>;
}

export interface DriftReport {
  /** e.g. `deployed 85%/30%, stack file 80%/30%`; undefined when deployed and stack file agree. */
  drift?: string;
  reapplied: boolean;
}

/**
 * The check every cycle starts with: do the deployed alarms (the stack's checkpoint, so a half-applied update
 * shows) hold the stack file's thresholds? If not, the stack file is re-applied through preview + policy pack + up
 * (a dry run only reports). An up that fails throws, as any up does; a re-apply that leaves a difference throws too.
 */
export async function reconcileDrift(
  target: ReconcilableTarget,
  file: Thresholds,
  a: { dryRun: boolean; message: string; warn: (msg: string) => void; info: (msg: string) => void },
): Promise<DriftReport> {
  const deployed = await target.deployedThresholds();
  if (deployed === null) return { reapplied: false }; // never deployed: nothing to compare
  const drift = describeDrift(deployed, file);
  if (!drift) return { reapplied: false };
  if (a.dryRun) {
    a.warn(`drift: ${drift}; dry run: not re-applied`);
    return { drift, reapplied: false };
  }
  a.warn(`drift: ${drift}; re-applying the stack file (preview with the policy pack, then up)`);
  await target.up({ message: `${a.message}: re-apply the stack file (${drift})` });
  const after = await target.deployedThresholds();
  const left = after === null ? "no alarms deployed" : describeDrift(after, file);
  if (left) throw new Error(`drift remains after re-applying the stack file: ${left}`);
  a.info(`drift resolved: deployed ${file.scaleOutCpuThreshold}%/${file.scaleInCpuThreshold}% again`);
  return { drift, reapplied: true };
}

/**
 * `reconcileDrift` for the cycle command: a failed re-apply becomes a one-line reason (`failed`), the cycle then
 * stops with exit 6 and the next cycle checks again. A stack lock, a missing stack or secret propagate (exit 5, 2).
 */
export async function reconcileBeforeCycle(
  target: ReconcilableTarget,
  file: Thresholds,
  a: Parameters<typeof reconcileDrift>[2],
): Promise<DriftReport & { failed?: string }> {
  try {
    return await reconcileDrift(target, file, a);
  } catch (err) {
    if (err instanceof StackLockedError || err instanceof StackMissingError || err instanceof MissingSecretError)
      throw err;
    const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    return { reapplied: false, failed: `re-applying the stack file failed: ${reason}; the next cycle checks again` };
  }
}
