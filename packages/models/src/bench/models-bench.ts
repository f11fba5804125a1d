/**
 * npm run bench:models -- [--dataset DIR] [--protocol surprise|recbole|both] [--peers] [--folds N]
 * Trains and evaluates every algorithm under Surprise's and RecBole's protocols; progress and a table go to
 * stderr, one JSON object goes last on stdout.
 */
import { loadMovieLens } from '../data/movielens.js';
import { ml100kDir } from '../data/paths.js';
import { evaluateRatings, evaluateTopN } from '../eval/evaluate.js';
import { hitAtK, mrrAtK, ndcgAtK, precisionAtK, recallAtK } from '../eval/ranking-metrics.js';
import { recBoleSplit } from '../eval/recbole-protocol.js';
import { kFoldSplits } from '../eval/surprise-protocol.js';
import { Blend } from '../models/blend.js';
import type { Recommender } from '../models/contract.js';
import { type AlgorithmName, createModel } from '../models/registry.js';
import { parseArgs, positiveInt, progress, table } from './args.js';
import { runPeers } from './peers.js';
import { measureServingSpeed } from './speed.js';

const args = parseArgs(process.argv.slice(2), {
  dataset: 'string',
  protocol: 'string',
  peers: 'flag',
  folds: 'string',
});
const datasetDir = String(args.dataset ?? ml100kDir);
const protocol = String(args.protocol ?? 'both');
if (!['surprise', 'recbole', 'both'].includes(protocol)) {
  throw new Error(`--protocol must be surprise, recbole or both (got ${protocol})`);
}
const nFolds = positiveInt(args, 'folds', 5);

/** Benchmark settings: the library defaults, which were tuned on validation data (src/bench/tune.ts). */
const RATING_ALGOS: AlgorithmName[] = ['biasedmf', 'svdpp'];
const RANKING_ALGOS: AlgorithmName[] = ['popularity', 'trending', 'itemknn', 'ease', 'als', 'bpr', 'neural'];
const defaults = (name: AlgorithmName) => createModel(name).params as unknown as Record<string, number>;

progress(`loading ${datasetDir}`);
const data = loadMovieLens(datasetDir);
progress(`${data.nnz} ratings, ${data.nUsers} users, ${data.nItems} items`);

const result: Record<string, unknown> = { dataset: datasetDir };
const surprise: Record<string, { rmse: number; mae: number; trainSeconds: number; cpuSeconds: number }> = {};
const recbole: Record<string, Record<string, number>> = {};
const folds = protocol !== 'recbole' ? kFoldSplits(data, nFolds, 42) : undefined;
const split = protocol !== 'surprise' ? recBoleSplit(data) : undefined;

if (folds) {
  const sums: Record<string, { rmse: number; mae: number; trainSeconds: number; cpuSeconds: number }> = {};
  const add = (name: string, rmse: number, mae: number, seconds: number, cpuSeconds: number) => {
    sums[name] ??= { rmse: 0, mae: 0, trainSeconds: 0, cpuSeconds: 0 };
    sums[name].rmse += rmse / folds.length;
    sums[name].mae += mae / folds.length;
    sums[name].trainSeconds += seconds / folds.length;
    sums[name].cpuSeconds += cpuSeconds / folds.length;
  };
  for (const [k, fold] of folds.entries()) {
    const fitted: Recommender[] = [];
    let memberSeconds = 0;
    let memberCpu = 0;
    for (const name of RATING_ALGOS) {
      const model = createModel(name);
      const cpu = process.cpuUsage();
      const report = await model.fit(fold.train);
      const cpuSeconds = cpuSince(cpu);
      const scores = evaluateRatings(model, fold.test);
      progress(
        `surprise ${name} fold ${k + 1}/${folds.length}: rmse ${scores.rmse.toFixed(4)} in ${report.trainSeconds.toFixed(1)}s`,
      );
      add(name, scores.rmse, scores.mae, report.trainSeconds, cpuSeconds);
      fitted.push(model);
      memberSeconds += report.trainSeconds;
      memberCpu += cpuSeconds;
    }
    // Equal-weight blend of the fitted rating models (weights fixed in advance, not fitted on test data).
    const blend = evaluateRatings(Blend.of(fitted), fold.test);
    progress(`surprise blend(${RATING_ALGOS}) fold ${k + 1}/${folds.length}: rmse ${blend.rmse.toFixed(4)}`);
    add('blend', blend.rmse, blend.mae, memberSeconds, memberCpu);
  }
  Object.assign(surprise, sums);
  result.surprise = surprise;
  progress(table(`Surprise protocol (${nFolds}-fold CV, mean over folds)`, surprise));
}

