import { InteractionBuilder } from '../data/builder.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { createRng } from '../rng.js';

export interface SyntheticOptions {
  users?: number;
  items?: number;
  /** Latent dimensions of the generating model. */
  rank?: number;
  /** Mean interactions per user. */
  perUser?: number;
  seed?: number;
}

/**
 * Low-rank synthetic ratings (1–5) with popularity skew and timestamps: users pick items with probability
 * rising with their latent affinity and item popularity, so real structure exists for models to find.
 * Used by tests that must run without the external dataset.
 */
export function syntheticRatings(options: SyntheticOptions = {}): InteractionMatrix {
  const { users = 300, items = 200, rank = 4, perUser = 30, seed = 7 } = options;
  const rng = createRng(seed);
  const uf = Float64Array.from({ length: users * rank }, () => rng.normal());
  const itf = Float64Array.from({ length: items * rank }, () => rng.normal());
  const pop = Float64Array.from({ length: items }, (_, i) => 1 / Math.sqrt(1 + i));
  const builder = new InteractionBuilder();
  const affinity = new Float64Array(items);
  for (let u = 0; u < users; u++) {
    let total = 0;
    for (let i = 0; i < items; i++) {
      let d = 0;
      for (let f = 0; f < rank; f++) d += uf[u * rank + f] * itf[i * rank + f];
      affinity[i] = d;
      total += Math.exp(d) * pop[i];
    }
    const n = Math.max(12, Math.round(perUser * (0.5 + rng.next())));
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, items)) {
      let x = rng.next() * total;
      let i = 0;
      for (; i < items - 1; i++) {
        x -= Math.exp(affinity[i]) * pop[i];
        if (x <= 0) break;
      }
      chosen.add(i);
    }
    for (const i of chosen) {
      const r = Math.min(5, Math.max(1, Math.round(3 + affinity[i] * 0.8 + rng.normal() * 0.5)));
      builder.add(`u${u}`, `i${i}`, r, 1_000_000 + Math.floor(rng.next() * 86_400 * 30));
    }
  }
  return builder.build({ duplicates: 'keep' });
}
