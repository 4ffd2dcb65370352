/*
 * `neuropilot nab`: scores the anomaly detection ensemble on a NAB-layout corpus with NAB's published method
 * (three profiles, one threshold per profile over the whole corpus). See docs/anomaly-detection.md.
 */
import { UsageError } from "../usageError";
import { Option, type Command } from "commander";
import { defaultStackConfig, detectionSection, type DetectionConfig } from "../../../infra/config";
import { DETECTOR_NAMES, type DetectorName } from "../../detect/types";
import { loadNabCorpus } from "../../nab/corpus";
import { crossValidateByCategory, type CrossValidation, type ProfileScores } from "../../nab/crossValidate";
import { CV_GRID_NAMES, cvCandidates, type CvGridName } from "../../nab/cvGrid";
import { ensembleNabDetector, NAB_DETECTOR_NAME } from "../../nab/detector";
import { evaluateNab, type NabEvaluation } from "../../nab/evaluate";
import { writeNabResults } from "../../nab/resultsWriter";
import { EXIT } from "../exitCodes";

interface NabOptions {
  data: string;
  labels: string;
  out?: string;
  json?: boolean;
  detectors?: string;
  set: string[];
  cv?: string;
  grid: string;
}

/** Applies `--set key=value` overrides to the default detection settings, validated by the config schema. */
function detectionConfig(overrides: readonly string[]): DetectionConfig {
  const raw: Record<string, unknown> = { ...defaultStackConfig().detection };
  for (const o of overrides) {
    const eq = o.indexOf("=");
    if (eq < 1) throw new UsageError(`--set ${o}: expected key=value (a key of neuropilot:detection)`);
    const value = Number(o.slice(eq + 1));
    raw[o.slice(0, eq)] = Number.isFinite(value) ? value : o.slice(eq + 1);
  }
  const r = detectionSection.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`--set: neuropilot:detection${i.path.map((k) => `.${String(k)}`).join("")}: ${i.message}`);
  }
  return r.data;
}

function parseDetectors(list: string | undefined): DetectorName[] | undefined {
  if (list === undefined) return undefined;
  const names = list.split(",").map((s) => s.trim());
  for (const n of names) {
    if (!(DETECTOR_NAMES as readonly string[]).includes(n)) {
      throw new UsageError(`--detectors: unknown detector "${n}" (choose from ${DETECTOR_NAMES.join(", ")})`);
    }
  }
  return names as DetectorName[];
}

