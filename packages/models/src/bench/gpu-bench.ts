/**
 * npm run bench:gpu — trains the neural ranker and a TF.js MF on `webgpu` and on `wasm` with the same data and
 * prints {"backend","samplesPerSec","wasmSamplesPerSec","speedup","deviceName", …} last on stdout.
 * Sized for well under 5 minutes on one H200; without a GPU adapter it says so and exits 0.
 */
import { existsSync } from 'node:fs';
import type { InteractionMatrix } from '../data/interactions.js';
import { loadMovieLens } from '../data/movielens.js';
import { ml100kDir } from '../data/paths.js';
import { syntheticRatings } from '../eval/synthetic.js';
import { findGpuAdapter, resetTfRuntime, type TfBackendName, tfRuntime } from '../neural/backend.js';
import { NeuralRanker } from '../neural/ranker.js';
import { tfMfThroughput } from '../neural/tf-mf.js';
import { progress } from './args.js';

// A fixed number of minibatches on each backend (no early stopping); no EASE signal, whose fit is not measured.
const RANKER = {
  hidden1: 256,
  hidden2: 128,
  batchSize: 8192,
  epochs: 1_000,
  stoppingShare: 0,
  easeMaxItems: 0,
};
const MF = { factors: 64, batchSize: 8192, learningRate: 0.05, regularization: 0.001, seed: 1 };

async function measure(backend: TfBackendName, data: InteractionMatrix, batches: number) {
  resetTfRuntime();
  const rt = await tfRuntime({ order: [backend] });
  const ranker = new NeuralRanker({ ...RANKER, maxBatches: batches });
  await ranker.fit(data);
  const mf = await tfMfThroughput(rt, data, { ...MF, batches });
  progress(
    `${backend}: ranker ${ranker.lastSamplesPerSecond.toFixed(0)} samples/s, MF ${mf.toFixed(0)} samples/s`,
  );
  return { ranker: ranker.lastSamplesPerSecond, mf, deviceName: rt.deviceName };
}

const adapter = await findGpuAdapter();
if (!adapter) {
  progress('no WebGPU adapter found (no GPU, or no Vulkan loader on this machine): GPU benchmark skipped');
  process.stdout.write(
    `${JSON.stringify({ backend: null, samplesPerSec: null, wasmSamplesPerSec: null, speedup: null, deviceName: null, skipped: 'no GPU adapter' })}\n`,
  );
  process.exit(0);
}
progress(`GPU adapter: ${adapter}`);
const data = existsSync(ml100kDir)
  ? loadMovieLens(ml100kDir)
  : syntheticRatings({ users: 2000, items: 1500 });
const gpu = await measure('webgpu', data, 60);
const wasm = await measure('wasm', data, 6);
process.stdout.write(
  `${JSON.stringify({
    backend: 'webgpu',
    samplesPerSec: gpu.ranker,
    wasmSamplesPerSec: wasm.ranker,
    speedup: gpu.ranker / wasm.ranker,
    deviceName: gpu.deviceName ?? adapter,
    mf: { samplesPerSec: gpu.mf, wasmSamplesPerSec: wasm.mf, speedup: gpu.mf / wasm.mf },
    dataset: existsSync(ml100kDir) ? 'ml-100k' : 'synthetic',
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
