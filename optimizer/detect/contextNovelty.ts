/*
 * Contextual novelty (in the spirit of CAD OSE's "novelty of unseen contexts"): each value is quantised into equal
 * bins spanning the range of the first `rangePoints` values (values outside that range get bins beyond it, clamped
 * to one range-width either side), and the context of a point is the sequence of the last `length` bins. The
 * novelty of a point at one resolution is 1 / (1 + times its context was seen before): 1 for a never-seen
 * transition, ½ for the second sighting, … The detector works at `scales` resolutions (bins, 2·bins, 4·bins, …)
 * and reports the mean novelty, which makes it less sensitive to where the bin edges happen to fall.
 * It is silent (0) while the range is being learnt; then the stored first values are replayed into the context
 * tables so the learning period counts as seen behaviour.
 * Memory is bounded: at most (3·bins·2^s + 1)^length contexts per scale and `rangePoints` stored values.
 */
export interface ContextNoveltyOptions {
  /** Bins over the learnt range at the coarsest resolution. */
  bins: number;
  /** Bins per context. */
  length: number;
  /** Values that set the range. */
  rangePoints: number;
  /** Resolutions: bins, 2·bins, … (default 1). */
  scales?: number;
}

class ContextTable {
  private readonly counts = new Map<number, number>();
  private readonly recent: number[];
  private readonly radix: number;
  private filled = 0;

  constructor(
    private readonly bins: number,
    private readonly length: number,
  ) {
    this.recent = new Array<number>(length).fill(0);
    this.radix = 3 * bins + 1;
  }

  /** `position` is the value's place in the learnt range (0 … 1 inside it). */
  observe(position: number): number {
    const { bins, length } = this;
    const raw = Math.floor(position * bins);
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

export class ContextNoveltyDetector {
  private readonly tables: ContextTable[] = [];
  private readonly learning: number[] = [];
  private low = 0;
  private range = 1;
  private rangeKnown = false;

  constructor(private readonly options: ContextNoveltyOptions) {
    const { bins, length, rangePoints } = options;
    const scales = options.scales ?? 1;
    if (!Number.isInteger(bins) || bins < 2) throw new Error(`context bins must be an integer ≥ 2, got ${bins}`);
    if (!Number.isInteger(length) || length < 1 || length > 4)
      throw new Error(`context length must be 1 … 4, got ${length}`);
    if (!Number.isInteger(rangePoints) || rangePoints < 2)
      throw new Error(`context range points must be ≥ 2, got ${rangePoints}`);
    if (!Number.isInteger(scales) || scales < 1 || scales > 4)
      throw new Error(`context scales must be 1 … 4, got ${scales}`);
    for (let s = 0; s < scales; s++) this.tables.push(new ContextTable(bins * 2 ** s, length));
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
    this.range = hi > lo ? hi - lo : Math.max(1e-9, Math.abs(lo) * 1e-6) * this.options.bins;
    this.rangeKnown = true;
    for (const v of this.learning) this.observe(v);
    this.learning.length = 0;
  }

  private observe(value: number): number {
    const position = (value - this.low) / this.range;
    let total = 0;
    for (const t of this.tables) total += t.observe(position);
    return total / this.tables.length;
  }
}
