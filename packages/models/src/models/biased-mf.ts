import type { Blob } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { createRng } from '../rng.js';
import { BaseModel } from './base.js';
import type { FitConfig, FoldIn, UserHistory, UserRef } from './contract.js';
import { countRows, randomFactors, ridgeFoldIn, zeroUnseen } from './factor-utils.js';
import { blob } from './state.js';

export interface BiasedMfParams {
  factors: number;
  epochs: number;
  learningRate: number;
  /** Multiplies the learning rate after each epoch (1 = constant, as in Surprise). */
  learningRateDecay: number;
  /** L2 weight on factors. */
  regularization: number;
  /** L2 weight on biases. */
  biasRegularization: number;
  initStd: number;
  seed: number;
}

/**
 * Biased matrix factorisation for explicit ratings (Koren 2009; Surprise's `SVD`): r̂_ui = μ + b_u + b_i + q_iᵀp_u,
 * minimising Σ (r_ui − r̂_ui)² + λ(b_u² + b_i² + ‖p_u‖² + ‖q_i‖²) by SGD over shuffled ratings.
 * Predictions are clipped to the training rating range.
 */
export class BiasedMf extends BaseModel<BiasedMfParams> implements FoldIn {
  readonly algorithm = 'biasedmf';
  readonly task = 'rating';
  private userFactors: Float32Array = new Float32Array(0);
  private itemFactors: Float32Array = new Float32Array(0);
  private userBias: Float32Array = new Float32Array(0);
  private itemBias: Float32Array = new Float32Array(0);
  private mean = 0;
  private min = 1;
  private max = 5;
  private foldInBias = 0;

  constructor(params: Partial<BiasedMfParams> = {}) {
    // Defaults tuned on a validation slice of ml-100k fold 1's training ratings (src/bench/tune.ts).
    super(
      {
        factors: 100,
        epochs: 60,
        learningRate: 0.01,
        learningRateDecay: 0.96,
        regularization: 0.09,
        biasRegularization: 0.02,
        initStd: 0.1,
        seed: 42,
      },
      params,
    );
  }

  protected train(train: InteractionMatrix, config: FitConfig): void {
    const { factors: f, epochs, regularization: reg, biasRegularization: regB, initStd, seed } = this.params;
    const rng = createRng(seed);
    const p = randomFactors(train.nUsers, f, initStd, rng);
    const q = randomFactors(train.nItems, f, initStd, rng);
    const bu = new Float32Array(train.nUsers);
    const bi = new Float32Array(train.nItems);
    const { users, items, values } = train;
    let sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < train.nnz; e++) {
      sum += values[e];
      this.min = Math.min(this.min, values[e]);
      this.max = Math.max(this.max, values[e]);
    }
    const mu = sum / train.nnz;
    const order = Int32Array.from({ length: train.nnz }, (_, e) => e);
    let lr = this.params.learningRate;
    for (let epoch = 0; epoch < epochs; epoch++) {
      rng.shuffle(order);
      let se = 0;
      for (let k = 0; k < order.length; k++) {
        const e = order[k];
        const u = users[e];
        const i = items[e];
        const uo = u * f;
        const io = i * f;
        let dot = 0;
        for (let c = 0; c < f; c++) dot += p[uo + c] * q[io + c];
        const err = values[e] - (mu + bu[u] + bi[i] + dot);
        se += err * err;
        bu[u] += lr * (err - regB * bu[u]);
        bi[i] += lr * (err - regB * bi[i]);
        for (let c = 0; c < f; c++) {
          const pu = p[uo + c];
          const qi = q[io + c];
          p[uo + c] += lr * (err * qi - reg * pu);
          q[io + c] += lr * (err * pu - reg * qi);
        }
      }
      lr *= this.params.learningRateDecay;
      config.onProgress?.(
        `biasedmf epoch ${epoch + 1}/${epochs} train rmse ${Math.sqrt(se / train.nnz).toFixed(4)}`,
      );
    }
    zeroUnseen(p, f, countRows(users, train.nUsers));
    zeroUnseen(q, f, countRows(items, train.nItems));
    Object.assign(this, { userFactors: p, itemFactors: q, userBias: bu, itemBias: bi, mean: mu });
  }

  /** Ridge fit of (p_u, b_u) to the history's ratings minus μ + b_i, item factors fixed. */
  foldIn(history: UserHistory): Float32Array {
    this.assertFitted();
    const f = this.params.factors;
    const targets = Float64Array.from(
      history.items as ArrayLike<number>,
      (i, k) => (history.values?.[k] ?? this.max) - this.mean - this.itemBias[i],
    );
    const { vector, bias } = ridgeFoldIn(
      history.items,
      targets,
      this.itemFactors,
      f,
      this.params.regularization * 10,
    );
    this.foldInBias = bias;
    return vector;
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const u = this.resolveUser(user);
    const f = this.params.factors;
    let vector: Float32Array;
    let offset: number;
    if (typeof u === 'number') {
      vector = this.userFactors.subarray(u * f, (u + 1) * f);
      offset = this.mean + this.userBias[u];
    } else {
      vector = this.foldIn(u);
      offset = this.mean + this.foldInBias;
    }
    const o = this.scoreFactors(vector, this.itemFactors, f, out, this.itemBias, offset);
    for (let i = 0; i < o.length; i++) o[i] = Math.min(this.max, Math.max(this.min, o[i]));
    return o;
  }

  protected state() {
    const { userFactors, itemFactors, userBias, itemBias, mean, min, max } = this;
    return { blobs: { userFactors, itemFactors, userBias, itemBias }, extra: { mean, min, max } };
  }

  protected restore(blobs: Record<string, Blob>, extra: Record<string, unknown>): void {
    this.userFactors = blob(blobs, 'userFactors', Float32Array);
    this.itemFactors = blob(blobs, 'itemFactors', Float32Array);
    this.userBias = blob(blobs, 'userBias', Float32Array);
    this.itemBias = blob(blobs, 'itemBias', Float32Array);
    this.mean = Number(extra.mean);
    this.min = Number(extra.min);
    this.max = Number(extra.max);
  }
}
