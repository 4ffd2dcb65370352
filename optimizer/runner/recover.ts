import type { Logger } from "../log/logger";
import type { PendingChange } from "../state/schemas";
import type { CycleDeps, CycleOptions, CycleResult } from "./cycleTypes";
import { fmtThresholds as fmt } from "./outcome";
import { baseEntry, notify } from "./record";

/**
 * Step 0 of the cycle: an interrupted cycle left its journal (pending-change.json). A real run puts back the config
 * that was in force and makes the deployment match it; a dry run changes nothing, recovery included.
 */
export async function recoverInterrupted(
  deps: CycleDeps,
  log: Logger,
  pending: PendingChange,
  ctx: { cycleId: string; now: Date; opts: CycleOptions },
): Promise<CycleResult> {
  const { cycleId, now, opts } = ctx;
  if (opts.dryRun) {
    // the next real run restores the config and redeploys it
    const reason = `dry run: interrupted cycle ${pending.cycleId} is pending recovery (a real run restores ${fmt(pending.from)}); nothing was changed`;
    log.warn({ step: "recover", interruptedCycle: pending.cycleId }, reason);
    return {
      cycleId,
      outcome: "dry-run",
      entry: baseEntry(deps.stack, cycleId, now, "held", "dry-run", pending.from, pending.from, reason),
      deliveries: [],
    };
  }
  log.warn(
    { step: "recover", interruptedCycle: pending.cycleId, from: pending.from, to: pending.to },
    "previous cycle was interrupted; restoring its starting config",
  );
  await deps.target.restore(pending.snapshot);
  await deps.target.up();
  const entry = baseEntry(
    deps.stack,
    cycleId,
    now,
    "rolled-back",
    "recovered",
    pending.from,
    pending.from,
    `recovered from interrupted cycle ${pending.cycleId}: restored ${fmt(pending.from)} (its change to ${fmt(pending.to)} was never confirmed)`,
  );
  await deps.store.appendDecision(entry);
  await deps.store.discard("pending");
  log.info({ step: "recorded", outcome: "recovered" }, entry.reason);
  return { cycleId, outcome: "recovered", entry, deliveries: await notify(deps.notifier, log, entry) };
}
