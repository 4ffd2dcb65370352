import * as path from "node:path";
import { readStackFile, stackFilePath } from "../../infra/config/stackFile";
import { thresholdsOf } from "../../infra/config";
import type { Thresholds } from "../core/types";
import type { Logger } from "../log/logger";
import { FileStateStore } from "../state/fileStateStore";
import { stackStateDir } from "../state/layout";
import { acquireRunnerLock } from "./lock";
import { NO_OVERRIDES, activeHolds, pairText, withHold, withoutHold } from "./operator";
import { fmtThresholds as fmt } from "./outcome";
import { baseEntry, cycleIdOf } from "./record";

/*
 * The operator's commands on a stack's state: `neuropilot state show|discard-pending` and `neuropilot veto`. Each
 * takes the runner lock (no cycle runs meanwhile), writes through the state store, and says what it did in one line.
 */

export interface OperatorTarget {
  stateDir: string;
  stack: string;
  log: Logger;
}

async function withLock<T>(dir: string, f: () => Promise<T> | T): Promise<T> {
  const release = await acquireRunnerLock(dir);
  try {
    return await f();
  } finally {
    await release();
  }
}

/** What the state holds: the pending change (if any), the runner's position, the holds in force. */
export async function showState(o: OperatorTarget, nowMs: number): Promise<Record<string, unknown>> {
  const store = new FileStateStore(stackStateDir(o.stateDir, o.stack));
  const pending = await store.load("pending");
  return {
    stack: o.stack,
    stateDir: store.dir,
    pendingChange: pending
      ? {
          cycleId: pending.cycleId,
          from: pending.from,
          to: pending.to,
          keys: pending.keys ?? null,
          startedAt: new Date(pending.startedAtMs).toISOString(),
        }
      : null,
    runner: (await store.load("runner")) ?? null,
    holds: activeHolds((await store.load("overrides")) ?? NO_OVERRIDES, nowMs),
  };
}

/** Removes the pending change without touching the stack file or the deployment. Returns whether there was one. */
export async function discardPending(o: OperatorTarget): Promise<boolean> {
  const store = new FileStateStore(stackStateDir(o.stateDir, o.stack));
  return withLock(store.dir, async () => {
    const pending = await store.load("pending");
    if (!pending) {
      o.log.info({ step: "state", stack: o.stack }, `no pending change for stack ${o.stack}; nothing to discard`);
      return false;
    }
    await store.discard("pending");
    o.log.warn(
      { step: "state", stack: o.stack, cycleId: pending.cycleId, from: pending.from, to: pending.to },
      `discarded the pending change of cycle ${pending.cycleId} (${fmt(pending.from)} → ${fmt(pending.to)}); the stack file and the deployment were not touched`,
    );
    return true;
  });
}

/**
 * Forbids a setting until lifted (or lifts every hold on it), and records it in the decision log with the
 * thresholds in force (read from the stack file) as from and to.
 */
export async function vetoPair(
  o: OperatorTarget & { projectRoot: string; pair: Thresholds; lift: boolean; now: Date },
): Promise<void> {
  const store = new FileStateStore(stackStateDir(o.stateDir, o.stack));
  const inForce = thresholdsOf(readStackFile(stackFilePath(path.join(o.projectRoot, "stacks"), o.stack)));
  await withLock(store.dir, async () => {
    const before = (await store.load("overrides")) ?? NO_OVERRIDES;
    const nowMs = o.now.getTime();
    const after = o.lift
      ? withoutHold(before, o.pair)
      : withHold(before, {
          thresholds: o.pair,
          source: "veto",
          atMs: nowMs,
          untilMs: null,
          reason: `operator veto of ${pairText(o.pair)}`,
        });
    const reason = o.lift
      ? `operator lifted every hold on ${fmt(o.pair)}: the learner may propose it again`
      : `operator veto: ${fmt(o.pair)} is never applied until lifted (neuropilot veto --lift --pair ${pairText(o.pair)})`;
    await store.save("overrides", after, o.now);
    await store.appendDecision(
      baseEntry(o.stack, cycleIdOf(o.stack, o.now), o.now, "held", "veto", inForce, inForce, reason),
    );
    o.log.warn({ step: "veto", stack: o.stack, pair: o.pair, lift: o.lift }, reason);
  });
}
