/*
 * Repeat suppression for alarm scores. NAB credits only the earliest flag inside a label window, and repeated flags
 * after it cost false positives; an operator also wants one alarm per event, not one per point. A point keeps its
 * score only when it is higher than every score of the previous `points` points, else it reports 0. No alarm
 * threshold is needed: at any threshold, a suppressed point had an equal or higher point flagged shortly before.
 */
export class RepeatSuppressor {
  private readonly recent: Float64Array;
  private head = 0;

  constructor(points: number) {
    if (!Number.isInteger(points) || points < 0)
      throw new Error(`repeat suppression points must be an integer ≥ 0, got ${points}`);
    this.recent = new Float64Array(points);
  }

  update(score: number): number {
    const n = this.recent.length;
    if (n === 0) return score;
    let max = 0;
    for (let i = 0; i < n; i++) if (this.recent[i] > max) max = this.recent[i];
    this.recent[this.head] = score;
    this.head = (this.head + 1) % n;
    return score > max ? score : 0;
  }
}
