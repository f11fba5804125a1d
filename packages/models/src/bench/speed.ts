import { buildInteractions } from '../data/builder.js';
import { FactorScorer, simdAvailable } from '../linalg/simd/factor-scorer.js';
import { scoreAllFactors } from '../linalg/vector.js';
import { Als } from '../models/als.js';
import { BiasedMf } from '../models/biased-mf.js';
import { createRng } from '../rng.js';

export interface SpeedReport {
  items: number;
  factors: number;
  /** Milliseconds to score every item for one user (ALS, 64 factors). */
  scoreAll: { wallMs: number; cpuMs: number };
  /** Milliseconds for recommend(user, 10): scoring plus top-K selection. */
  recommend: { wallMs: number; cpuMs: number };
  /** Milliseconds to fold a 50-item history into a user vector (ALS, exact solve). */
  alsFoldIn: { wallMs: number; cpuMs: number };
  /** Same for biased MF (ridge solve on residual ratings). */
  biasedMfFoldIn: { wallMs: number; cpuMs: number };
  /** Scalar library loop (the fallback) over an inline dot-product loop on the same factors, same run; ~1 = no overhead. */
  scoreVsNaiveLoop: number;
  /** The inline scalar loop's CPU time over the SIMD scorer's on the same factors, same run (the speed-up serving gets). */
  simdSpeedup: number | null;
}

/**
 * Mean wall-clock and CPU milliseconds per call. CPU time (process.cpuUsage) is reported too because on a shared,
 * overloaded machine wall time mostly measures waiting for a core.
 */
function timeIt(runs: number, f: () => void): { wallMs: number; cpuMs: number } {
  for (let k = 0; k < Math.min(20, runs); k++) f();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let k = 0; k < runs; k++) f();
  const wallMs = (performance.now() - start) / runs;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 / runs };
}

/** Serving-path timings on a synthetic 10,000-item catalog (the targets: scoring ≤ 1 ms, fold-in ≤ 5 ms). */
export async function measureServingSpeed(items = 10_000, factors = 64): Promise<SpeedReport> {
  const rng = createRng(5);
  const users = 500;
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const values: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < 40; k++) {
      userIds.push(`u${u}`);
      itemIds.push(`i${Math.floor(items * rng.next() ** 2)}`);
      values.push(1 + rng.int(5));
    }
  }
  // Make sure the catalog has exactly `items` entries.
  for (let i = 0; i < items; i++) {
    userIds.push(`u${i % users}`);
    itemIds.push(`i${i}`);
    values.push(3);
  }
  const data = buildInteractions({ userIds, itemIds, values });
  const als = new Als({ factors, iterations: 1 });
  await als.fit(data);
  const mf = new BiasedMf({ factors, epochs: 1 });
  await mf.fit(data);
  const history = { items: Array.from({ length: 50 }, (_, k) => k * 37), values: new Array(50).fill(4) };
  const out = new Float32Array(data.nItems);
  const scoreAll = timeIt(300, () => als.scoreAll(3, out));
  const recommend = timeIt(300, () => als.recommend(3, 10));
  const alsFoldIn = timeIt(100, () => als.foldIn(history));
  const biasedMfFoldIn = timeIt(100, () => mf.foldIn(history));
  const user = als.foldIn(history);
  const itemFactors = Float32Array.from({ length: data.nItems * factors }, () => rng.normal());
  const naive = timeIt(300, () => {
    for (let i = 0; i < out.length; i++) {
      let s = 0;
      for (let f = 0; f < factors; f++) s += user[f] * itemFactors[i * factors + f];
      out[i] = s;
    }
  });
  const library = timeIt(300, () => scoreAllFactors(user, itemFactors, factors, out));
  const scorer = simdAvailable ? new FactorScorer(itemFactors, factors) : null;
  const simd = scorer ? timeIt(300, () => scorer.scoreAll(user, out)) : null;
  return {
    items: data.nItems,
    factors,
    scoreAll,
    recommend,
    alsFoldIn,
    biasedMfFoldIn,
    scoreVsNaiveLoop: library.cpuMs / naive.cpuMs,
    simdSpeedup: simd ? naive.cpuMs / simd.cpuMs : null,
  };
}
