import type { FitConfig } from '../models/contract.js';
import type { Rng } from '../rng.js';
import type { TfModule } from './backend.js';
import { type CandidateLists, listNdcg } from './lists.js';
import type { NeuralRankerParams } from './ranker.js';
import { ResidualMlp, type ResidualWeights } from './residual-mlp.js';
import { SIGNAL_COLUMNS } from './signals.js';

export interface RankerTraining {
  weights: ResidualWeights;
  samplesPerSecond: number;
  /** Validation NDCG@10 before training and after each epoch (empty without validation lists). */
  curve: number[];
}

/**
 * Minibatch training over whole candidate lists (shuffled each epoch with the seeded generator). With
 * validation lists, keeps the weights of the epoch with the best validation NDCG@10 — the untrained network,
 * which ranks exactly as ALS does, included — and stops `patience` epochs after it; without, keeps the last.
 */
export async function trainRanker(
  tf: TfModule,
  lists: CandidateLists,
  valid: CandidateLists | undefined,
  p: NeuralRankerParams,
  rng: Rng,
  config: FitConfig,
): Promise<RankerTraining> {
  const { slots, dim } = lists;
  const net = new ResidualMlp(
    tf,
    [dim, p.hidden1, p.hidden2],
    rng,
    SIGNAL_COLUMNS.indexOf('als'),
    p.learningRate,
    p.weightDecay,
  );
  const validate = async (v: CandidateLists) => listNdcg(v, await net.forward(v.x, v.count * slots));
  const curve: number[] = valid ? [await validate(valid)] : [];
  let best = valid ? await net.weights() : undefined;
  let bestEpoch = 0;
  const perBatch = Math.max(1, Math.floor(p.batchSize / slots));
  const order = Int32Array.from({ length: lists.count }, (_, k) => k);
  const x = new Float32Array(perBatch * slots * dim);
  const labels = new Float32Array(perBatch * slots);
  const filled = new Float32Array(perBatch * slots);
  let batches = 0;
  let rows = 0;
  let seconds = 0;
  for (let epoch = 1; epoch <= p.epochs; epoch++) {
    rng.shuffle(order);
    let start = performance.now();
    let lastLoss = Number.NaN;
    let capped = false;
    for (let first = 0; first < lists.count; first += perBatch) {
      capped = p.maxBatches > 0 && batches + 1 >= p.maxBatches;
      const m = Math.min(perBatch, lists.count - first);
      for (let k = 0; k < m; k++) {
        const l = order[first + k];
        x.set(lists.x.subarray(l * slots * dim, (l + 1) * slots * dim), k * slots * dim);
        labels.set(lists.labels.subarray(l * slots, (l + 1) * slots), k * slots);
        filled.set(lists.valid.subarray(l * slots, (l + 1) * slots), k * slots);
      }
      const xs = tf.tensor2d(x.subarray(0, m * slots * dim), [m * slots, dim]);
      const ys = tf.tensor2d(labels.subarray(0, m * slots), [m, slots]);
      const vs = tf.tensor2d(filled.subarray(0, m * slots), [m, slots]);
      const loss = net.trainStep(xs, ys, vs, p.loss);
      // Reading the loss waits for the device: only after an epoch's last step (it closes the timing) and
      // after the very first step, which compiles every kernel (shaders on webgpu) and is left out of the rate.
      const warmUp = batches === 0 && !capped;
      if (warmUp || capped || first + perBatch >= lists.count) lastLoss = (await loss.data())[0];
      tf.dispose([xs, ys, vs, loss]);
      batches++;
      if (warmUp) start = performance.now();
      else rows += m * slots;
      if (capped) break;
    }
    seconds += (performance.now() - start) / 1000;
    net.decayLearningRate(p.learningRateDecay);
    let note = '';
    if (valid) {
      const score = await validate(valid);
      curve.push(score);
      note = ` valid ndcg@10 ${score.toFixed(4)}`;
      if (score > curve[bestEpoch]) {
        best = await net.weights();
        bestEpoch = epoch;
      } else if (epoch - bestEpoch >= p.patience) {
        config.onProgress?.(
          `neural epoch ${epoch}: loss ${lastLoss.toFixed(4)}${note}; best epoch ${bestEpoch}`,
        );
        break;
      }
    }
    config.onProgress?.(`neural epoch ${epoch}/${p.epochs}: loss ${lastLoss.toFixed(4)}${note}`);
    if (capped) break;
  }
  best ??= await net.weights();
  net.dispose();
  return { weights: best, samplesPerSecond: rows / Math.max(seconds, 1e-9), curve };
}
