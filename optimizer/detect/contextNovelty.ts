/*
 * Contextual novelty (in the spirit of CAD OSE's "novelty of unseen contexts"): each value is quantised into one of
 * `bins` equal bins spanning the range of the first `rangePoints` values (values outside that range get bins
 * beyond it, clamped to one range-width either side), and the context of a point is the sequence of the last
 * `length` bins. The novelty of a point is 1 / (1 + times its context was seen before): 1 for a never-seen
 * transition, ½ for the second sighting, … It is silent (0) while the range is being learnt; then the stored
 * first values are replayed into the context table so the learning period counts as seen behaviour.
 * Memory is bounded: at most (3·bins + 1)^length contexts and `rangePoints` stored values.
 */
export interface ContextNoveltyOptions {
  bins: number;
  length: number;
  rangePoints: number;
}

export class ContextNoveltyDetector {
  private readonly counts = new Map<number, number>();
  private readonly learning: number[] = [];
  private readonly recent: number[];
  private readonly radix: number;
  private low = 0;
  private width = 1;
  private rangeKnown = false;
  private filled = 0;

  constructor(private readonly options: ContextNoveltyOptions) {
    const { bins, length, rangePoints } = options;
    if (!Number.isInteger(bins) || bins < 2) throw new Error(`context bins must be an integer ≥ 2, got ${bins}`);
    if (!Number.isInteger(length) || length < 1 || length > 4) throw new Error(`context length must be 1 … 4, got ${length}`);
    if (!Number.isInteger(rangePoints) || rangePoints < 2) throw new Error(`context range points must be ≥ 2, got ${rangePoints}`);
    this.recent = new Array<number>(length).fill(0);
    this.radix = 3 * bins + 1;
  }

  /** True once the bin range is learnt (before that, update returns 0 and means "no opinion"). */
  get ready(): boolean {
    return this.rangeKnown;
  }

  /** Novelty of this value's context in [0, 1] (0 while the range is being learnt). */
  update(value: number): number {
    if (!this.rangeKnown) {
      this.learning.push(value);
      if (this.learning.length >= this.options.rangePoints) this.freezeRange();
      return 0;
    }
    return this.observe(value);
  }

  private freezeRange(): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of this.learning) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.low = lo;
    this.width = hi > lo ? (hi - lo) / this.options.bins : Math.max(1e-9, Math.abs(lo) * 1e-6);
    this.rangeKnown = true;
    for (const v of this.learning) this.observe(v);
    this.learning.length = 0;
  }

  private observe(value: number): number {
    const { bins, length } = this.options;
    const raw = Math.floor((value - this.low) / this.width);
    const bin = (raw < -bins ? -bins : raw > 2 * bins ? 2 * bins : raw) + bins;
    for (let k = 0; k < length - 1; k++) this.recent[k] = this.recent[k + 1];
    this.recent[length - 1] = bin;
    if (++this.filled < length) return 0;
    let key = 0;
    for (let k = 0; k < length; k++) key = key * this.radix + this.recent[k];
    const seen = this.counts.get(key) ?? 0;
    this.counts.set(key, seen + 1);
    return 1 / (1 + seen);
  }
}

