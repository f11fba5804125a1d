import { buildInteractions, createModel, createRng, type Recommender } from '@tessera/models';

/**
 * Test support: an ALS model over 3,000 items in 10 taste clusters (Zipf-like within each), a
 * catalog large enough that factor top-k estimates its threshold from a sample rather than
 * scoring everything. Interactions are drawn from one fixed stream (seed 5).
 */
export async function trainOnSampledCatalog(options: {
  users: number;
  interactions: number;
  iterations: number;
  seed: number;
}): Promise<Recommender> {
  const rng = createRng(5);
  const userIds: string[] = [];
  const itemIds: string[] = [];
  for (let k = 0; k < options.interactions; k++) {
    const u = rng.int(options.users);
    userIds.push(`u${u}`);
    itemIds.push(`i${(u % 10) * 300 + Math.floor(300 * rng.next() ** 2)}`);
  }
  const trained = createModel('als', {
    factors: 16,
    iterations: options.iterations,
    seed: options.seed,
  } as never);
  await trained.fit(buildInteractions({ userIds, itemIds }));
  return trained;
}
