import type { Blob } from '../artifacts/format.js';
import type { InteractionMatrix } from '../data/interactions.js';
import { ModelError } from '../errors.js';
import { BaseModel } from '../models/base.js';
import type { FitConfig, FitReport, UserRef } from '../models/contract.js';
import { blob } from '../models/state.js';
import { createRng } from '../rng.js';
import { tfRuntime } from './backend.js';
import { holdoutSplit } from './holdout.js';
import {
  buildLists,
  type CandidateLists,
  columnStats,
  concatLists,
  pickLists,
  type SideWriter,
  standardize,
} from './lists.js';
import { mlpForward, mlpScratch } from './mlp.js';
import type { ListLoss, ResidualWeights } from './residual-mlp.js';
import { RankerSignals } from './signals.js';
import { trainRanker } from './train-ranker.js';

export interface NeuralRankerParams {
  /** Factors of the ALS model that generates candidates and whose score is the skip connection. */
  baseFactors: number;
  /** Candidates re-ranked per user (ALS's top-n, history excluded); the rest keep ALS's order below them. */
  candidates: number;
  /** Share of each user's training items held out as labels for the ranker (the signals fit the rest). */
  holdout: number;
  /** Independent holdout draws, each with its own signal fits: more labelled lists, more fitting time. */
  rounds: number;
  /** Hidden layer widths. */
  hidden1: number;
  hidden2: number;
  /** Most epochs; with validation data, training stops `patience` epochs after the best validation NDCG. */
  epochs: number;
  patience: number;
  /** Without validation data, share of the labelled lists set aside to stop on instead (0: run all epochs). */
  stoppingShare: number;
  /** Candidate rows per minibatch (whole lists: ⌊batchSize / candidates⌋ users, at least one). */
  batchSize: number;
  learningRate: number;
  /** The learning rate is multiplied by this after every epoch. */
  learningRateDecay: number;
  /** L2 weight on the MLP's matrices. */
  weightDecay: number;
  /** `softmax` over each candidate list, pairwise `bpr` within it, or pointwise `logistic`. */
  loss: ListLoss;
  knnNeighbors: number;
  easeLambda: number;
  /** Use EASE as a signal up to this many items (0: never). */
  easeMaxItems: number;
  /** Feed p_u ⊙ q_i (ALS factors) to the MLP as well as the scores. */
  factorFeatures: boolean;
  /** Stop after this many minibatches in all (0 = no limit); benchmarks use it to bound time. */
  maxBatches: number;
  seed: number;
}

/** Optional side features: row-major matrices, one row per user / item index of the training matrix. */
export interface SideFeatures {
  user?: { dim: number; values: Float32Array };
  item?: { dim: number; values: Float32Array };
}

/** Bumped when the saved state changes shape; `load` refuses other versions. */
const STATE_VERSION = 2;

/**
 * Neural re-ranker over ALS candidates. ALS proposes each user's top-n unseen items; an MLP with a skip
 * connection re-scores them from [ALS score, gap and rank, item-kNN and EASE scores and ranks, item
 * popularity, user activity, optional p_u ⊙ q_i, side features]. It starts as exactly the ALS ranking (see
 * ResidualMlp) and is trained, listwise by default, on hard negatives: the signal models are fitted on part
 * of each user's history and the held-out part labels their candidates (holdout.ts). With validation data,
 * the epoch with the best validation NDCG@10 is kept, and epoch 0 (ALS's own order) is a candidate too;
 * without, a share of the labelled lists plays that part.
 * Inputs are assembled on typed arrays outside the gradient path, so training runs on `wasm` as on `webgpu`.
 */
export class NeuralRanker extends BaseModel<NeuralRankerParams> {
  readonly algorithm = 'neural';
  readonly task = 'ranking';
  private signals?: RankerSignals;
  private net: ResidualWeights = { layers: [], wide: new Float32Array(0) };
  private mean: Float32Array = new Float32Array(0);
  private scale: Float32Array = new Float32Array(0);
  private features: SideFeatures = {};
  private valid?: InteractionMatrix;
  /** Candidate rows per second through forward + backward in the last fit. */
  lastSamplesPerSecond = 0;
  /** Validation NDCG@10 after each epoch of the last fit (index 0: before training, ALS's order). */
  validationCurve: number[] = [];

