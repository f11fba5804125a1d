/**
 * Grid search on the validation split only (never the test split), so benchmark defaults are chosen honestly.
 *   npx tsx src/bench/tune.ts recbole als '{"alpha":[2,10],"regularization":[0.05,1]}'
 *   npx tsx src/bench/tune.ts surprise biasedmf '{"factors":[50,100]}'
 * Surprise tuning holds out 10% of fold 0's training ratings as validation.
 */

import type { InteractionMatrix } from '../data/interactions.js';
import {
  evaluateRatings,
  evaluateTopN,
  kFoldSplits,
  loadMovieLens,
  ml100kDir,
  recBoleSplit,
} from '../index.js';
import { type AlgorithmName, createModel } from '../models/registry.js';
import { createRng } from '../rng.js';

const [protocol, algo, gridJson, dataset] = process.argv.slice(2);
const grid = JSON.parse(gridJson ?? '{}') as Record<string, unknown[]>;
const data = loadMovieLens(dataset ?? ml100kDir);
const keys = Object.keys(grid);
const combos: Record<string, unknown>[] = [{}];
for (const k of keys) {
  const next: Record<string, unknown>[] = [];
  for (const c of combos) for (const v of grid[k]) next.push({ ...c, [k]: v });
  combos.splice(0, combos.length, ...next);
}
let train: InteractionMatrix;
let valid: InteractionMatrix;
if (protocol === 'recbole') {
  const s = recBoleSplit(data);
  train = s.train;
  valid = s.valid;
} else {
  const fold = kFoldSplits(data, 5, 42)[0].train;
  const order = createRng(7).shuffle(Int32Array.from({ length: fold.nnz }, (_, e) => e));
  const cut = Math.floor(fold.nnz * 0.9);
  train = fold.select(order.subarray(0, cut));
  valid = fold.select(order.subarray(cut));
}
for (const params of combos) {
  const model = createModel(algo as AlgorithmName, params as never);
  const report = await model.fit(train);
  const score =
    protocol === 'recbole' ? evaluateTopN(model, valid, [train]).ndcg10 : evaluateRatings(model, valid).rmse;
  console.log(
    JSON.stringify({
      algo,
      params,
      valid: Number(score.toFixed(4)),
      seconds: Number(report.trainSeconds.toFixed(2)),
    }),
  );
}
