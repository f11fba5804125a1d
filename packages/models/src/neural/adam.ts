import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { TfModule } from './backend.js';

/**
 * Adam on TF.js variables given their gradients (computed by hand, with forward kernels only):
 *   m ← β1·m + (1−β1)g,  v ← β2·v + (1−β2)g²,  w ← w − lr·m̂/(√v̂ + ε)
 * with the bias corrections folded into the step size. Call inside `tf.tidy`.
 * The moments of all parameters live in one flat vector each, and the constants are made once: on
 * `webgpu` every kernel and every scalar upload is a dispatch, and a step of the neural ranker is
 * made of many small ones. Per variable (12 kernels and 6 scalar uploads each) a ranker step took
 * ~28 ms on an H200; flat, ~7–9 ms (bench:gpu 292k–296k → 873k–1.17M samples/s), with the same results.
 */
export class Adam {
  private readonly m: Variable;
  private readonly v: Variable;
  private readonly sizes: number[];
  private readonly constants: { beta1: Scalar; rest1: Scalar; beta2: Scalar; rest2: Scalar; epsilon: Scalar };
  private step = 0;

  constructor(
    private readonly tf: TfModule,
    readonly params: Variable[],
    /** Step size; callers may lower it between epochs (a decay schedule). */
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    epsilon = 1e-7,
  ) {
    this.sizes = params.map((p) => p.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.variable(tf.zeros([total]));
    this.v = tf.variable(tf.zeros([total]));
    this.constants = {
      beta1: tf.scalar(beta1),
      rest1: tf.scalar(1 - beta1),
      beta2: tf.scalar(beta2),
      rest2: tf.scalar(1 - beta2),
      epsilon: tf.scalar(epsilon),
    };
  }

  apply(grads: readonly Tensor[]): void {
    const { tf } = this;
    const { beta1, rest1, beta2, rest2, epsilon } = this.constants;
    this.step++;
    const lr = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.step)) / (1 - this.beta1 ** this.step);
    const g = tf.concat(grads.map((grad) => tf.reshape(grad, [-1])));
    const m = tf.add(tf.mul(this.m, beta1), tf.mul(g, rest1));
    const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), rest2));
    this.m.assign(m);
    this.v.assign(v);
    const steps = tf.split(tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), tf.scalar(lr)), this.sizes);
    for (let k = 0; k < this.params.length; k++) {
      const param = this.params[k] as Variable;
      param.assign(tf.sub(param, tf.reshape(steps[k] as Tensor, param.shape)));
    }
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
    for (const c of Object.values(this.constants)) c.dispose();
  }
}
