import type { QualityIssue, SignalName } from "../../../optimizer/core/types";
import type { DeploymentTarget, MetricsSource, MetricsWindow } from "../../../optimizer/runner/ports";
import { FileStateStore } from "../../../optimizer/state/fileStateStore";

/*
 * Failure injectors around the real adapters: each delegates to the wrapped adapter and changes one thing.
 */

/** Adds `issue` to every fetch (e.g. a blocking data-quality finding), optionally only while `when(window)` holds. */
export function withQualityIssue(
  inner: MetricsSource,
  issue: QualityIssue,
  when: (w: MetricsWindow) => boolean = () => true,
): MetricsSource {
  return {
    name: `${inner.name} + quality issue`,
    latestCompleteMs: (nowMs) => inner.latestCompleteMs(nowMs),
    fetch: async (w) => {
      const r = await inner.fetch(w);
      return when(w) ? { signals: r.signals, issues: [...r.issues, issue] } : r;
    },
  };
}

/** Sets the last `points` samples of `signal` to `value` (a spike still going on at the end of the window). */
export function withSpikeAtEnd(inner: MetricsSource, signal: SignalName, points: number, value: number): MetricsSource {
  return {
    name: `${inner.name} + spike`,
    latestCompleteMs: (nowMs) => inner.latestCompleteMs(nowMs),
    fetch: async (w) => {
      const r = await inner.fetch(w);
      const s = r.signals[signal];
      const values = s.values.map((v, i) => (i >= s.values.length - points ? value : v));
      return { signals: { ...r.signals, [signal]: { timestamps: s.timestamps, values } }, issues: r.issues };
    },
  };
}

/**
 * The first `up` applies the change on the wrapped target and then throws (a deployment that failed half way);
 * later calls (the rollback's redeploy) go through. `calls` counts every `up`.
 */
export function upFailsOnce(inner: DeploymentTarget, message: string): DeploymentTarget & { calls: number } {
  const t = {
    calls: 0,
    name: `${inner.name} (up fails once)`,
    readConfig: () => inner.readConfig(),
    readThresholds: () => inner.readThresholds(),
    snapshot: () => inner.snapshot(),
    restore: (s: Parameters<DeploymentTarget["restore"]>[0]) => inner.restore(s),
    writeThresholds: (th: Parameters<DeploymentTarget["writeThresholds"]>[0]) => inner.writeThresholds(th),
    preview: () => inner.preview(),
    up: async () => {
      t.calls += 1;
      const r = await inner.up();
      if (t.calls === 1) throw new Error(`${message}\n(details on the next line)`);
      return r;
    },
  };
  return t;
}

/** A state store whose first write of `failing` throws (a crash while the cycle records its decision). */
export class StoreFailingOnce extends FileStateStore {
  failed = false;
  constructor(
    dir: string,
    private readonly failing: string,
  ) {
    super(dir);
  }

  override write<T>(name: string, kind: string, schemaVersion: number, data: T, now: Date): void {
    if (name === this.failing && !this.failed) {
      this.failed = true;
      throw new Error(`simulated crash while writing ${name}`);
    }
    super.write(name, kind, schemaVersion, data, now);
  }
}
