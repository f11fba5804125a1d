import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { TfModule } from './backend.js';

/**
 * Hand-written backward pass and Adam update for a ReLU MLP with a sigmoid cross-entropy head, using only
 * forward kernels (matMul, relu, sigmoid, step, sum). No autodiff: tfjs-core's gradient registry is not
 * loadable from its Node bundle, and wasm lacks some gradient kernels anyway (UnsortedSegmentSum for gather),
 * so this runs unchanged on wasm, webgpu and cpu.
 *   forward:  a_0 = X, z_l = a_{l−1}W_l + b_l, a_l = relu(z_l), p = σ(z_L)
 *   backward: δ_L = (p − y)/B, δ_l = (δ_{l+1}W_{l+1}ᵀ) ⊙ 1[z_l > 0], ∂W_l = a_{l−1}ᵀδ_l, ∂b_l = Σ_rows δ_l
 *   Adam:     m ← β1·m + (1−β1)g, v ← β2·v + (1−β2)g², w ← w − lr·m̂/(√v̂ + ε)
 */
export class AdamMlp {
  private readonly m: Variable[];
  private readonly v: Variable[];
  private step = 0;

  constructor(
    private readonly tf: TfModule,
    /** Interleaved [W_1, b_1, W_2, b_2, …]. */
    readonly params: Variable[],
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.m = params.map((p) => tf.variable(tf.zerosLike(p)));
    this.v = params.map((p) => tf.variable(tf.zerosLike(p)));
  }

  /** One minibatch step; returns the mean loss as a scalar tensor (caller disposes). */
  trainBatch(x: Tensor2D, y: Tensor2D): Tensor {
    const { tf } = this;
    this.step++;
    const lrT = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.step)) / (1 - this.beta1 ** this.step);
    return tf.tidy(() => {
      const layers = this.params.length / 2;
      const inputs: Tensor2D[] = [x];
      const preActs: Tensor2D[] = [];
      let a: Tensor2D = x;
      for (let l = 0; l < layers; l++) {
        const z = tf.add(tf.matMul(a, this.params[2 * l] as Tensor2D), this.params[2 * l + 1]) as Tensor2D;
        preActs.push(z);
        a = l < layers - 1 ? tf.relu(z) : z;
        if (l < layers - 1) inputs.push(a);
      }
      const logits = a;
      // Mean of softplus(z) − y·z, the stable form of −[y ln σ(z) + (1−y) ln(1−σ(z))].
      const loss = tf.mean(tf.sub(tf.softplus(logits), tf.mul(y, logits)));
      const batch = x.shape[0];
      let delta = tf.div(tf.sub(tf.sigmoid(logits), y), batch) as Tensor2D;
      const grads: Tensor[] = new Array(this.params.length);
      for (let l = layers - 1; l >= 0; l--) {
        grads[2 * l] = tf.matMul(inputs[l], delta, true, false);
        grads[2 * l + 1] = tf.sum(delta, 0);
        if (l > 0) {
          const back = tf.matMul(delta, this.params[2 * l] as Tensor2D, false, true);
          delta = tf.mul(back, tf.step(preActs[l - 1])) as Tensor2D;
        }
      }
      for (let k = 0; k < this.params.length; k++) {
        const g = grads[k];
        const m = tf.add(tf.mul(this.m[k], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[k], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[k].assign(m);
        this.v[k].assign(v);
        this.params[k].assign(
          tf.sub(this.params[k], tf.mul(tf.div(m, tf.add(tf.sqrt(v), this.epsilon)), lrT)),
        );
      }
      return loss;
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