export function nabSummary(e: NabEvaluation, files: number, seconds: number): Record<string, number> {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    standard: round(e.profiles.standard.score),
    reward_low_FP_rate: round(e.profiles.reward_low_FP_rate.score),
    reward_low_FN_rate: round(e.profiles.reward_low_FN_rate.score),
    files,
    points: e.points,
    seconds: round(seconds),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const profileFigures = (p: ProfileScores) => ({
  standard: round2(p.standard),
  reward_low_FP_rate: round2(p.reward_low_FP_rate),
  reward_low_FN_rate: round2(p.reward_low_FN_rate),
});

/** `--cv category` output: the cross-validated mean in today's shape, plus the folds and the in-sample figure. */
export function cvSummary(
  cv: CrossValidation,
  files: number,
  points: number,
  seconds: number,
): Record<string, unknown> {
  return {
    ...profileFigures(cv.mean),
    files,
    points,
    seconds: round2(seconds),
    cv: "category",
    folds: cv.folds.map((f) => ({
      category: f.category,
      files: f.files,
      windows: f.windows,
      chosen: f.chosen,
      ...(f.heldOut
        ? profileFigures(f.heldOut)
        : { standard: null, note: "no label windows: false positives count in pooledHeldOut only" }),
    })),
    pooledHeldOut: profileFigures(cv.pooledHeldOut),
    inSample: { ...profileFigures(cv.inSample), chosen: cv.inSample.chosen },
    pooled: profileFigures(cv.pooled),
    candidates: cv.candidates.map((c) => ({ label: c.label, standard: round2(c.standard) })),
  };
}

function cvTable(cv: CrossValidation, seconds: number): string {
  const row = (name: string, p: ProfileScores, extra: string) =>
    `${name.padEnd(24)} ${p.standard.toFixed(2).padStart(7)} ${p.reward_low_FP_rate.toFixed(2).padStart(7)} ${p.reward_low_FN_rate.toFixed(2).padStart(7)}  ${extra}`;
  const lines = [
    `${"held-out category".padEnd(24)} ${"std".padStart(7)} ${"lowFP".padStart(7)} ${"lowFN".padStart(7)}  chosen on the others`,
  ];
  for (const f of cv.folds) {
    lines.push(
      f.heldOut
        ? row(f.category, f.heldOut, f.chosen)
        : `${f.category.padEnd(24)} (no windows; its FPs count in the pooled figure)  ${f.chosen}`,
    );
  }
  lines.push(row("mean (cross-validated)", cv.mean, "mean of the folds with windows"));
  lines.push(row("pooled held-out", cv.pooledHeldOut, "all folds' held-out rows, over all windows"));
  lines.push(row("in-sample (same method)", cv.inSample, cv.inSample.chosen));
  lines.push(row("in-sample pooled", cv.pooled, "(what `neuropilot nab` prints)"));
  lines.push(`${seconds.toFixed(2)} s`);
  return lines.join("\n");
}

function table(e: NabEvaluation, seconds: number): string {
  const lines = [
    `${"file".padEnd(58)} ${"rows".padStart(6)} ${"windows".padStart(7)} ${"detected".padStart(8)} ${"FP".padStart(4)}`,
  ];
  for (const f of e.files) {
    lines.push(
      `${f.key.padEnd(58)} ${String(f.rows).padStart(6)} ${String(f.windows).padStart(7)} ${String(f.detected).padStart(8)} ${String(f.falsePositives).padStart(4)}`,
    );
  }
  lines.push("(detected / FP at the standard profile's threshold)", "");
  for (const [name, p] of Object.entries(e.profiles)) {
    lines.push(
      `${name.padEnd(20)} score ${p.score.toFixed(2).padStart(6)}  threshold ${p.threshold.toFixed(5)}  TP ${p.truePositives}  FP ${p.falsePositives}  FN ${p.falseNegatives}`,
    );
  }
  lines.push(`${e.files.length} files, ${e.points} points, ${seconds.toFixed(2)} s`);
  return lines.join("\n");
}

export function register(program: Command): void {
  program
    .command("nab")
    .description("score the anomaly detector on a Numenta Anomaly Benchmark corpus (standard, low-FP, low-FN profiles)")
    .addOption(
      new Option("--data <dir>", "NAB-layout data directory (<category>/<file>.csv)")
        .env("NEUROPILOT_NAB_DATA")
        .makeOptionMandatory(),
    )
    .addOption(
      new Option("--labels <file>", "NAB combined_windows.json").env("NEUROPILOT_NAB_LABELS").makeOptionMandatory(),
    )
    .option("--out <dir>", "also write per-point scores in NAB's results layout under this directory")
    .option("--detectors <list>", `comma-separated subset of ${DETECTOR_NAMES.join(",")} (default: all)`)
    .option("--json", "print one JSON object instead of the table")
    .option("--cv <by>", "cross-validate: leave one category out (the only choice: category)")
    .option("--grid <name>", `settings searched inside each fold with --cv (${CV_GRID_NAMES.join(", ")})`, "small")
    .option(
      "--set <key=value>",
      "override a neuropilot:detection setting (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .action((opts: NabOptions) => {
      try {
        const detectors = parseDetectors(opts.detectors);
        const files = loadNabCorpus(opts.data, opts.labels);
        const config = detectionConfig(opts.set);
        const started = performance.now();
        if (opts.cv !== undefined) {
          if (opts.cv !== "category") throw new UsageError(`--cv ${opts.cv}: the only choice is "category"`);
          if (opts.out) throw new UsageError("--out cannot be combined with --cv (write results without --cv)");
          if (!(CV_GRID_NAMES as string[]).includes(opts.grid)) {
            throw new UsageError(`--grid ${opts.grid}: choose from ${CV_GRID_NAMES.join(", ")}`);
          }
          const grid = opts.grid as CvGridName;
          const cv = crossValidateByCategory(files, cvCandidates(config, grid), (f, c) =>
            ensembleNabDetector(c, detectors)(f),
          );
          const seconds = (performance.now() - started) / 1000;
          const points = files.reduce((n, f) => n + f.values.length, 0);
          process.stdout.write(
            opts.json
              ? `${JSON.stringify(cvSummary(cv, files.length, points, seconds))}\n`
              : `${cvTable(cv, seconds)}\n`,
          );
          return;
        }
        const evaluation = evaluateNab(files, ensembleNabDetector(config, detectors));
        const seconds = (performance.now() - started) / 1000;
        if (opts.out) {
          writeNabResults(opts.out, NAB_DETECTOR_NAME, files, evaluation.scores, evaluation.rowValues);
        }
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(nabSummary(evaluation, files.length, seconds))}\n`
            : `${table(evaluation, seconds)}\n`,
        );
      } catch (err) {
        process.stderr.write(`neuropilot nab: ${(err as Error).message}\n`);
        process.exitCode = err instanceof UsageError ? EXIT.usage : EXIT.failure;
      }
    });
}
