import type { Blob } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { createRng } from '../rng.js';
import { BaseModel } from './base.js';
import type { FitConfig, FoldIn, UserHistory, UserRef } from './contract.js';
import { countRows, randomFactors, ridgeFoldIn, zeroUnseen } from './factor-utils.js';
import { blob } from './state.js';

export interface SvdPpParams {
  factors: number;
  epochs: number;
  learningRate: number;
  learningRateDecay: number;
  regularization: number;
  biasRegularization: number;
  initStd: number;
  seed: number;
}

/**
 * SVD++ (Koren 2008): r̂_ui = μ + b_u + b_i + q_iᵀ(p_u + |N(u)|^−½ Σ_{j∈N(u)} y_j), N(u) = items u rated.
 * SGD visits users in random order and their ratings in random order; the implicit sum is computed once per
 * user and the y_j gradients are accumulated over that user's ratings and applied after them (the usual
 * speed-up: O(|N(u)|·f) per user instead of per rating).
 */
export class SvdPp extends BaseModel<SvdPpParams> implements FoldIn {
  readonly algorithm = 'svdpp';
  readonly task = 'rating';
  /** p_u + |N(u)|^−½ Σ y_j, precomputed after training. */
  private userVectors: Float32Array = new Float32Array(0);
  private itemFactors: Float32Array = new Float32Array(0);
  private implicitFactors: Float32Array = new Float32Array(0);
  private userBias: Float32Array = new Float32Array(0);
  private itemBias: Float32Array = new Float32Array(0);
  private mean = 0;
  private min = 1;
  private max = 5;
  private foldInBias = 0;

  constructor(params: Partial<SvdPpParams> = {}) {
    // Defaults tuned on a validation slice of ml-100k fold 1's training ratings (src/bench/tune.ts).
    super(
      {
        factors: 100,
        epochs: 60,
        learningRate: 0.005,
        learningRateDecay: 0.97,
        regularization: 0.04,
        biasRegularization: 0.02,
        initStd: 0.05,
        seed: 42,
      },
      params,
    );
  }

