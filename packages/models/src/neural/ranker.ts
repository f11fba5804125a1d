import type { Variable } from '@tensorflow/tfjs-core';
import type { Blob } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { ModelError } from '../errors.js';
import { Als } from '../models/als.js';
import { BaseModel } from '../models/base.js';
import type { FitConfig, UserRef } from '../models/contract.js';
import { blob } from '../models/state.js';
import { createRng, type Rng } from '../rng.js';
import { AdamMlp } from './adam-mlp.js';
import { type TfRuntime, tfRuntime } from './backend.js';
import { type MlpLayer, mlpForward, mlpScratch } from './mlp.js';

export interface NeuralRankerParams {
  /** Factors of the ALS model whose user/item vectors feed the network. */
  baseFactors: number;
  /** Hidden layer widths. */
  hidden1: number;
  hidden2: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Sampled negatives per observed interaction. */
  negatives: number;
  /** Stop after this many minibatches in all (0 = no limit); benchmarks use it to bound time. */
  maxBatches: number;
  seed: number;
}

/** Optional side features: row-major matrices, one row per user / item index of the training matrix. */
export interface SideFeatures {
  user?: { dim: number; values: Float32Array };
  item?: { dim: number; values: Float32Array };
}

/**
 * Neural ranker: an MLP over [user features, item features, p_u ⊙ q_i, p_u·q_i, item popularity] where p, q come
 * from ALS, trained with
 * logistic loss on observed interactions vs sampled negatives. Inputs are assembled on typed arrays outside
 * the gradient path, so training needs only matMul/relu/sigmoid gradients — it runs on `wasm` (which lacks
 * tf.gather's gradient kernel, UnsortedSegmentSum) as on `webgpu`. Scoring runs the MLP on typed arrays.
 */
export class NeuralRanker extends BaseModel<NeuralRankerParams> {
  readonly algorithm = 'neural';
  readonly task = 'ranking';
  private base = new Als();
  private layers: MlpLayer[] = [];
  private features: SideFeatures = {};
  private tf?: TfRuntime;
  /** Samples per second of the last fit (pairs through forward + backward). */
  lastSamplesPerSecond = 0;

  constructor(params: Partial<NeuralRankerParams> = {}) {
    super(
      {
        baseFactors: 32,
        hidden1: 64,
        hidden2: 32,
        epochs: 3,
        batchSize: 1024,
        learningRate: 0.003,
        negatives: 4,
        maxBatches: 0,
        seed: 42,
      },
      params,
    );
  }

  /** Side features to use in the next `fit` (and saved with the model). */
  setFeatures(features: SideFeatures): this {
    this.features = features;
    return this;
  }

  /** log(1 + interactions) per item, scaled to [0, 1]: a popularity prior the MLP can weigh. */
  private popularity: Float32Array = new Float32Array(0);

  /** [user features, item features, p_u ⊙ q_i, p_u·q_i, popularity_i]. */
  private get inputDim(): number {
    return (this.features.user?.dim ?? 0) + (this.features.item?.dim ?? 0) + this.params.baseFactors + 2;
  }

