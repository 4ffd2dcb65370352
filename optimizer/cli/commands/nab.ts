/*
 * `neuropilot nab`: scores the anomaly detection ensemble on a NAB-layout corpus with NAB's published method
 * (three profiles, one threshold per profile over the whole corpus). See docs/anomaly-detection.md.
 */
import { UsageError } from "../usageError";
import { Option, type Command } from "commander";
import { defaultStackConfig, detectionSection, type DetectionConfig } from "../../../infra/config";
import { DETECTOR_NAMES, type DetectorName } from "../../detect/types";
import { loadNabCorpus } from "../../nab/corpus";
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