  protected train(train: InteractionMatrix, config: FitConfig): void {
    const { factors: f, epochs, regularization: reg, biasRegularization: regB, initStd, seed } = this.params;
    const rng = createRng(seed);
    const nU = train.nUsers;
    const p = randomFactors(nU, f, initStd, rng);
    const q = randomFactors(train.nItems, f, initStd, rng);
    const y = randomFactors(train.nItems, f, initStd, rng);
    const bu = new Float32Array(nU);
    const bi = new Float32Array(train.nItems);
    const rows = train.byUser;
    let sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < train.nnz; e++) {
      sum += train.values[e];
      this.min = Math.min(this.min, train.values[e]);
      this.max = Math.max(this.max, train.values[e]);
    }
    const mu = sum / train.nnz;
    const userOrder = Int32Array.from({ length: nU }, (_, u) => u);
    const z = new Float64Array(f);
    const gy = new Float64Array(f);
    let lr = this.params.learningRate;
    for (let epoch = 0; epoch < epochs; epoch++) {
      rng.shuffle(userOrder);
      let se = 0;
      for (const u of userOrder) {
        const start = rows.indptr[u];
        const end = rows.indptr[u + 1];
        if (start === end) continue;
        const norm = 1 / Math.sqrt(end - start);
        z.fill(0);
        for (let k = start; k < end; k++) {
          const yo = rows.indices[k] * f;
          for (let c = 0; c < f; c++) z[c] += y[yo + c];
        }
        for (let c = 0; c < f; c++) z[c] *= norm;
        gy.fill(0);
        const ratings = rng.shuffle(Array.from({ length: end - start }, (_, k) => start + k));
        const uo = u * f;
        for (const k of ratings) {
          const i = rows.indices[k];
          const io = i * f;
          let dot = 0;
          for (let c = 0; c < f; c++) dot += q[io + c] * (p[uo + c] + z[c]);
          const err = rows.values[k] - (mu + bu[u] + bi[i] + dot);
          se += err * err;
          bu[u] += lr * (err - regB * bu[u]);
          bi[i] += lr * (err - regB * bi[i]);
          for (let c = 0; c < f; c++) {
            const pu = p[uo + c];
            const qi = q[io + c];
            p[uo + c] += lr * (err * qi - reg * pu);
            q[io + c] += lr * (err * (pu + z[c]) - reg * qi);
            gy[c] += err * norm * qi;
          }
        }
        // The sum of the per-rating steps Surprise takes: y_j += lr(Σ err·|N|^−½·q_i − n·λ·y_j), decay capped at 1.
        const decay = Math.min(1, lr * reg * (end - start));
        for (let k = start; k < end; k++) {
          const yo = rows.indices[k] * f;
          for (let c = 0; c < f; c++) y[yo + c] += lr * gy[c] - decay * y[yo + c];
        }
      }
      lr *= this.params.learningRateDecay;
      config.onProgress?.(
        `svdpp epoch ${epoch + 1}/${epochs} train rmse ${Math.sqrt(se / train.nnz).toFixed(4)}`,
      );
    }
    zeroUnseen(p, f, countRows(train.users, nU));
    zeroUnseen(q, f, countRows(train.items, train.nItems));
    const vectors = new Float32Array(nU * f);
    for (let u = 0; u < nU; u++) {
      const start = rows.indptr[u];
      const end = rows.indptr[u + 1];
      if (start === end) continue;
      const implicit = this.implicitSum(rows.indices.subarray(start, end), y);
      for (let c = 0; c < f; c++) vectors[u * f + c] = p[u * f + c] + implicit[c];
    }
    Object.assign(this, {
      userVectors: vectors,
      itemFactors: q,
      implicitFactors: y,
      userBias: bu,
      itemBias: bi,
      mean: mu,
    });
  }

  /** |N|^−½ Σ_{j∈N} y_j. */
  private implicitSum(items: ArrayLike<number>, y = this.implicitFactors): Float64Array {
    const f = this.params.factors;
    const z = new Float64Array(f);
    if (!items.length) return z;
    for (let k = 0; k < items.length; k++) for (let c = 0; c < f; c++) z[c] += y[items[k] * f + c];
    const norm = 1 / Math.sqrt(items.length);
    for (let c = 0; c < f; c++) z[c] *= norm;
    return z;
  }

  /** Implicit term from the history plus a ridge fit of (p_u, b_u) to the residual ratings. */
  foldIn(history: UserHistory): Float32Array {
    this.assertFitted();
    const f = this.params.factors;
    const z = this.implicitSum(history.items);
    const q = this.itemFactors;
    const targets = Float64Array.from(history.items as ArrayLike<number>, (i, k) => {
      let dot = 0;
      for (let c = 0; c < f; c++) dot += q[i * f + c] * z[c];
      return (history.values?.[k] ?? this.max) - this.mean - this.itemBias[i] - dot;
    });
    const { vector, bias } = ridgeFoldIn(history.items, targets, q, f, this.params.regularization * 10);
    this.foldInBias = bias;
    for (let c = 0; c < f; c++) vector[c] += z[c];
    return vector;
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const u = this.resolveUser(user);
    const f = this.params.factors;
    const isIndex = typeof u === 'number';
    const vector = isIndex ? this.userVectors.subarray(u * f, (u + 1) * f) : this.foldIn(u);
    const offset = this.mean + (isIndex ? this.userBias[u] : this.foldInBias);
    const o = this.scoreFactors(vector, this.itemFactors, f, out, this.itemBias, offset);
    for (let i = 0; i < o.length; i++) o[i] = Math.min(this.max, Math.max(this.min, o[i]));
    return o;
  }

  protected state() {
    const { userVectors, itemFactors, implicitFactors, userBias, itemBias, mean, min, max } = this;
    return {
      blobs: { userVectors, itemFactors, implicitFactors, userBias, itemBias },
      extra: { mean, min, max },
    };
  }

  protected restore(blobs: Record<string, Blob>, extra: Record<string, unknown>): void {
    this.userVectors = blob(blobs, 'userVectors', Float32Array);
    this.itemFactors = blob(blobs, 'itemFactors', Float32Array);
    this.implicitFactors = blob(blobs, 'implicitFactors', Float32Array);
    this.userBias = blob(blobs, 'userBias', Float32Array);
    this.itemBias = blob(blobs, 'itemBias', Float32Array);
    this.mean = Number(extra.mean);
    this.min = Number(extra.min);
    this.max = Number(extra.max);
  }
}
