import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Rng } from '../rng.js';
import { Adam } from './adam.js';
import type { TfModule } from './backend.js';
import type { MlpLayer } from './mlp.js';

/** How a list of candidate scores is compared with its labels. */
export type ListLoss = 'softmax' | 'bpr' | 'logistic';

/** The trained network on typed arrays: `score(x) = wideᵀx + mlp(x)`. */
export interface ResidualWeights {
  layers: MlpLayer[];
  wide: Float32Array;
}

/**
 * score(x) = wᵀx + W₃ᵀ relu(W₂ᵀ relu(W₁ᵀx + b₁) + b₂) + b₃ over standardized candidate features x. The wide
 * part starts as the skip connection e_skip (the ALS score column) and W₃ starts at zero, so before any step
 * the ranking is exactly ALS's; training can only move away from it where the labels say so.
 * Backward passes are written by hand with forward kernels only (matMul, relu, step, softmax, sigmoid, sum):
 * tfjs-core's gradient registry is not loadable from its Node bundle and wasm lacks UnsortedSegmentSum.
 * Per list of n slots with logits o and labels y (masked slots get −10⁴ before any softmax):
 *   softmax:  L = −Σ ŷ log softmax(o), ŷ = y/Σy          δ = softmax(o) − ŷ
 *   bpr:      L = Σ_{p∈pos, q∈neg} softplus(o_q − o_p)/P  δ_i = (Σ_p σ(o_i − o_p) − Σ_q σ(o_q − o_i))/P
 *   logistic: L = Σ softplus(o) − y·o over filled slots    δ = σ(o) − y
 * then δ_l = (δ_{l+1}W_{l+1}ᵀ) ⊙ 1[z_l > 0], ∂W_l = a_{l−1}ᵀδ_l, ∂b_l = Σ_rows δ_l, ∂w = xᵀδ.
 */
export class ResidualMlp {
  private readonly vars: Variable[];
  private readonly adam: Adam;

  constructor(
    private readonly tf: TfModule,
    private readonly dims: readonly [number, number, number],
    rng: Rng,
    skipColumn: number,
    learningRate: number,
    private readonly weightDecay: number,
  ) {
    const [d, h1, h2] = dims;
    const he = (rows: number, cols: number) =>
      Float32Array.from({ length: rows * cols }, () => rng.normal() * Math.sqrt(2 / rows));
    const wide = new Float32Array(d);
    wide[skipColumn] = 1;
    this.vars = [
      tf.variable(tf.tensor2d(he(d, h1), [d, h1])),
      tf.variable(tf.zeros([h1])),
      tf.variable(tf.tensor2d(he(h1, h2), [h1, h2])),
      tf.variable(tf.zeros([h2])),
      tf.variable(tf.zeros([h2, 1])),
      tf.variable(tf.zeros([1])),
      tf.variable(tf.tensor2d(wide, [d, 1])),
    ];
    this.adam = new Adam(tf, this.vars, learningRate);
  }

  /** Multiplies the step size by `factor` (called once per epoch for an exponential decay). */
  decayLearningRate(factor: number): void {
    this.adam.learningRate *= factor;
  }

  /** One step on `lists` lists of `slots` rows: x [lists·slots, d], labels and valid [lists, slots]. */
  trainStep(x: Tensor2D, labels: Tensor2D, valid: Tensor2D, loss: ListLoss): Tensor {
    const { tf } = this;
    return tf.tidy(() => {
      const [w1, b1, w2, b2, w3, b3, wide] = this.vars as Tensor2D[];
      const z1 = tf.add(tf.matMul(x, w1), b1) as Tensor2D;
      const a1 = tf.relu(z1);
      const z2 = tf.add(tf.matMul(a1, w2), b2) as Tensor2D;
      const a2 = tf.relu(z2);
      const out = tf.add(tf.add(tf.matMul(a2, w3), b3), tf.matMul(x, wide));
      const [lists, slots] = labels.shape;
      const o = tf.reshape(out, [lists, slots]) as Tensor2D;
      const { value, delta } = listLoss(tf, loss, o, labels, valid);
      const d3 = tf.reshape(delta, [lists * slots, 1]) as Tensor2D;
      const d2 = tf.mul(tf.matMul(d3, w3, false, true), tf.step(z2)) as Tensor2D;
      const d1 = tf.mul(tf.matMul(d2, w2, false, true), tf.step(z1)) as Tensor2D;
      const decay = (g: Tensor, w: Tensor) => (this.weightDecay ? tf.add(g, tf.mul(w, this.weightDecay)) : g);
      this.adam.apply([
        decay(tf.matMul(x, d1, true, false), w1),
        tf.sum(d1, 0),
        decay(tf.matMul(a1, d2, true, false), w2),
        tf.sum(d2, 0),
        decay(tf.matMul(a2, d3, true, false), w3),
        tf.sum(d3, 0),
        tf.matMul(x, d3, true, false),
      ]);
      return value;
    });
  }

