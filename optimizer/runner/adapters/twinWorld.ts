import * as fs from "node:fs";
import { z } from "zod";
import { thresholdsOf, type StackConfig } from "../../../infra/config";
import { readStackFile, readStackFileValues, withStackValues } from "../../../infra/config/stackFile";
import { writeFileAtomic } from "../../core/atomicFile";
import type { SignalSet, Thresholds } from "../../core/types";
import { twinParamsFromConfig } from "../../sim/params";
import type { TraceSpec } from "../../sim/traces";
import { advance, createTwin, type ScalingAction, type TwinState } from "../../sim/twin";
import type { FileStateStore } from "../../state/fileStateStore";
import { DOCUMENT_KINDS, STATE_FILES, STATE_SCHEMA_VERSION } from "../../state/layout";
import { thresholdsSchema } from "../../state/schemas";
import { PolicyViolationError } from "../portErrors";
import type { ConfigSnapshot, DeployPreview, DeploymentTarget, MetricsSource, MetricsWindow } from "../ports";

/*
 * The embedded world: the digital twin stands in for both the metrics source (its simulated series) and the
 * deployment target (thresholds "deployed" to its simulated Auto Scaling group). The stack config is a real
 * Pulumi stack file (a copy of stacks/Pulumi.<stack>.yaml) edited exactly as in production; every preview runs
 * the real policy pack in-process over the resources the real program registers (see checkPolicies).
 */

const TWIN_FILE = STATE_FILES.twin;
const TWIN_KIND = DOCUMENT_KINDS.twin;
const TWIN_VERSION = STATE_SCHEMA_VERSION;

/** twin.json: the fields the adapter relies on are checked; the twin's own state is its module's business. */
const twinWorldSchema = z.looseObject({
  twin: z.looseObject({ startMs: z.number().finite(), minute: z.number().int().min(0) }),
  deployed: thresholdsSchema,
  actions: z.array(z.unknown()),
});

interface TwinWorldState {
  twin: TwinState;
  /** Thresholds applied by the last successful `up`. */
  deployed: Thresholds;
  actions: ScalingAction[];
  /** The last window simulated, so fetching it again (e.g. a real run after a dry run) returns the same data. */
  lastWindow?: { startMs: number; endMs: number; signals: SignalSet };
}

/** Evaluates the policy pack for a candidate config; returns the violations (mandatory ones block). */
export type PolicyCheck = (config: StackConfig) => Promise<DeployPreview["violations"]>;

export class TwinWorld {
  constructor(
    private readonly store: FileStateStore,
    readonly stackFile: string,
  ) {}

  /** Creates the world at `startMs` from the stack file's config, unless one exists already. */
  init(trace: TraceSpec, startMs: number, now: Date): void {
    if (this.store.read<TwinWorldState>(TWIN_FILE, TWIN_KIND, TWIN_VERSION)) return;
    const config = this.config();
    const twin = createTwin(twinParamsFromConfig(config), trace, startMs);
    this.save({ twin, deployed: thresholdsOf(config), actions: [] }, now);
  }

  config(): StackConfig {
    return readStackFile(this.stackFile);
  }

  state(): TwinWorldState {
    const s = this.store.read<TwinWorldState>(TWIN_FILE, TWIN_KIND, TWIN_VERSION);
    if (!s) throw new Error(`${this.store.file(TWIN_FILE)}: no twin yet (call init first)`);
    this.store.check(TWIN_FILE, twinWorldSchema, s, "invalid content");
    return s;
  }

  save(s: TwinWorldState, now: Date): void {
    this.store.write(TWIN_FILE, TWIN_KIND, TWIN_VERSION, s, now);
  }

  /** The simulated clock: the end of the last simulated minute. */
  nowMs(): number {
    const { twin } = this.state();
    return twin.startMs + twin.minute * 60_000;
  }
}

/** Metrics from the twin: advancing it over the window with the deployed thresholds. */
export class TwinMetricsSource implements MetricsSource {
  readonly name = "digital twin";
  constructor(
    private readonly world: TwinWorld,
    private readonly clockNow: () => Date,
  ) {}

  latestCompleteMs(nowMs: number): number {
    return nowMs;
  }

  async fetch(w: MetricsWindow) {
    const s = this.world.state();
    if (s.lastWindow && s.lastWindow.startMs === w.startMs && s.lastWindow.endMs === w.endMs)
      return { signals: s.lastWindow.signals, issues: [] };
    const twinNow = s.twin.startMs + s.twin.minute * 60_000;
    if (w.startMs < twinNow - 1)
      throw new Error(
        `twin: window starts at ${new Date(w.startMs).toISOString()}, before the twin's clock ${new Date(twinNow).toISOString()}`,
      );
    // minutes between the twin's clock and the window start are simulated too (e.g. a skipped cycle)
    const lead = Math.round((w.startMs - twinNow) / 60_000);
    const minutes = Math.round((w.endMs - w.startMs) / 60_000);
    let twin = s.twin;
    const actions = [...s.actions];
    if (lead > 0) {
      const r = advance(twin, lead, s.deployed);
      twin = r.state;
      actions.push(...r.actions);
    }
    const r = advance(twin, minutes, s.deployed);
    actions.push(...r.actions);
    this.world.save(
      {
        ...s,
        twin: r.state,
        actions: actions.slice(-500),
        lastWindow: { startMs: w.startMs, endMs: w.endMs, signals: r.signals },
      },
      this.clockNow(),
    );
    return { signals: r.signals, issues: [] };
  }
}

/** Deployment to the twin: stack config in a real stack file, policies checked in-process, `up` = apply to the twin. */
export class TwinDeploymentTarget implements DeploymentTarget {
  readonly name: string;
  constructor(
    private readonly world: TwinWorld,
    private readonly checkPolicies: PolicyCheck,
    private readonly clockNow: () => Date,
  ) {
    this.name = `digital twin (${world.stackFile})`;
  }

  async readConfig(): Promise<Record<string, unknown>> {
    return readStackFileValues(this.world.stackFile);
  }

  async readThresholds(): Promise<Thresholds> {
    return thresholdsOf(this.world.config());
  }

  async snapshot(): Promise<ConfigSnapshot> {
    return { description: this.world.stackFile, content: fs.readFileSync(this.world.stackFile, "utf8") };
  }

  async restore(s: ConfigSnapshot): Promise<void> {
    writeFileAtomic(this.world.stackFile, s.content);
  }

  async writeThresholds(t: Thresholds): Promise<void> {
    const text = fs.readFileSync(this.world.stackFile, "utf8");
    writeFileAtomic(this.world.stackFile, withStackValues(text, { ...t }));
  }

  async preview(): Promise<DeployPreview> {
    const config = this.world.config();
    const violations = await this.checkPolicies(config);
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
    if (mandatory.length > 0) throw new PolicyViolationError("preview", mandatory);
    const deployed = this.world.state().deployed;
    const changed =
      deployed.scaleOutCpuThreshold !== config.scaleOutCpuThreshold ||
      deployed.scaleInCpuThreshold !== config.scaleInCpuThreshold;
    return { changeSummary: changed ? { update: 1 } : { same: 1 }, violations };
  }

  async up() {
    const p = await this.preview();
    const config = this.world.config();
    const s = this.world.state();
    const thresholds = thresholdsOf(config);
    this.world.save({ ...s, deployed: thresholds }, this.clockNow());
    return { ...p, outputs: { thresholds } };
  }
}