if (split) {
  progress(
    `recbole split: ${split.data.nnz} interactions, ${split.data.nUsers} users, ${split.data.nItems} items`,
  );
  for (const name of RANKING_ALGOS) {
    const model = createModel(name);
    const cpu = process.cpuUsage();
    // Validation data is for the report (and the neural ranker's early stopping); test stays unseen.
    const report = await model.fit(split.train, split.valid, {
      onProgress: name === 'neural' ? progress : undefined,
    });
    const cpuSeconds = cpuSince(cpu);
    const s = evaluateTopN(model, split.test, [split.train, split.valid]);
    progress(
      `recbole ${name}: ndcg@10 ${s.ndcg10.toFixed(4)} (valid ${report.validation?.value.toFixed(4)}) in ${report.trainSeconds.toFixed(1)}s`,
    );
    recbole[name] = {
      ndcg10: s.ndcg10,
      recall10: s.recall10,
      mrr10: s.mrr10,
      hit10: s.hit10,
      precision10: s.precision10,
      trainSeconds: report.trainSeconds,
      cpuSeconds,
    };
  }
  result.recbole = recbole;
  progress(
    table('RecBole protocol (ratings >= 3, 10-core, 80/10/10 per user, full ranking, K = 10)', recbole),
  );
}

if (args.peers) {
  progress('running peers (Surprise SVD/SVD++, implicit ALS/BPR) on the same folds and split');
  const params = { als: defaults('als'), bpr: defaults('bpr') };
  // implicit's confidence is alpha·r where ours is 1 + alpha·r: pass 1 + alpha for the same weights on 0/1 data.
  const peerParams = { ...params, als: { ...params.als, alpha: 1 + params.als.alpha } };
  const out = runPeers(folds, split, peerParams);
  const peers: Record<string, unknown> = {
    surpriseVersion: out.surpriseVersion,
    implicitVersion: out.implicit?.version,
  };
  const wall: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const ratio = (
    key: string,
    ours?: { trainSeconds: number; cpuSeconds: number },
    theirs?: { trainSeconds: number; cpuSeconds: number },
  ) => {
    if (!ours || !theirs) return;
    wall[key] = ours.trainSeconds / theirs.trainSeconds;
    cpu[key] = ours.cpuSeconds / theirs.cpuSeconds;
  };
  if (out.surprise) {
    peers.surprise = out.surprise;
    ratio('biasedmf/SVD', surprise.biasedmf, out.surprise.SVD);
    ratio('svdpp/SVD++', surprise.svdpp, out.surprise['SVD++']);
    progress(table('Peers, Surprise protocol', out.surprise));
  }
  if (out.implicit && split) {
    const scored: Record<string, Record<string, number>> = {};
    for (const [name, run] of Object.entries(out.implicit)) {
      if (typeof run !== 'object' || !('recs' in run)) continue;
      scored[name] = scoreLists(run.recs, split.test);
      scored[name].trainSeconds = run.trainSeconds;
      scored[name].cpuSeconds = run.cpuSeconds;
    }
    peers.recbole = scored;
    const asTimes = (r?: Record<string, number>) =>
      r && { trainSeconds: r.trainSeconds, cpuSeconds: r.cpuSeconds };
    ratio('als/implicit-ALS', asTimes(recbole.als), asTimes(scored['implicit-ALS']));
    ratio('bpr/implicit-BPR', asTimes(recbole.bpr), asTimes(scored['implicit-BPR']));
    progress(table('Peers, RecBole protocol (same split, scored by our metrics)', scored));
  }
  // CPU-time ratios are the fair comparison on a shared machine (both sides single-threaded); wall time is noisy.
  peers.trainTimeRatios = { wall, cpu };
  peers.settings = peerParams;
  result.peers = peers;
  const ratios = { wall, cpu };
  progress(`train time ratios (ours / peer; < 1 means we are faster): ${JSON.stringify(ratios)}`);
}

progress('serving speed on a synthetic 10,000-item catalog (64 factors, and 32 = the ALS default)');
const speed = {
  factors64: await measureServingSpeed(10_000, 64),
  factors32: await measureServingSpeed(10_000, 32),
};
progress(JSON.stringify(speed));
result.bench = speed;
result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);

/** Our metrics on a peer's top-10 lists given as external ids. */
function scoreLists(recs: Record<string, string[]>, test: typeof data): Record<string, number> {
  const sums = { ndcg10: 0, recall10: 0, mrr10: 0, hit10: 0, precision10: 0 };
  let users = 0;
  const rows = test.byUser;
  for (let u = 0; u < test.nUsers; u++) {
    if (rows.indptr[u] === rows.indptr[u + 1]) continue;
    const relevant = new Set(rows.indices.subarray(rows.indptr[u], rows.indptr[u + 1]));
    const ranked = (recs[test.userIds[u]] ?? []).map((id) => test.itemIndex(id));
    sums.ndcg10 += ndcgAtK(ranked, relevant, 10);
    sums.recall10 += recallAtK(ranked, relevant, 10);
    sums.mrr10 += mrrAtK(ranked, relevant, 10);
    sums.hit10 += hitAtK(ranked, relevant, 10);
    sums.precision10 += precisionAtK(ranked, relevant, 10);
    users++;
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / users]));
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
