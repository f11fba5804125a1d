import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { InteractionMatrix } from '../data/interactions.js';
import { createRng } from '../rng.js';
import type { TfRuntime } from './backend.js';

export interface TfMfOptions {
  factors: number;
  batchSize: number;
  learningRate: number;
  regularization: number;
  batches: number;
  seed: number;
}

/**
 * Biased-free MF trained by minibatch SGD on a TF.js backend, for throughput comparisons between backends.
 * Embedding lookups are one-hot matMuls (U1·P) and their gradients are U1ᵀ·G, so only forward kernels are
 * needed (wasm has no UnsortedSegmentSum, the gradient of tf.gather). Returns samples per second.
 *   r̂ = μ + Σ_f P_uf Q_if;  e = r̂ − r;  P ← P − lr(U1ᵀ(e ⊙ Q_i)/B + λP);  Q likewise.
 */
export async function tfMfThroughput(
  rt: TfRuntime,
  data: InteractionMatrix,
  options: TfMfOptions,
): Promise<number> {
  const { tf } = rt;
  const { factors: f, batchSize, learningRate: lr, regularization: reg, batches, seed } = options;
  const rng = createRng(seed);
  const init = (n: number) =>
    tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: n * f }, () => rng.normal() * 0.1),
        [n, f],
      ),
    );
  const p = init(data.nUsers);
  const q = init(data.nItems);
  let mean = 0;
  for (let e = 0; e < data.nnz; e++) mean += data.values[e] / data.nnz;
  const users = new Int32Array(batchSize);
  const items = new Int32Array(batchSize);
  const ratings = new Float32Array(batchSize);
  const step = () => {
    for (let k = 0; k < batchSize; k++) {
      const e = rng.int(data.nnz);
      users[k] = data.users[e];
      items[k] = data.items[e];
      ratings[k] = data.values[e] - mean;
    }
    return tf.tidy(() => {
      const u1 = tf.cast(tf.oneHot(tf.tensor1d(users, 'int32'), data.nUsers), 'float32') as Tensor2D;
      const i1 = tf.cast(tf.oneHot(tf.tensor1d(items, 'int32'), data.nItems), 'float32') as Tensor2D;
      const pu = tf.matMul(u1, p);
      const qi = tf.matMul(i1, q);
      const err = tf.sub(tf.sum(tf.mul(pu, qi), 1, true), tf.tensor2d(ratings, [batchSize, 1]));
      const gp = tf.add(tf.div(tf.matMul(u1, tf.mul(err, qi), true, false), batchSize), tf.mul(p, reg));
      const gq = tf.add(tf.div(tf.matMul(i1, tf.mul(err, pu), true, false), batchSize), tf.mul(q, reg));
      p.assign(tf.sub(p, tf.mul(gp, lr)));
      q.assign(tf.sub(q, tf.mul(gq, lr)));
      return tf.mean(tf.square(err));
    });
  };
  // One warm-up step compiles kernels (shaders on webgpu) outside the timed loop.
  const warm = step();
  await warm.data();
  warm.dispose();
  const start = performance.now();
  let last = step();
  for (let b = 1; b < batches; b++) {
    last.dispose();
    last = step();
  }
  await last.data();
  last.dispose();
  const seconds = (performance.now() - start) / 1000;
  p.dispose();
  q.dispose();
  return (batches * batchSize) / seconds;
}
