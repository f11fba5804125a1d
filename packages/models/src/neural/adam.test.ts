import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { Adam } from './adam.js';
import { tfRuntime } from './backend.js';

/** Adam for one parameter, element by element, in float64 (the textbook form, bias corrections folded into the step). */
function referenceAdam(w: number[], grads: number[][], lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7) {
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  grads.forEach((g, t) => {
    const step = (lr * Math.sqrt(1 - b2 ** (t + 1))) / (1 - b1 ** (t + 1));
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * (m[i] as number) + (1 - b1) * (g[i] as number);
      v[i] = b2 * (v[i] as number) + (1 - b2) * (g[i] as number) ** 2;
      w[i] = (w[i] as number) - (step * (m[i] as number)) / (Math.sqrt(v[i] as number) + eps);
    }
  });
  return w;
}

describe('Adam', () => {
  it('updates each of several differently shaped variables as Adam on that variable alone would', async () => {
    const { tf } = await tfRuntime({ order: ['wasm'], log: () => {} });
    const rng = createRng(7);
    const shapes = [[2, 3], [4], [3, 1]];
    const initial = shapes.map((s) =>
      Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    );
    // Each variable's gradients have their own scale, so moments given to the wrong variable would show.
    const grads = [0, 1, 2].map(() =>
      shapes.map((s, k) =>
        Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal() * 10 ** k),
      ),
    );
    const vars = shapes.map((s, k) => tf.variable(tf.tensor(initial[k] as number[], s)));
    const adam = new Adam(tf, vars, 0.01);
    for (const step of grads) {
      tf.tidy(() => adam.apply(step.map((g, k) => tf.tensor(g, shapes[k]) as Tensor)));
    }
    for (let k = 0; k < shapes.length; k++) {
      const expected = referenceAdam(
        [...(initial[k] as number[])],
        grads.map((step) => step[k] as number[]),
        0.01,
      );
      expect(vars[k]?.shape).toEqual(shapes[k]);
      const got = Array.from(await (vars[k] as Tensor).data());
      for (const [i, value] of got.entries()) expect(value).toBeCloseTo(expected[i] as number, 5);
    }
    adam.dispose();
    for (const v of vars) v.dispose();
  });
});