  constructor(params: Partial<NeuralRankerParams> = {}) {
    super(
      {
        baseFactors: 32,
        candidates: 100,
        holdout: 0.125,
        rounds: 1,
        hidden1: 64,
        hidden2: 32,
        epochs: 20,
        patience: 3,
        stoppingShare: 0.2,
        batchSize: 6400,
        learningRate: 0.003,
        learningRateDecay: 1,
        weightDecay: 0,
        loss: 'softmax',
        knnNeighbors: 100,
        easeLambda: 250,
        easeMaxItems: 5000,
        factorFeatures: false,
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

  override async fit(
    train: InteractionMatrix,
    valid?: InteractionMatrix,
    config?: FitConfig,
  ): Promise<FitReport> {
    this.valid = valid && valid.nnz > 0 ? valid : undefined;
    try {
      return await super.fit(train, valid, config);
    } finally {
      this.valid = undefined;
    }
  }

  private get sideDim(): number {
    return (this.features.user?.dim ?? 0) + (this.features.item?.dim ?? 0);
  }

  private readonly writeSide: SideWriter = (u, i, out, at) => {
    let c = at + this.signals!.dim;
    const { user, item } = this.features;
    if (user) {
      if (u >= 0) out.set(user.values.subarray(u * user.dim, (u + 1) * user.dim), c);
      else out.fill(0, c, c + user.dim);
      c += user.dim;
    }
    if (item) out.set(item.values.subarray(i * item.dim, (i + 1) * item.dim), c);
  };

  protected async train(train: InteractionMatrix, config: FitConfig): Promise<void> {
    const p = this.params;
    const rt = await tfRuntime();
    if (!rt.canTrain) {
      throw new ModelError(
        'BACKEND_UNAVAILABLE',
        `cannot train on TF.js "${rt.backend}"`,
        'install the wasm backend',
      );
    }
    const rng = createRng(p.seed);
    const signalParams = {
      factors: p.baseFactors,
      knnNeighbors: p.knnNeighbors,
      easeLambda: p.easeLambda,
      easeMaxItems: p.easeMaxItems,
      factorFeatures: p.factorFeatures,
      seed: p.seed,
    };
    const start = performance.now();
    this.signals = await RankerSignals.fit(train, signalParams);
    const dim = this.signals.dim + this.sideDim;
    const parts: CandidateLists[] = [];
    for (let r = 0; r < p.rounds; r++) {
      const { base, labels } = holdoutSplit(train, p.holdout, rng);
      const inner = await RankerSignals.fit(base, signalParams);
      parts.push(buildLists(inner, labels, p.candidates, dim, this.writeSide, true));
    }
    let lists = concatLists(parts);
    let validLists: CandidateLists | undefined;
    if (this.valid) {
      validLists = buildLists(this.signals, this.valid, p.candidates, dim, this.writeSide, false);
    } else if (p.stoppingShare > 0) {
      // No validation data (the trainer's case): stop early on a share of the labelled lists instead.
      const order = rng.shuffle(Int32Array.from({ length: lists.count }, (_, k) => k));
      const held = Math.floor(p.stoppingShare * lists.count);
      if (held > 0) {
        validLists = pickLists(lists, order.subarray(0, held));
        lists = pickLists(lists, order.subarray(held));
      }
    }
    config.onProgress?.(
      `neural: signals and ${lists.count} training lists in ${((performance.now() - start) / 1000).toFixed(1)}s`,
    );
    ({ mean: this.mean, scale: this.scale } = columnStats(lists));
    standardize(lists.x, lists.count * lists.slots, this.mean, this.scale);
    if (validLists) standardize(validLists.x, validLists.count * validLists.slots, this.mean, this.scale);
    const result = await trainRanker(rt.tf, lists, validLists, p, rng, config);
    this.net = result.weights;
    this.lastSamplesPerSecond = result.samplesPerSecond;
    this.validationCurve = result.curve;
  }

  scoreAll(user: UserRef, out?: Float32Array): Float32Array {
    const u = this.resolveUser(user);
    const signals = this.signals!;
    const dim = this.mean.length;
    const x = new Float32Array(this.params.candidates * dim);
    const { items, als } = signals.candidates(u, this.params.candidates, x, 0, dim);
    for (let r = 0; r < items.length; r++)
      this.writeSide(typeof u === 'number' ? u : -1, items[r], x, r * dim);
    standardize(x, items.length, this.mean, this.scale);
    const scratch = mlpScratch(this.net.layers);
    const picked = new Float32Array(items.length);
    let lowest = Number.POSITIVE_INFINITY;
    for (let r = 0; r < items.length; r++) {
      const row = x.subarray(r * dim, (r + 1) * dim);
      let s = mlpForward(this.net.layers, row, scratch);
      for (let c = 0; c < dim; c++) s += this.net.wide[c] * row[c];
      picked[r] = s;
      lowest = Math.min(lowest, s);
    }
    // Every other item keeps its ALS order, shifted below the lowest re-ranked candidate.
    const o = this.scoreBuffer(out);
    o.set(als);
    const isCandidate = new Uint8Array(o.length);
    for (const i of items) isCandidate[i] = 1;
    let highest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < o.length; i++) if (!isCandidate[i]) highest = Math.max(highest, o[i]);
    const shift = items.length && highest > Number.NEGATIVE_INFINITY ? highest - lowest + 1 : 0;
    for (let i = 0; i < o.length; i++) o[i] -= shift;
    for (let r = 0; r < items.length; r++) o[items[r]] = picked[r];
    return o;
  }

  protected state() {
    const signals = this.signals!.pack();
    const blobs: Record<string, Blob> = {
      ...signals.blobs,
      mean: this.mean,
      scale: this.scale,
      wide: this.net.wide,
    };
    this.net.layers.forEach((l, k) => {
      blobs[`w${k}`] = l.weights;
      blobs[`b${k}`] = l.bias;
    });
    if (this.features.user) blobs.userFeatures = this.features.user.values;
    if (this.features.item) blobs.itemFeatures = this.features.item.values;
    return {
      blobs,
      extra: {
        ...signals.extra,
        stateVersion: STATE_VERSION,
        userFeatureDim: this.features.user?.dim ?? 0,
        itemFeatureDim: this.features.item?.dim ?? 0,
      },
    };
  }

  protected restore(blobs: Record<string, Blob>, extra: Record<string, unknown>): void {
    if (extra.stateVersion !== STATE_VERSION) {
      throw new ModelError(
        'ARTIFACT_VERSION',
        `neural ranker state version ${String(extra.stateVersion ?? 1)}, this build reads ${STATE_VERSION}`,
        'retrain the neural ranker with this version of @tessera/models',
      );
    }
    const userDim = Number(extra.userFeatureDim);
    const itemDim = Number(extra.itemFeatureDim);
    this.features = {
      user: userDim ? { dim: userDim, values: blob(blobs, 'userFeatures', Float32Array) } : undefined,
      item: itemDim ? { dim: itemDim, values: blob(blobs, 'itemFeatures', Float32Array) } : undefined,
    };
    this.signals = RankerSignals.unpack(blobs, extra);
    this.mean = blob(blobs, 'mean', Float32Array);
    this.scale = blob(blobs, 'scale', Float32Array);
    const dims = [this.mean.length, this.params.hidden1, this.params.hidden2, 1];
    this.net = {
      wide: blob(blobs, 'wide', Float32Array),
      layers: [0, 1, 2].map((k) => ({
        weights: blob(blobs, `w${k}`, Float32Array),
        bias: blob(blobs, `b${k}`, Float32Array),
        inputs: dims[k],
        outputs: dims[k + 1],
      })),
    };
  }
}
