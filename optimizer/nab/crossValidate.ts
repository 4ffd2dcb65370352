/*
 * Leave-one-category-out cross-validation of the detector on a NAB corpus. Pure apart from the detector passed in.
 *
 * A small, declared set of candidate settings is scored once over every file (the per-file scores do not depend on
 * the fold: every setting is global and no detector sees a label). For each fold, the held-out category is set
 * aside; on the other categories each candidate's pooled standard score is computed with NAB's threshold sweep, the
 * best candidate is kept, and so are its three per-profile thresholds. The held-out category is then scored with
 * that candidate at those thresholds: nothing about it (labels or scores) takes part in any choice.
 *
 * A category without label windows (artificialNoAnomaly) has no score of its own (NAB's normalisation divides by its
 * window count): it is still held out in its own fold, and its false positives count in the pooled figure (the
 * held-out raw scores of every fold summed and normalised over all windows, comparable with the in-sample pooled
 * score), but not in the mean of the folds.
 *
 * The in-sample figure is computed the same way without holding anything out (candidate and thresholds chosen on
 * the whole corpus, each category scored at them), so the two means differ only by what the choice could see.
 */
import type { NabFile } from "./corpus";
import {
  fileRowValues,
  NAB_PROFILE_NAMES,
  NAB_PROFILES,
  poolRows,
  scoreAtThreshold,
  sweepProfile,
  windowsToRows,
  type FileRowValues,
  type NabProfileName,
  type ScoredFile,
} from "./scoring";

export interface Candidate<T> {
  label: string;
  setting: T;
}

export type ProfileScores = Record<NabProfileName, number>;

export interface FoldResult {
  category: string;
  files: number;
  windows: number;
  /** Label of the candidate chosen on the other categories. */
  chosen: string;
  /** Held-out category scored with the chosen candidate at the thresholds chosen on the other categories (null: no windows). */
  heldOut: ProfileScores | null;
  /** Raw NAB score of the held-out category at those thresholds (for the pooled figure). */
  heldOutRaw: ProfileScores;
  /** The chosen candidate's pooled score on the training categories (what the choice saw). */
  training: ProfileScores;
  thresholds: ProfileScores;
}

export interface CrossValidation {
  folds: FoldResult[];
  /** Mean of the folds' held-out scores (folds with label windows). */
  mean: ProfileScores;
  /** Held-out raw scores of all folds summed, normalised over all windows (weights folds by their windows). */
  pooledHeldOut: ProfileScores;
  /** Candidate chosen on the whole corpus, each category scored at the whole-corpus thresholds, then averaged. */
  inSample: ProfileScores & { chosen: string };
  /** The whole-corpus pooled score of that candidate (what `neuropilot nab` prints for it). */
  pooled: ProfileScores;
  /** Pooled standard score of every candidate on the whole corpus, for the record. */
  candidates: { label: string; standard: number }[];
}

export type ScoreFile<T> = (file: NabFile, setting: T) => ArrayLike<number>;

function rowsOf(files: readonly NabFile[]): FileRowValues[] {
  return files.map((f) => {
    try {
      return fileRowValues(f.values.length, windowsToRows(f.timestamps, f.windows));
    } catch (err) {
      throw new Error(`${f.key}: ${(err as Error).message}`);
    }
  });
}

function sweepAll(scored: readonly ScoredFile[]): { score: ProfileScores; threshold: ProfileScores } {
  const pool = poolRows(scored);
  const score = {} as ProfileScores;
  const threshold = {} as ProfileScores;
  for (const p of NAB_PROFILE_NAMES) {
    const r = sweepProfile(pool, NAB_PROFILES[p]);
    score[p] = r.score;
    threshold[p] = r.threshold;
  }
  return { score, threshold };
}

function atThresholds(scored: readonly ScoredFile[], thresholds: ProfileScores) {
  const pool = poolRows(scored);
  const score = {} as ProfileScores;
  const raw = {} as ProfileScores;
  for (const p of NAB_PROFILE_NAMES) {
    const r = scoreAtThreshold(pool, NAB_PROFILES[p], thresholds[p]);
    score[p] = r.score;
    raw[p] = r.raw;
  }
  return { score, raw, windows: pool.windowCount };
}

