import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { trainAndSave } from "../../optimizer/detect/modelStore";
import type { LearnerState } from "../../optimizer/learn/types";
import { loadHistory } from "../../optimizer/metrics/historyFile";
import { runReport, type ReportRun } from "../../optimizer/report/app/runReport";
import { STATE_SCHEMA_VERSION as RUNNER_SCHEMA_VERSION } from "../../optimizer/state/layout";
import { createRig, type Rig } from "../support/runner/twinRig";

/*
 * The report's learning section comes from the threshold learner (learner.json and its decisions in decisions.jsonl),
 * not from the k-means anomaly model (model.json), whose training state belongs to the anomaly section. Real cycles
 * on the twin (the embedded run's adapters), the real trainer, the report command's code path.
 */

let rig: Rig | undefined;
afterEach(() => rig?.cleanup());

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function report(r: Rig, nowMs: number): Promise<ReportRun> {
  const date = new Date(nowMs - 86_400_000).toISOString().slice(0, 10);
  return runReport(
    {
      stack: r.stack,
      date,
      stateDir: path.dirname(r.store.dir),
      outDir: path.join(r.dir, "reports"),
      stacksDir: path.dirname(r.stackFile),
      notify: false,
    },
    { env: {}, nowMs: () => nowMs, log: quiet },
  );
}

/** 12 real cycles (3 simulated days) and one training run of the anomaly model on the collected history. */
async function threeDays(): Promise<{ r: Rig; nowMs: number }> {
  const r = createRig();
  for (let i = 1; i <= 12; i++) await r.cycle(i);
  const history = await loadHistory(r.store.file("metrics-history.json"));
  trainAndSave(r.store.file("model.json"), history!.signals.cpu, { config: r.config().detection, signal: "cpu" });
  return { r, nowMs: r.deps.clock.now().getTime() };
}

describe("report learning section", () => {
  it("reports the threshold learner's state and decisions; the anomaly model's loss stays in the anomaly section", async () => {
    const { r, nowMs } = await threeDays();
    rig = r;
    const learner = r.store.read<LearnerState>("learner.json", "learner-state", RUNNER_SCHEMA_VERSION)!;
    const actions = r.decisions().map((e) => e.learner?.decision.action);
    const run = await report(r, nowMs);
    const l = run.report!.learning;
    expect(l.available).toBe(true);
    expect(l.cycles).toBe(learner.cycle);
    expect(l.daysLearning).toBe((learner.cycle * r.config().learning.cycleHours) / 24);
    expect(l.converged).toBe(learner.converged);
    expect(l.pairsTried).toBe(Object.keys(learner.pairs).length);
    expect(l.unsafePairs).toBe(learner.unsafe.length);
    expect(l.explorations).toBe(actions.filter((a) => a === "explore").length);
    expect(l.backOffs).toBe(actions.filter((a) => a === "back-off").length);
    // the pair in force at the end of the report day (a change at midnight belongs to the next day)
    expect(l.inForce).toEqual(run.report!.decisions.thresholdsAtEnd);
    const model = JSON.parse(fs.readFileSync(r.store.file("model.json"), "utf8")) as { loss: number };
    expect(run.report!.anomalies.model?.loss).toBeCloseTo(model.loss, 4);
    expect(JSON.stringify(l)).not.toContain("loss");
    const md = fs.readFileSync(run.files!.markdown, "utf8");
    const anomalySection = md.slice(md.indexOf("## Anomalies"), md.indexOf("## Learning status"));
    expect(anomalySection).toMatch(/Anomaly model \(k-means, `neuropilot train`\): loss /);
  });

  it("says the learner converged (and since when) while the anomaly model has not, and recommends no band narrowing", async () => {
    // the state of `npm start` after 14 days: the learner converged at cycle 39 (day 9.75), the k-means model not
    const { r, nowMs } = await threeDays();
    rig = r;
    const learner = r.store.read<LearnerState>("learner.json", "learner-state", RUNNER_SCHEMA_VERSION)!;
    r.store.write(
      "learner.json",
      "learner-state",
      RUNNER_SCHEMA_VERSION,
      { ...learner, cycle: 56, converged: true, convergedAtCycle: 39 },
      new Date(nowMs),
    );
    const modelFile = r.store.file("model.json");
    const model = JSON.parse(fs.readFileSync(modelFile, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(modelFile, JSON.stringify({ ...model, converged: false, runs: 14 }));

    const rep = (await report(r, nowMs)).report!;
    expect(rep.learning).toMatchObject({
      converged: true,
      convergedSinceDay: 9.75,
      convergedAtCycle: 39,
      daysLearning: 14,
    });
    expect(rep.anomalies.model?.converged).toBe(false);
    const ids = rep.recommendations.map((x) => x.id);
    expect(ids).toContain("learning-converged");
    expect(ids).not.toContain("learning-slow");
    const text = rep.recommendations.map((x) => x.text).join("\n");
    expect(text).not.toMatch(/not converged after/);
    expect(text).toContain("converged on day 9.75");
    expect(rep.health.components.find((c) => c.name === "learning")).toMatchObject({ score: 100 });
  });
});
