import type * as Tf from '@tensorflow/tfjs-core';
import { ModelError } from '../errors.js';

export type TfBackendName = 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';
export type TfModule = typeof Tf;

export interface TfRuntime {
  tf: TfModule;
  backend: TfBackendName;
  /** GPU adapter description when the backend is webgpu. */
  deviceName?: string;
  /** Whether embeddings may be trained here (never on the pure-JS `cpu` backend: ~37 s per 4k-sample step). */
  canTrain: boolean;
}

export interface BackendOptions {
  /** Backends to try, in order. Default: webgpu → tensorflow → wasm → cpu. */
  order?: TfBackendName[];
  /** Where the choice (and why others were skipped) is logged; default stderr. */
  log?: (message: string) => void;
}

const DEFAULT_ORDER: TfBackendName[] = ['webgpu', 'tensorflow', 'wasm', 'cpu'];
let current: Promise<TfRuntime> | undefined;

/**
 * Picks a TF.js backend once per process, lazily (nothing heavy is imported until a model needs tensors):
 * `webgpu` when Dawn finds a GPU adapter → `tensorflow` only if tfjs-node(-gpu) is already installed →
 * `wasm` → `cpu` (inference only). Later calls return the same runtime.
 */
export function tfRuntime(options: BackendOptions = {}): Promise<TfRuntime> {
  current ??= selectBackend(options);
  return current;
}

/** Forgets the chosen backend so the next `tfRuntime` call selects again (benchmarks compare backends). */
export function resetTfRuntime(): void {
  current = undefined;
}

async function selectBackend(options: BackendOptions): Promise<TfRuntime> {
  const log = options.log ?? ((m: string) => process.stderr.write(`[models] ${m}\n`));
  const tf = await import('@tensorflow/tfjs-core');
  const skipped: string[] = [];
  for (const name of options.order ?? DEFAULT_ORDER) {
    try {
      const deviceName = await registerBackend(tf, name);
      if (deviceName === null) {
        skipped.push(`${name}: unavailable`);
        continue;
      }
      if (!(await tf.setBackend(name))) {
        skipped.push(`${name}: failed to initialise`);
        continue;
      }
      await tf.ready();
      log(
        `TF.js backend: ${name}${deviceName ? ` (${deviceName})` : ''}; skipped: ${skipped.join('; ') || 'none'}`,
      );
      return { tf, backend: name, deviceName: deviceName || undefined, canTrain: name !== 'cpu' };
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new ModelError('BACKEND_UNAVAILABLE', `no TF.js backend could start (${skipped.join('; ')})`);
}

/** Registers a backend with tfjs-core; returns a device name ('' if none) or null when it cannot exist here. */
async function registerBackend(tf: TfModule, name: TfBackendName): Promise<string | null> {
  if (tf.findBackend(name)) return '';
  switch (name) {
    case 'webgpu': {
      const adapter = await findGpuAdapter();
      if (!adapter) return null;
      await import('@tensorflow/tfjs-backend-webgpu');
      return adapter;
    }
    case 'tensorflow': {
      // Optional and never a dependency: only used when the host already has it installed.
      for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
        try {
          await import(/* @vite-ignore */ pkg);
          if (tf.findBackend('tensorflow')) return pkg;
        } catch {
          // not installed
        }
      }
      return null;
    }
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      return '';
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return '';
  }
}

/**
 * Asks Dawn (the `webgpu` package) for an adapter and installs `navigator.gpu` and the WebGPU globals that
 * tfjs-backend-webgpu expects. Returns the adapter's description, or null when there is no GPU.
 */
export async function findGpuAdapter(): Promise<string | null> {
  let webgpu: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    webgpu = (await import('webgpu')) as unknown as typeof webgpu;
  } catch {
    return null;
  }
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return null;
  Object.assign(globalThis, webgpu.globals);
  const nav = (globalThis as { navigator?: Record<string, unknown> }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  const info = (
    adapter as { info?: { vendor?: string; architecture?: string; description?: string; device?: string } }
  ).info;
  return (
    [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ') || 'GPU'
  );
}
