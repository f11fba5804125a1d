/**
 * A small ReLU MLP evaluated on typed arrays (no TF.js at inference): layers[k] has a row-major
 * weight matrix (in × out) and a bias (out). The last layer is linear with one output.
 */
export interface MlpLayer {
  weights: Float32Array;
  bias: Float32Array;
  inputs: number;
  outputs: number;
}

/** y = W_Lᵀ relu(… relu(W_1ᵀx + b_1) …) + b_L for one input vector. */
export function mlpForward(layers: readonly MlpLayer[], x: Float32Array, scratch: Float32Array[]): number {
  let input = x;
  for (let l = 0; l < layers.length; l++) {
    const { weights, bias, inputs, outputs } = layers[l];
    const out = scratch[l];
    out.set(bias);
    for (let a = 0; a < inputs; a++) {
      const v = input[a];
      if (v === 0) continue;
      const row = a * outputs;
      for (let b = 0; b < outputs; b++) out[b] += v * weights[row + b];
    }
    if (l < layers.length - 1) for (let b = 0; b < outputs; b++) if (out[b] < 0) out[b] = 0;
    input = out;
  }
  return input[0];
}

export function mlpScratch(layers: readonly MlpLayer[]): Float32Array[] {
  return layers.map((l) => new Float32Array(l.outputs));
}
