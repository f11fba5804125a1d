import type { Blob } from '../artifacts/format.js';
import type { Csr, InteractionMatrix } from '../data/interactions.js';
import { createRng, type Rng } from '../rng.js';
import { BaseModel } from './base.js';
import type { FitConfig, FoldIn, UserHistory, UserRef } from './contract.js';
import { historySeed, randomFactors } from './factor-utils.js';
import { blob } from './state.js';

export interface BprParams {
  factors: number;
  learningRate: number;
  /** L2 weight on the factors and item biases touched by each step. */
  regularization: number;
  /** Passes; each draws as many (u, i, j) triples as there are training entries. */
  epochs: number;
  /** SGD passes over the history when folding a user in. */
  foldInEpochs: number;
  seed: number;
}

/**
 * Bayesian Personalised Ranking (Rendle et al. 2009) with item biases: maximise
 * Σ ln σ(x̂_ui − x̂_uj) − λ‖Θ‖² over sampled (user, positive i, negative j), x̂_ui = b_i + p_u·q_i, by SGD.
 */
export class Bpr extends BaseModel<BprParams> implements FoldIn {
  readonly algorithm = 'bpr';
  readonly task = 'ranking';
  private userFactors: Float32Array = new Float32Array(0);
  private itemFactors: Float32Array = new Float32Array(0);
  private itemBias: Float32Array = new Float32Array(0);

  constructor(params: Partial<BprParams> = {}) {
    // Defaults tuned on the ml-100k RecBole validation split (src/bench/tune.ts).
    super(
      { factors: 64, learningRate: 0.02, regularization: 0.03, epochs: 100, foldInEpochs: 30, seed: 42 },
      params,
    );
  }

  protected train(train: InteractionMatrix, config: FitConfig): void {
    const { factors: f, learningRate: lr, regularization: reg, epochs, seed } = this.params;
    const rng = createRng(seed);
    const p = randomFactors(train.nUsers, f, 0.1, rng);
    const q = randomFactors(train.nItems, f, 0.1, rng);
    const b = new Float32Array(train.nItems);
    const rows = train.byUser;
    const entryUser = new Int32Array(train.nnz);
    for (let u = 0; u < train.nUsers; u++) entryUser.fill(u, rows.indptr[u], rows.indptr[u + 1]);
    const nItems = train.nItems;
    for (let epoch = 0; epoch < epochs; epoch++) {
      let loss = 0;
      for (let s = 0; s < train.nnz; s++) {
        const e = rng.int(train.nnz);
        const u = entryUser[e];
        const j = sampleNegative(rows, u, nItems, rng);
        if (j < 0) continue;
        loss += bprStep(p, u * f, q, b, rows.indices[e], j, f, lr, reg, true);
      }
      config.onProgress?.(`bpr epoch ${epoch + 1}/${epochs} loss ${(loss / train.nnz).toFixed(4)}`);
    }
    this.userFactors = p;
    this.itemFactors = q;
    this.itemBias = b;
  }

  /** A few SGD passes over the history with item factors frozen, from a zero vector; seeded by the history. */
  foldIn(history: UserHistory): Float32Array {
    this.assertFitted();
    const { factors: f, learningRate: lr, regularization: reg, foldInEpochs } = this.params;
    const items = Int32Array.from(history.items as ArrayLike<number>).sort();
    const rows: Csr = { indptr: Int32Array.of(0, items.length), indices: items, values: new Float32Array(0) };
    const rng = createRng(historySeed(items));
    const p = new Float32Array(f);
    const nItems = this.itemIds.length;
    for (let epoch = 0; epoch < foldInEpochs; epoch++) {
      for (let s = 0; s < items.length; s++) {
        const j = sampleNegative(rows, 0, nItems, rng);
        if (j < 0) break;
        bprStep(p, 0, this.itemFactors, this.itemBias, items[rng.int(items.length)], j, f, lr, reg, false);
      }
    }
    return p;
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const u = this.resolveUser(user);
    const f = this.params.factors;
    const vector = typeof u === 'number' ? this.userFactors.subarray(u * f, (u + 1) * f) : this.foldIn(u);
    return this.scoreFactors(vector, this.itemFactors, f, out, this.itemBias);
  }

  /** Only the asked items: serving explains a few candidates per request, not the whole catalog. */
  override scoreItems(user: UserRef, items: ArrayLike<number>): Float32Array {
    const u = this.resolveUser(user);
    const f = this.params.factors;
    const vector = typeof u === 'number' ? this.userFactors.subarray(u * f, (u + 1) * f) : this.foldIn(u);
    return this.scoreSomeFactors(vector, this.itemFactors, f, items, this.itemBias);
  }

  protected state() {
    return {
      blobs: { userFactors: this.userFactors, itemFactors: this.itemFactors, itemBias: this.itemBias },
      extra: {},
    };
  }

  protected restore(blobs: Record<string, Blob>): void {
    this.userFactors = blob(blobs, 'userFactors', Float32Array);
    this.itemFactors = blob(blobs, 'itemFactors', Float32Array);
    this.itemBias = blob(blobs, 'itemBias', Float32Array);
  }
}

/** Uniform item not in the user's (sorted) row; -1 when the user has every item. */
function sampleNegative(rows: Csr, u: number, nItems: number, rng: Rng): number {
  const start = rows.indptr[u];
  const end = rows.indptr[u + 1];
  if (end - start >= nItems) return -1;
  for (;;) {
    const j = rng.int(nItems);
    let lo = start;
    let hi = end - 1;
    let found = false;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = rows.indices[mid];
      if (v === j) {
        found = true;
        break;
      }
      if (v < j) lo = mid + 1;
      else hi = mid - 1;
    }
    if (!found) return j;
  }
}

/**
 * One ascent step on ln σ(x̂_uij), x̂_uij = b_i − b_j + p_u·(q_i − q_j); with g = σ(−x̂_uij):
 * p_u += lr(g(q_i − q_j) − λp_u), q_i += lr(g·p_u − λq_i), q_j += lr(−g·p_u − λq_j), b_i/b_j likewise.
 * Returns −ln σ(x̂_uij). With `updateItems` false only p_u moves (fold-in).
 */
function bprStep(
  p: Float32Array,
  po: number,
  q: Float32Array,
  b: Float32Array,
  i: number,
  j: number,
  f: number,
  lr: number,
  reg: number,
  updateItems: boolean,
): number {
  const io = i * f;
  const jo = j * f;
  let x = b[i] - b[j];
  for (let k = 0; k < f; k++) x += p[po + k] * (q[io + k] - q[jo + k]);
  const g = 1 / (1 + Math.exp(x));
  for (let k = 0; k < f; k++) {
    const pu = p[po + k];
    const qi = q[io + k];
    const qj = q[jo + k];
    p[po + k] += lr * (g * (qi - qj) - reg * pu);
    if (updateItems) {
      q[io + k] += lr * (g * pu - reg * qi);
      q[jo + k] += lr * (-g * pu - reg * qj);
    }
  }
  if (updateItems) {
    b[i] += lr * (g - reg * b[i]);
    b[j] += lr * (-g - reg * b[j]);
  }
  return x > 30 ? 0 : Math.log1p(Math.exp(-x));
}
