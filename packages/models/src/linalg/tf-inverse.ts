import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { TfRuntime } from '../neural/backend.js';
import { spdInverse } from './dense.js';

/** Below this size the Float64 JS inverse is used directly. */
const BASE = 256;

/**
 * Inverse of a symmetric positive-definite matrix on a TF.js backend, by recursive 2×2 block inversion
 * (Schur complement), so that nearly all of the ~n³ work is matMul, which wasm runs ~30× faster than plain
 * JS loops here:  [A B; Bᵀ D]⁻¹ = [A⁻¹ + A⁻¹B S⁻¹ BᵀA⁻¹, −A⁻¹B S⁻¹; ·, S⁻¹], S = D − BᵀA⁻¹B.
 * Leaves of size ≤ 256 are inverted in Float64. Float32 is ample for well-regularised Gram matrices (EASE).
 */
export async function spdInverseTf(rt: TfRuntime, matrix: Float64Array, n: number): Promise<Float32Array> {
  if (n <= BASE) return Float32Array.from(spdInverse(matrix, n));
  const { tf } = rt;
  const invert = (a: Tensor2D): Tensor2D => {
    const m = a.shape[0];
    if (m <= BASE) {
      const leaf = spdInverse(Float64Array.from(a.dataSync()), m);
      return tf.tensor2d(Float32Array.from(leaf), [m, m]);
    }
    const h = m >> 1;
    const A = tf.slice(a, [0, 0], [h, h]);
    const B = tf.slice(a, [0, h], [h, m - h]);
    const D = tf.slice(a, [h, h], [m - h, m - h]);
    const Ai = invert(A);
    const AiB = tf.matMul(Ai, B);
    const Si = invert(tf.sub(D, tf.matMul(B, AiB, true, false)));
    const AiBSi = tf.matMul(AiB, Si);
    const topLeft = tf.add(Ai, tf.matMul(AiBSi, AiB, false, true));
    const topRight = tf.neg(AiBSi);
    return tf.concat(
      [tf.concat([topLeft, topRight], 1), tf.concat([tf.transpose(topRight), Si], 1)],
      0,
    ) as Tensor2D;
  };
  const result = tf.tidy(() => invert(tf.tensor2d(Float32Array.from(matrix), [n, n])));
  const data = (await result.data()) as Float32Array;
  result.dispose();
  return data;
}
