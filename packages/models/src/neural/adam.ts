import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { TfModule } from './backend.js';

/**
 * Adam on TF.js variables given their gradients (computed by hand, with forward kernels only):
 *   m ← β1·m + (1−β1)g,  v ← β2·v + (1−β2)g²,  w ← w − lr·m̂/(√v̂ + ε)
 * with the bias corrections folded into the step size. Call inside `tf.tidy`.
 */
export class Adam {
  private readonly m: Variable[];
  private readonly v: Variable[];
  private step = 0;

  constructor(
    private readonly tf: TfModule,
    readonly params: Variable[],
    /** Step size; callers may lower it between epochs (a decay schedule). */
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.m = params.map((p) => tf.variable(tf.zerosLike(p)));
    this.v = params.map((p) => tf.variable(tf.zerosLike(p)));
  }

  apply(grads: readonly Tensor[]): void {
    const { tf } = this;
    this.step++;
    const lr = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.step)) / (1 - this.beta1 ** this.step);
    for (let k = 0; k < this.params.length; k++) {
      const g = grads[k];
      const m = tf.add(tf.mul(this.m[k], this.beta1), tf.mul(g, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v[k], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      this.m[k].assign(m);
      this.v[k].assign(v);
      this.params[k].assign(tf.sub(this.params[k], tf.mul(tf.div(m, tf.add(tf.sqrt(v), this.epsilon)), lr)));
    }
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
