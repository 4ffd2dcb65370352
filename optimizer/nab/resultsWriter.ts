import { writeFileAtomic } from "../core/atomicFile";
/*
 * Adapter: writes per-point scores in NAB's results layout, DIR/<detector>/<category>/<detector>_<file>.csv with
 * columns timestamp,value,anomaly_score,label (label 1 inside a label window), so NAB's own scorer can cross-check.
 */
import { join } from "node:path";
import type { NabFile } from "./corpus";
import type { FileRowValues } from "./scoring";

export function formatNabTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

export function resultsCsv(file: NabFile, scores: ArrayLike<number>, rows: FileRowValues): string {
  const lines = ["timestamp,value,anomaly_score,label"];
  for (let i = 0; i < file.values.length; i++) {
    lines.push(
      `${formatNabTimestamp(file.timestamps[i])},${file.values[i]},${scores[i]},${rows.inWindow[i] >= 0 ? 1 : 0}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export function writeNabResults(
  outDir: string,
  detectorName: string,
  files: readonly NabFile[],
  scores: readonly ArrayLike<number>[],
  rows: readonly FileRowValues[],
): string[] {
  const written: string[] = [];
  files.forEach((f, i) => {
    const path = join(outDir, detectorName, f.category, `${detectorName}_${f.name}`);
    writeFileAtomic(path, resultsCsv(f, scores[i], rows[i]));
    written.push(path);
  });
  return written;
}
