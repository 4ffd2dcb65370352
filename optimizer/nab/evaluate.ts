/*
 * Runs a detector over a NAB corpus (each file streamed from scratch) and scores it with every profile.
 * Pure apart from the detector passed in; the CLI adds file reading, timing and printing.
 */
import type { NabFile } from "./corpus";
import {
  fileRowValues,
  scoreCorpus,
  windowsToRows,
  type FileRowValues,
  type NabProfileName,
  type ProfileResult,
} from "./scoring";

/** Returns one anomaly score in [0, 1] per row of the file. */
export type NabDetector = (file: NabFile) => ArrayLike<number>;

export interface FileSummary {
  key: string;
  rows: number;
  windows: number;
  /** At the standard profile's threshold: windows detected and flagged rows outside windows. */
  detected: number;
  falsePositives: number;
}

export interface NabEvaluation {
  profiles: Record<NabProfileName, ProfileResult>;
  files: FileSummary[];
  points: number;
  /** Per-file scores and row values, for writing NAB results files. */
  scores: ArrayLike<number>[];
  rowValues: FileRowValues[];
}

export function evaluateNab(files: readonly NabFile[], detect: NabDetector): NabEvaluation {
  const scores: ArrayLike<number>[] = [];
  const rowValues: FileRowValues[] = [];
  let points = 0;
  for (const f of files) {
    let rows: FileRowValues;
    try {
      rows = fileRowValues(f.values.length, windowsToRows(f.timestamps, f.windows));
    } catch (err) {
      throw new Error(`${f.key}: ${(err as Error).message}`);
    }
    const s = detect(f);
    if (s.length !== f.values.length)
      throw new Error(`${f.key}: detector returned ${s.length} scores for ${f.values.length} rows`);
    scores.push(s);
    rowValues.push(rows);
    points += f.values.length;
  }
  const profiles = scoreCorpus(scores.map((s, i) => ({ scores: s, rows: rowValues[i] })));
  const threshold = profiles.standard.threshold;
  const summaries = files.map((f, i) => summarise(f.key, scores[i], rowValues[i], threshold));
  return { profiles, files: summaries, points, scores, rowValues };
}

function summarise(key: string, scores: ArrayLike<number>, rows: FileRowValues, threshold: number): FileSummary {
  const hit = new Set<number>();
  let falsePositives = 0;
  for (let i = rows.firstScored; i < scores.length; i++) {
    if (scores[i] < threshold) continue;
    if (rows.inWindow[i] >= 0) hit.add(rows.inWindow[i]);
    else falsePositives++;
  }
  return { key, rows: scores.length, windows: rows.windowCount, detected: hit.size, falsePositives };
}
