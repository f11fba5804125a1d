import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { TfRuntime } from '../neural/backend.js';
import { spdInverse } from './dense.js';

/** Below this size the Float64 JS inverse is used directly. */
const BASE = 256;

/**
 * Inverse of a symmetric positive-definite matrix on a TF.js backend, by recursive 2×2 block inversion
 * (Schur complement), so that nearly all of the ~n³ work is matMul, which wasm runs ~30× faster than plain
 * JS loops here:  [A B; Bᵀ D]⁻¹ = [A⁻¹ + A⁻¹B S⁻¹ BᵀA⁻¹, −A⁻¹B S⁻¹; ·, S⁻¹], S = D − BᵀA⁻¹B.
 * Leaves of size ≤ 256 are inverted in Float64 after an async read (no dataSync, so webgpu works too).
 * Float32 is ample for well-regularised Gram matrices (EASE).
 */
export async function spdInverseTf(rt: TfRuntime, matrix: Float64Array, n: number): Promise<Float32Array> {
  if (n <= BASE) return Float32Array.from(spdInverse(matrix, n));
  const { tf } = rt;
  const invert = async (a: Tensor2D): Promise<Tensor2D> => {
    const m = a.shape[0];
    if (m <= BASE) {
      const leaf = spdInverse(Float64Array.from(await a.data()), m);
      return tf.tensor2d(Float32Array.from(leaf), [m, m]);
    }
    const h = m >> 1;
    const [A, B, D] = [
      tf.slice(a, [0, 0], [h, h]),
      tf.slice(a, [0, h], [h, m - h]),
      tf.slice(a, [h, h], [m - h, m - h]),
    ];
    const Ai = await invert(A);
    const AiB = tf.matMul(Ai, B);
    const S = tf.tidy(() => tf.sub(D, tf.matMul(B, AiB, true, false)) as Tensor2D);
    const Si = await invert(S);
    const result = tf.tidy(() => {
      const AiBSi = tf.matMul(AiB, Si);
      const topLeft = tf.add(Ai, tf.matMul(AiBSi, AiB, false, true));
      const topRight = tf.neg(AiBSi);
      return tf.concat(
        [tf.concat([topLeft, topRight], 1), tf.concat([tf.transpose(topRight), Si], 1)],
        0,
      ) as Tensor2D;
    });
    tf.dispose([A, B, D, Ai, AiB, S, Si]);
    return result;
  };
  const input = tf.tensor2d(Float32Array.from(matrix), [n, n]);
  const result = await invert(input);
  input.dispose();
  const data = (await result.data()) as Float32Array;
  result.dispose();
  return data;
}