  protected async train(train: InteractionMatrix, config: FitConfig): Promise<void> {
    const { baseFactors, epochs, batchSize, learningRate, negatives, seed } = this.params;
    this.base = new Als({ factors: baseFactors, seed });
    await this.base.fit(train);
    const counts = new Float32Array(train.nItems);
    let most = 1;
    for (let e = 0; e < train.nnz; e++) most = Math.max(most, ++counts[train.items[e]]);
    const top = Math.log1p(most);
    this.popularity = counts.map((c) => Math.log1p(c) / top);
    const rt = await tfRuntime();
    if (!rt.canTrain) {
      throw new ModelError(
        'BACKEND_UNAVAILABLE',
        `cannot train on TF.js "${rt.backend}"`,
        'install the wasm backend',
      );
    }
    const { tf } = rt;
    const rng = createRng(seed);
    const dims = [this.inputDim, this.params.hidden1, this.params.hidden2, 1];
    const vars: Variable[] = [];
    for (let l = 0; l < 3; l++) {
      const std = Math.sqrt(2 / dims[l]);
      const w = Float32Array.from({ length: dims[l] * dims[l + 1] }, () => rng.normal() * std);
      vars.push(tf.variable(tf.tensor2d(w, [dims[l], dims[l + 1]])), tf.variable(tf.zeros([dims[l + 1]])));
    }
    const optimizer = new AdamMlp(tf, vars, learningRate);
    const perPositive = 1 + negatives;
    const total = train.nnz * perPositive;
    const x = new Float32Array(batchSize * this.inputDim);
    const y = new Float32Array(batchSize);
    const pairs = new Int32Array(batchSize * 2);
    const start = performance.now();
    let samples = 0;
    let totalBatches = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      let lossSum = 0;
      let batches = 0;
      for (let done = 0; done < total; done += batchSize) {
        if (this.params.maxBatches && totalBatches >= this.params.maxBatches) break;
        totalBatches++;
        const n = Math.min(batchSize, total - done);
        samplePairs(train, rng, n, perPositive, pairs, y);
        for (let k = 0; k < n; k++) this.inputRow(pairs[2 * k], pairs[2 * k + 1], x, k * this.inputDim);
        const xs = tf.tensor2d(x.subarray(0, n * this.inputDim), [n, this.inputDim]);
        const ys = tf.tensor2d(y.subarray(0, n), [n, 1]);
        const loss = optimizer.trainBatch(xs, ys);
        if (batches % 50 === 0) lossSum += (await loss.data())[0];
        tf.dispose([xs, ys, loss]);
        batches++;
        samples += n;
      }
      config.onProgress?.(
        `neural epoch ${epoch + 1}/${epochs} loss ${(lossSum / Math.ceil(batches / 50)).toFixed(4)}`,
      );
    }
    this.lastSamplesPerSecond = samples / ((performance.now() - start) / 1000);
    this.layers = [];
    for (let l = 0; l < 3; l++) {
      this.layers.push({
        weights: (await vars[2 * l].data()) as Float32Array,
        bias: (await vars[2 * l + 1].data()) as Float32Array,
        inputs: dims[l],
        outputs: dims[l + 1],
      });
    }
    for (const v of vars) v.dispose();
    optimizer.dispose();
  }

  /** Writes [user features, item features, p_u ⊙ q_i] for (u, i) at `out[offset…]`. */
  private inputRow(u: number, i: number, out: Float32Array, offset: number, userVector?: Float32Array): void {
    let at = offset;
    const uf = this.features.user;
    if (uf) {
      if (u >= 0) out.set(uf.values.subarray(u * uf.dim, (u + 1) * uf.dim), at);
      else out.fill(0, at, at + uf.dim);
      at += uf.dim;
    }
    const itf = this.features.item;
    if (itf) {
      out.set(itf.values.subarray(i * itf.dim, (i + 1) * itf.dim), at);
      at += itf.dim;
    }
    const f = this.params.baseFactors;
    const p = userVector ?? this.base.userVector(u);
    const q = this.base.itemVector(i);
    let dot = 0;
    for (let c = 0; c < f; c++) {
      out[at + c] = p[c] * q[c];
      dot += out[at + c];
    }
    out[at + f] = dot;
    out[at + f + 1] = this.popularity[i];
  }

  /**
   * Scores with the typed-array MLP (~4k FMAs per item), or, after `useTf()`, with one batched TF.js forward
   * pass (synchronous on wasm/cpu/tensorflow; equal to float rounding).
   */
  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const u = this.resolveUser(user);
    const o = this.scoreBuffer(out);
    const vector = typeof u === 'number' ? this.base.userVector(u) : this.base.foldIn(u);
    const index = typeof u === 'number' ? u : -1;
    const d = this.inputDim;
    if (this.tf) {
      const x = new Float32Array(o.length * d);
      for (let i = 0; i < o.length; i++) this.inputRow(index, i, x, i * d, vector);
      const { tf } = this.tf;
      const scores = tf.tidy(() => {
        let a = tf.tensor2d(x, [o.length, d]);
        this.layers.forEach((l, k) => {
          const z = tf.add(tf.matMul(a, tf.tensor2d(l.weights, [l.inputs, l.outputs])), tf.tensor1d(l.bias));
          a = (k < this.layers.length - 1 ? tf.relu(z) : z) as typeof a;
        });
        return a;
      });
      o.set(scores.dataSync() as Float32Array);
      scores.dispose();
      return o;
    }
    const x = new Float32Array(d);
    const scratch = mlpScratch(this.layers);
    for (let i = 0; i < o.length; i++) {
      this.inputRow(index, i, x, 0, vector);
      o[i] = mlpForward(this.layers, x, scratch);
    }
    return o;
  }

  /** Starts (or reuses) the TF.js runtime for batched scoring; without it scoring stays pure JS. */
  async useTf(): Promise<this> {
    const rt = await tfRuntime();
    this.tf = rt.backend === 'webgpu' ? undefined : rt;
    return this;
  }

  protected state() {
    const factors = this.base.factorMatrices();
    const blobs: Record<string, Blob> = {
      alsUserFactors: factors.user,
      alsItemFactors: factors.item,
      popularity: this.popularity,
    };
    this.layers.forEach((l, k) => {
      blobs[`w${k}`] = l.weights;
      blobs[`b${k}`] = l.bias;
    });
    if (this.features.user) blobs.userFeatures = this.features.user.values;
    if (this.features.item) blobs.itemFeatures = this.features.item.values;
    return {
      blobs,
      extra: { userFeatureDim: this.features.user?.dim ?? 0, itemFeatureDim: this.features.item?.dim ?? 0 },
    };
  }

  protected restore(blobs: Record<string, Blob>, extra: Record<string, unknown>): void {
    const userDim = Number(extra.userFeatureDim);
    const itemDim = Number(extra.itemFeatureDim);
    this.features = {
      user: userDim ? { dim: userDim, values: blob(blobs, 'userFeatures', Float32Array) } : undefined,
      item: itemDim ? { dim: itemDim, values: blob(blobs, 'itemFeatures', Float32Array) } : undefined,
    };
    this.popularity = blob(blobs, 'popularity', Float32Array);
    this.base = new Als({ factors: this.params.baseFactors, seed: this.params.seed });
    this.base.restoreState(
      { userIds: this.userIds, itemIds: this.itemIds },
      {
        userFactors: blob(blobs, 'alsUserFactors', Float32Array),
        itemFactors: blob(blobs, 'alsItemFactors', Float32Array),
      },
      {},
    );
    const dims = [this.inputDim, this.params.hidden1, this.params.hidden2, 1];
    this.layers = [0, 1, 2].map((k) => ({
      weights: blob(blobs, `w${k}`, Float32Array),
      bias: blob(blobs, `b${k}`, Float32Array),
      inputs: dims[k],
      outputs: dims[k + 1],
    }));
  }
}

/** Fills `pairs` with (user, item) and `labels` with 1 for an observed entry, 0 for each sampled negative. */
function samplePairs(
  train: InteractionMatrix,
  rng: Rng,
  n: number,
  perPositive: number,
  pairs: Int32Array,
  labels: Float32Array,
): void {
  for (let k = 0; k < n; k++) {
    const e = rng.int(train.nnz);
    const u = train.users[e];
    const positive = k % perPositive === 0;
    pairs[2 * k] = u;
    pairs[2 * k + 1] = positive ? train.items[e] : rng.int(train.nItems);
    labels[k] = positive ? 1 : 0;
  }
}
