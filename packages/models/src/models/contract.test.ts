import { describe, expect, it } from 'vitest';
import { ModelError } from '../errors.js';
import { evaluateTopN } from '../eval/evaluate.js';
import { recBoleSplit } from '../eval/recbole-protocol.js';
import { syntheticRatings } from '../eval/synthetic.js';
import { ALGORITHMS, type AlgorithmName, type AlgorithmParams, createModel, loadModel } from './registry.js';

const data = syntheticRatings({ users: 200, items: 150, perUser: 25 });
const split = recBoleSplit(data, { core: 5 });

/** Small settings so the whole contract suite runs in seconds; quality is checked elsewhere. */
const FAST: { [K in AlgorithmName]: Partial<AlgorithmParams[K]> } = {
  popularity: {},
  trending: { halfLifeSeconds: 86_400 },
  itemknn: { neighbors: 20 },
  ease: { lambda: 50 },
  als: { factors: 8, iterations: 4 },
  bpr: { factors: 8, epochs: 5 },
  biasedmf: { factors: 8, epochs: 5 },
  svdpp: { factors: 8, epochs: 5 },
  neural: { baseFactors: 8, hidden1: 16, hidden2: 8, epochs: 1, batchSize: 512 },
  blend: { members: 'biasedmf,popularity', weights: '3,1' },
};

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof ModelError ? e.code : `not a ModelError: ${e}`;
  }
  return undefined;
}

describe.each(ALGORITHMS)('%s honours the model contract', (name) => {
  const fit = async () => {
    const model = createModel(name, FAST[name] as never);
    const report = await model.fit(split.train, split.valid);
    return { model, report };
  };
  // One fitted model per algorithm for the read-only checks; the determinism check fits its own.
  let shared: ReturnType<typeof fit> | undefined;
  const fitted = () => {
    shared ??= fit();
    return shared;
  };

  it('reports training time and a validation score', async () => {
    const { report, model } = await fitted();
    expect(report.trainSeconds).toBeGreaterThanOrEqual(0);
    expect(report.validation?.metric).toBe(model.task === 'rating' ? 'rmse' : 'ndcg@10');
    expect(Number.isFinite(report.validation?.value)).toBe(true);
  });

  it('gives identical scores after a save/load round trip', async () => {
    const { model } = await fitted();
    const restored = loadModel(model.save());
    expect(restored.algorithm).toBe(name);
    expect(restored.itemIds).toEqual(model.itemIds);
    for (const u of [0, 7, split.data.nUsers - 1]) expect(restored.scoreAll(u)).toEqual(model.scoreAll(u));
    const history = { items: [1, 4, 9], values: [5, 4, 3] };
    expect(restored.scoreItems(history, [0, 2, 3])).toEqual(model.scoreItems(history, [0, 2, 3]));
  });

  it('scores a few items exactly as it scores them within the whole catalog', async () => {
    const { model } = await fitted();
    const history = { items: [1, 4, 9], values: [5, 4, 3] };
    const all = model.scoreAll(history).slice();
    const some = model.scoreItems(history, [3, 0, 7]);
    for (const [k, item] of [3, 0, 7].entries()) expect(some[k]).toBeCloseTo(all[item]!, 4);
  });

  it('is deterministic: the same seed gives byte-identical artifacts', async () => {
    const a = (await fitted()).model.save();
    const b = (await fit()).model.save();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('rejects corrupt, truncated and wrong-version artifacts with clear codes', async () => {
    const bytes = (await fitted()).model.save();
    const flipped = bytes.slice();
    flipped[Math.floor(bytes.length / 2)] ^= 0xff;
    expect(errorCode(() => loadModel(flipped))).toBe('ARTIFACT_CORRUPT');
    expect(errorCode(() => loadModel(bytes.subarray(0, bytes.length - 9)))).toBe('ARTIFACT_CORRUPT');
    expect(errorCode(() => loadModel(new TextEncoder().encode('not a model at all')))).toBe(
      'ARTIFACT_CORRUPT',
    );
    const future = bytes.slice();
    future[4] = 99;
    // Re-seal the checksum so only the version is wrong.
    const { crc32 } = await import('../artifacts/crc32.js');
    new DataView(future.buffer).setUint32(future.length - 4, crc32(future, 0, future.length - 4), true);
    expect(errorCode(() => loadModel(future))).toBe('ARTIFACT_VERSION');
  });

  it('recommends k distinct items, never an excluded one, best first', async () => {
    const { model } = await fitted();
    const exclude = [0, 1, 2, 3];
    const top = model.recommend(5, 10, exclude);
    expect(top.items.length).toBe(10);
    expect(new Set(top.items).size).toBe(10);
    for (const i of exclude) expect(top.items).not.toContain(i);
    for (let r = 1; r < 10; r++) expect(top.scores[r]).toBeLessThanOrEqual(top.scores[r - 1]);
  });

  it('rejects unknown users and unknown hyper-parameters', async () => {
    const { model } = await fitted();
    expect(errorCode(() => model.scoreAll(10_000))).toBe('UNKNOWN_USER');
    expect(errorCode(() => createModel(name, { nonsense: 1 } as never))).toBe('INVALID_PARAM');
    expect(errorCode(() => createModel(name).scoreAll(0))).toBe('NOT_FITTED');
  });
});

describe('ranking quality on synthetic low-rank data', () => {
  it('personalised models beat popularity', async () => {
    const ndcg = async (name: AlgorithmName, params: object) => {
      const m = createModel(name, params as never);
      await m.fit(split.train);
      return evaluateTopN(m, split.test, [split.train, split.valid]).ndcg10;
    };
    const pop = await ndcg('popularity', {});
    expect(await ndcg('ease', { lambda: 50 })).toBeGreaterThan(pop * 1.15);
    expect(await ndcg('itemknn', { neighbors: 50 })).toBeGreaterThan(pop * 1.1);
    expect(await ndcg('als', { factors: 8, iterations: 8, regularization: 1, alpha: 5 })).toBeGreaterThan(
      pop * 1.1,
    );
  });
});
