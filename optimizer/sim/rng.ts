/*
 * Seeded randomness for the twin and its traces: no Math.random anywhere in the simulator.
 * `uniformAt(seed, i)` is a stateless hash (the same (seed, i) always gives the same number), so a trace value
 * depends only on its minute and the twin state needs no RNG state to be serialisable.
 */

/** 32-bit integer hash of (seed, index) (a splitmix/murmur finaliser), as an unsigned integer. */
export function hash32(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index | 0, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform number in [0, 1) determined by (seed, index). */
export function uniformAt(seed: number, index: number): number {
  return hash32(seed, index) / 4_294_967_296;
}

/** Standard normal number determined by (seed, index) (Box–Muller on two hashed uniforms). */
export function normalAt(seed: number, index: number): number {
  const u1 = Math.max(uniformAt(seed, 2 * index), 1e-12);
  const u2 = uniformAt(seed ^ 0x5bd1e995, 2 * index + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
