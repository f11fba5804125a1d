/** Σ_f a[ao+f]·b[bo+f] over `n` entries. */
export function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let f = 0; f < n; f++) s += a[ao + f] * b[bo + f];
  return s;
}

/**
 * Scores every item against one user vector: out[i] = bias[i] + offset + Σ_f user[f]·items[i·F + f].
 * A plain single-accumulator loop: on V8 it measured faster than a 4-way unrolled one (bench `scoreVsNaiveLoop`).
 * This is the serving hot loop (10k items × 64 factors ≈ 0.5–1 ms).
 */
export function scoreAllFactors(
  user: Float32Array,
  items: Float32Array,
  factors: number,
  out: Float32Array,
  bias?: Float32Array,
  offset = 0,
): Float32Array {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const base = i * factors;
    let s = offset;
    for (let f = 0; f < factors; f++) s += user[f] * items[base + f];
    out[i] = s;
  }
  if (bias) for (let i = 0; i < n; i++) out[i] += bias[i];
  return out;
}

/** Scores only the given items: out[k] = bias[items[k]] + Σ_f user[f]·items[items[k]·F + f]. */
export function scoreSomeFactors(
  user: Float32Array,
  itemFactors: Float32Array,
  factors: number,
  items: ArrayLike<number>,
  bias?: Float32Array,
): Float32Array {
  const out = new Float32Array(items.length);
  for (let k = 0; k < items.length; k++) {
    const base = items[k]! * factors;
    let s = bias ? bias[items[k]!]! : 0;
    for (let f = 0; f < factors; f++) s += user[f]! * itemFactors[base + f]!;
    out[k] = s;
  }
  return out;
}