/** NAB's normalisation of a raw total over `windows` windows. */
function normalise(raw: ProfileScores, windows: number): ProfileScores {
  const out = {} as ProfileScores;
  for (const p of NAB_PROFILE_NAMES) {
    const { tp, fn } = NAB_PROFILES[p];
    out[p] = windows === 0 ? 0 : (100 * (raw[p] + fn * windows)) / ((tp + fn) * windows);
  }
  return out;
}

function meanOf(list: readonly ProfileScores[]): ProfileScores {
  const out = {} as ProfileScores;
  for (const p of NAB_PROFILE_NAMES) out[p] = list.reduce((s, x) => s + x[p], 0) / Math.max(1, list.length);
  return out;
}

/** Picks the candidate with the best pooled standard score on `train` (ties: the earlier candidate). */
function choose(perCandidate: readonly ScoredFile[][], train: readonly number[]) {
  let best = -1;
  let bestSweep: ReturnType<typeof sweepAll> | undefined;
  perCandidate.forEach((scored, c) => {
    const sweep = sweepAll(train.map((i) => scored[i]));
    if (!bestSweep || sweep.score.standard > bestSweep.score.standard) {
      best = c;
      bestSweep = sweep;
    }
  });
  if (!bestSweep) throw new Error("cross-validation needs at least one candidate setting");
  return { index: best, ...bestSweep };
}

export function crossValidateByCategory<T>(
  files: readonly NabFile[],
  candidates: readonly Candidate<T>[],
  scoreFile: ScoreFile<T>,
): CrossValidation {
  const rows = rowsOf(files);
  const perCandidate: ScoredFile[][] = candidates.map((c) =>
    files.map((f, i) => {
      const scores = scoreFile(f, c.setting);
      if (scores.length !== f.values.length) {
        throw new Error(`${f.key}: detector returned ${scores.length} scores for ${f.values.length} rows`);
      }
      return { scores, rows: rows[i] };
    }),
  );
  const categories = [...new Set(files.map((f) => f.category))].sort();
  const members = (cat: string) => files.flatMap((f, i) => (f.category === cat ? [i] : []));
  const scoredCategories = categories.filter((c) => members(c).some((i) => rows[i].windowCount > 0));
  if (scoredCategories.length < 2) {
    throw new Error(`leave-one-category-out needs ≥ 2 categories with label windows, found ${scoredCategories.length}`);
  }
  const folds: FoldResult[] = categories.map((category) => {
    const held = members(category);
    const train = files.flatMap((f, i) => (f.category === category ? [] : [i]));
    const pick = choose(perCandidate, train);
    const heldOut = atThresholds(
      held.map((i) => perCandidate[pick.index][i]),
      pick.threshold,
    );
    return {
      category,
      files: held.length,
      windows: heldOut.windows,
      chosen: candidates[pick.index].label,
      heldOut: heldOut.windows > 0 ? heldOut.score : null,
      heldOutRaw: heldOut.raw,
      training: pick.score,
      thresholds: pick.threshold,
    };
  });
  const all = files.map((_, i) => i);
  const whole = choose(perCandidate, all);
  const inSampleByCategory = scoredCategories.map(
    (c) =>
      atThresholds(
        members(c).map((i) => perCandidate[whole.index][i]),
        whole.threshold,
      ).score,
  );
  const rawSum = {} as ProfileScores;
  for (const p of NAB_PROFILE_NAMES) rawSum[p] = folds.reduce((s, f) => s + f.heldOutRaw[p], 0);
  return {
    folds,
    mean: meanOf(folds.flatMap((f) => (f.heldOut ? [f.heldOut] : []))),
    pooledHeldOut: normalise(
      rawSum,
      folds.reduce((n, f) => n + f.windows, 0),
    ),
    inSample: { ...meanOf(inSampleByCategory), chosen: candidates[whole.index].label },
    pooled: whole.score,
    candidates: candidates.map((c, k) => ({ label: c.label, standard: sweepAll(perCandidate[k]).score.standard })),
  };
}
