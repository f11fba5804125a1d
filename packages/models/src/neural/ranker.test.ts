import { describe, expect, it } from 'vitest';
import { decodeArtifact, encodeArtifact } from '../artifacts/format.js';
import { ModelError } from '../errors.js';
import { evaluateTopN } from '../eval/evaluate.js';
import { recBoleSplit } from '../eval/recbole-protocol.js';
import { syntheticRatings } from '../eval/synthetic.js';
import { Als } from '../models/als.js';
import { loadModel } from '../models/registry.js';
import { NeuralRanker } from './ranker.js';

const split = recBoleSplit(syntheticRatings({ users: 240, items: 160, perUser: 30 }), { core: 5 });
const SMALL = { baseFactors: 8, hidden1: 16, hidden2: 8, candidates: 30, batchSize: 1200 };
const seen = (u: number) => {
  const rows = split.train.byUser;
  return rows.indices.subarray(rows.indptr[u], rows.indptr[u + 1]);
};

describe('NeuralRanker', () => {
  it('ranks exactly as its ALS base before any training (skip connection, zero last layer)', async () => {
    const ranker = new NeuralRanker({ ...SMALL, epochs: 0 });
    await ranker.fit(split.train);
    const als = new Als({ factors: SMALL.baseFactors, seed: ranker.params.seed });
    await als.fit(split.train);
    for (const u of [0, 17, 101]) {
      expect(Array.from(ranker.recommend(u, 10, seen(u)).items)).toEqual(
        Array.from(als.recommend(u, 10, seen(u)).items),
      );
    }
  });

  it('re-ranks only ALS’s top candidates: every other unseen item scores below all of them', async () => {
    const ranker = new NeuralRanker({ ...SMALL, epochs: 2 });
    await ranker.fit(split.train);
    // Without validation data it still stops on a share of its own label lists: a curve of 1 + 2 epochs.
    expect(ranker.validationCurve).toHaveLength(3);
    const als = new Als({ factors: SMALL.baseFactors, seed: ranker.params.seed });
    await als.fit(split.train);
    for (const u of [3, 50]) {
      const top = (m: NeuralRanker | Als) => new Set(m.recommend(u, SMALL.candidates, seen(u)).items);
      expect(top(ranker)).toEqual(top(als));
    }
  });

  it('keeps the epoch with the best validation NDCG@10, starting from ALS’s own', async () => {
    const ranker = new NeuralRanker({ ...SMALL, epochs: 4, patience: 4 });
    const report = await ranker.fit(split.train, split.valid);
    const curve = ranker.validationCurve;
    expect(curve).toHaveLength(5);
    const als = new Als({ factors: SMALL.baseFactors, seed: ranker.params.seed });
    await als.fit(split.train);
    expect(curve[0]).toBeCloseTo(evaluateTopN(als, split.valid, [split.train]).ndcg10, 4);
    expect(report.validation?.value).toBeCloseTo(Math.max(...curve), 3);
  });

  it('refuses an artifact saved with another state version', async () => {
    const ranker = new NeuralRanker({ ...SMALL, epochs: 1, stoppingShare: 0 });
    await ranker.fit(split.train);
    expect(ranker.validationCurve).toHaveLength(0);
    const { header, blobs } = decodeArtifact(ranker.save());
    const old = encodeArtifact({ ...header, extra: { ...header.extra, stateVersion: 1 } }, blobs);
    expect(() => loadModel(old)).toThrow(ModelError);
    expect(() => loadModel(old)).toThrow(/state version 1/);
  });
});