  /** Scores of `rows` feature rows, batched on the backend (async read, so webgpu works too). */
  async forward(x: Float32Array, rows: number): Promise<Float32Array> {
    const { tf } = this;
    const out = tf.tidy(() => {
      const [w1, b1, w2, b2, w3, b3, wide] = this.vars as Tensor2D[];
      const xs = tf.tensor2d(x.subarray(0, rows * this.dims[0]), [rows, this.dims[0]]);
      const a1 = tf.relu(tf.add(tf.matMul(xs, w1), b1)) as Tensor2D;
      const a2 = tf.relu(tf.add(tf.matMul(a1, w2), b2)) as Tensor2D;
      return tf.add(tf.add(tf.matMul(a2, w3), b3), tf.matMul(xs, wide));
    });
    const scores = (await out.data()) as Float32Array;
    out.dispose();
    return scores;
  }

  /** A copy of the current weights on typed arrays. */
  async weights(): Promise<ResidualWeights> {
    const data = await Promise.all(this.vars.map((v) => v.data() as Promise<Float32Array>));
    const [d, h1, h2] = this.dims;
    const sizes = [d, h1, h2, 1];
    const layers = [0, 1, 2].map((l) => ({
      weights: data[2 * l],
      bias: data[2 * l + 1],
      inputs: sizes[l],
      outputs: sizes[l + 1],
    }));
    return { layers, wide: data[6] };
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
    this.adam.dispose();
  }
}

/** The loss value (scalar) and ∂L/∂o ([lists, slots]) for one batch, averaged per list. */
function listLoss(tf: TfModule, loss: ListLoss, o: Tensor2D, y: Tensor2D, valid: Tensor2D) {
  const lists = o.shape[0];
  if (loss === 'logistic') {
    const n = tf.sum(valid);
    const value = tf.div(tf.sum(tf.mul(tf.sub(tf.softplus(o), tf.mul(y, o)), valid)), n);
    return { value, delta: tf.div(tf.mul(tf.sub(tf.sigmoid(o), y), valid), n) };
  }
  const masked = tf.add(o, tf.mul(tf.sub(valid, 1), 1e4)) as Tensor2D;
  if (loss === 'softmax') {
    const target = tf.div(y, tf.maximum(tf.sum(y, 1, true), 1));
    const value = tf.div(tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(masked)))), lists);
    return { value, delta: tf.div(tf.mul(tf.sub(tf.softmax(masked), target), valid), lists) };
  }
  // bpr: pair (p, q) for every positive p and filled negative q of the same list; diff[l, p, q] = o_p − o_q.
  const negative = tf.mul(valid, tf.sub(1, y));
  const pairs = tf.mul(tf.expandDims(y, 2), tf.expandDims(negative, 1));
  const count = tf.maximum(tf.sum(pairs), 1);
  const diff = tf.sub(tf.expandDims(o, 2), tf.expandDims(o, 1));
  const value = tf.div(tf.sum(tf.mul(tf.softplus(tf.neg(diff)), pairs)), count);
  const pull = tf.mul(tf.sigmoid(tf.neg(diff)), pairs);
  const delta = tf.div(tf.sub(tf.sum(pull, 1), tf.sum(pull, 2)), count);
  return { value, delta };
}
