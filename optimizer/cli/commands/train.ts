/*
 * `neuropilot train`: incremental training of the k-means anomaly model from a CSV (timestamp,value) or a JSON
 * metrics history; warm-starts from the model at --model and saves the new one there atomically.
 */
import { UsageError } from "../usageError";
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { defaultStackConfig } from "../../../infra/config";
import { SIGNALS, type SignalName, type TimeSeries } from "../../core/types";
import { trainAndSave } from "../../detect/modelStore";
import { loadHistory } from "../../metrics/historyFile";
import { parseTimestampValueCsv } from "../../nab/corpus";
import { EXIT } from "../exitCodes";

interface TrainCliOptions {
  input: string;
  model: string;
  seed?: string;
  signal: string;
  json?: boolean;
}

async function readPoints(input: string, signal: string): Promise<TimeSeries> {
  if (!input.toLowerCase().endsWith(".json")) {
    let text: string;
    try {
      text = readFileSync(input, "utf8");
    } catch (err) {
      throw new UsageError(`--input ${input}: cannot read: ${(err as Error).message}`);
    }
    return parseTimestampValueCsv(text, input);
  }
  if (!(SIGNALS as readonly string[]).includes(signal)) {
    throw new UsageError(`--signal: unknown signal "${signal}" (choose from ${SIGNALS.join(", ")})`);
  }
  const history = await loadHistory(input);
  if (!history) throw new UsageError(`--input ${input}: file not found`);
  return history.signals[signal as SignalName];
}

export function register(program: Command): void {
  program
    .command("train")
    .description("train the k-means anomaly model incrementally (warm start from the previous model)")
    .requiredOption("--input <file>", "CSV with timestamp,value rows, or a JSON metrics history (schemaVersion 1)")
    .option("--model <path>", "model JSON to warm-start from and overwrite", "state/model.json")
    .option("--seed <n>", "k-means seed (default: neuropilot:detection.seed)")
    .option("--signal <name>", "signal to train on when --input is a metrics history", "cpu")
    .option("--json", "print the outcome as JSON")
    .action(async (opts: TrainCliOptions) => {
      try {
        const seed = opts.seed === undefined ? undefined : Number(opts.seed);
        if (seed !== undefined && !Number.isInteger(seed))
          throw new UsageError(`--seed: expected an integer, got "${opts.seed}"`);
        const points = await readPoints(opts.input, opts.signal);
        const signal = opts.input.toLowerCase().endsWith(".json") ? opts.signal : "value";
        const result = trainAndSave(opts.model, points, { config: defaultStackConfig().detection, seed, signal });
        const outcome = {
          status: result.status,
          samples: result.samples,
          loss: result.loss,
          converged: result.converged,
          runs: result.model?.runs ?? 0,
          model: result.status === "trained" ? opts.model : null,
          log: result.log,
        };
        if (opts.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
        else {
          process.stdout.write(`${result.log.join("\n")}\n`);
          process.stdout.write(
            result.status === "trained"
              ? `model saved to ${opts.model} (run ${outcome.runs})\n`
              : `insufficient samples: nothing trained, ${opts.model} left unchanged\n`,
          );
        }
        if (result.status === "insufficient-samples") process.exitCode = EXIT.refused;
      } catch (err) {
        process.stderr.write(`neuropilot train: ${(err as Error).message}\n`);
        process.exitCode = err instanceof UsageError ? EXIT.usage : EXIT.failure;
      }
    });
}
