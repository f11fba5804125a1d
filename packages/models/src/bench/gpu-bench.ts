/**
 * npm run bench:gpu -- [--dataset DIR] [--gpu-batches N] [--wasm-batches N] [--skip-quality]
 * Trains the neural ranker and a TF.js MF on `webgpu` and on `wasm` with the same data and prints
 * {"backend","samplesPerSec","wasmSamplesPerSec","speedup","deviceName", …} last on stdout. Then, unless
 * --skip-quality, fits the default neural ranker on each backend under the RecBole protocol, so a webgpu
 * model is shown to learn what the wasm one learns (test NDCG@10 side by side).
 * Sized for well under 5 minutes on one H200; without a GPU adapter it says so and exits 0.
 * infra/gpu/ carries it to a GPU machine that has no Node.js.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { InteractionMatrix } from '../data/interactions.js';
import { loadMovieLens } from '../data/movielens.js';
import { ml100kDir } from '../data/paths.js';
import { evaluateTopN } from '../eval/evaluate.js';
import { recBoleSplit } from '../eval/recbole-protocol.js';
import { syntheticRatings } from '../eval/synthetic.js';
import { findGpuAdapter, resetTfRuntime, type TfBackendName, tfRuntime } from '../neural/backend.js';
import { NeuralRanker } from '../neural/ranker.js';
import { tfMfThroughput } from '../neural/tf-mf.js';
import { parseArgs, positiveInt, progress } from './args.js';

const args = parseArgs(process.argv.slice(2), {
  dataset: 'string',
  'gpu-batches': 'string',
  'wasm-batches': 'string',
  'skip-quality': 'flag',
});
// The GPU gets many more minibatches than wasm so that its timed span is long against timer and sync noise.
const gpuBatches = positiveInt(args, 'gpu-batches', 400);
const wasmBatches = positiveInt(args, 'wasm-batches', 6);
const datasetDir = typeof args.dataset === 'string' ? args.dataset : ml100kDir;

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

async function useBackend(backend: TfBackendName) {
  resetTfRuntime();
  return tfRuntime({ order: [backend] });
}

async function throughput(backend: TfBackendName, data: InteractionMatrix, batches: number) {
  const rt = await useBackend(backend);
  const ranker = new NeuralRanker({ ...RANKER, maxBatches: batches });
  await ranker.fit(data);
  const mf = await tfMfThroughput(rt, data, { ...MF, batches });
  progress(
    `${backend}: ranker ${ranker.lastSamplesPerSecond.toFixed(0)} samples/s, MF ${mf.toFixed(0)} samples/s (${batches} minibatches of ${RANKER.batchSize})`,
  );
  return { ranker: ranker.lastSamplesPerSecond, mf, rt };
}

async function quality(backend: TfBackendName, split: ReturnType<typeof recBoleSplit>) {
  await useBackend(backend);
  const ranker = new NeuralRanker();
  const report = await ranker.fit(split.train, split.valid, {
    onProgress: (m) => progress(`${backend}: ${m}`),
  });
  const scores = evaluateTopN(ranker, split.test, [split.train, split.valid]);
  progress(
    `${backend}: neural ranker test ndcg@10 ${scores.ndcg10.toFixed(4)} (valid ${report.validation?.value.toFixed(4)}) in ${report.trainSeconds.toFixed(1)}s`,
  );
  return {
    ndcg10: scores.ndcg10,
    recall10: scores.recall10,
    validNdcg10: report.validation?.value ?? null,
    epochs: ranker.validationCurve.length - 1,
    trainSeconds: report.trainSeconds,
  };
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
const real = existsSync(datasetDir);
if (!real) progress(`${datasetDir} not found: using synthetic ratings (2,000 users, 1,500 items)`);
const data = real ? loadMovieLens(datasetDir) : syntheticRatings({ users: 2000, items: 1500 });
const gpu = await throughput('webgpu', data, gpuBatches);
const wasm = await throughput('wasm', data, wasmBatches);
const wasmEnv = wasm.rt.tf.env();
const wasmFlavour = `${(await wasmEnv.getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'simd' : 'scalar'}, ${
  (await wasmEnv.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? 'threaded' : 'one thread'
}`;
let qualityResult: Record<string, unknown> | undefined;
if (!args['skip-quality']) {
  const split = recBoleSplit(data);
  qualityResult = {
    protocol: 'recbole',
    webgpu: await quality('webgpu', split),
    wasm: await quality('wasm', split),
  };
}
process.stdout.write(
  `${JSON.stringify({
    backend: 'webgpu',
    samplesPerSec: gpu.ranker,
    wasmSamplesPerSec: wasm.ranker,
    speedup: gpu.ranker / wasm.ranker,
    deviceName: gpu.rt.deviceName ?? adapter,
    wasmFlavour,
    batches: { webgpu: gpuBatches, wasm: wasmBatches, size: RANKER.batchSize },
    mf: { samplesPerSec: gpu.mf, wasmSamplesPerSec: wasm.mf, speedup: gpu.mf / wasm.mf },
    quality: qualityResult ?? null,
    dataset: real ? basename(datasetDir) : 'synthetic',
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
