import { tfRuntime } from '@tessera/models';
import type { Logger } from './logger.js';

/**
 * The backend label recorded per job. The TF.js chooser runs once per process (webgpu when a GPU adapter
 * exists → tfjs-node if installed → wasm → cpu). Only the neural ranker computes on it; the factorization
 * and neighbourhood models train on typed arrays in V8 whatever the chooser found, and the label says so
 * instead of claiming an accelerator did the work.
 */
export function backendReporter(options: {
  detect: boolean;
  log: Logger;
}): (algorithm: string) => Promise<string> {
  let chosen: Promise<string> | undefined;
  const detect = () => {
    chosen ??= options.detect
      ? tfRuntime({ log: (message) => options.log.info(message) }).then(
          (runtime) => runtime.backend + (runtime.deviceName ? ` (${runtime.deviceName})` : ''),
          (error: unknown) => {
            options.log.warn({ err: error }, 'no TF.js backend could start');
            return 'none';
          },
        )
      : Promise.resolve('not-probed');
    return chosen;
  };
  return async (algorithm) => {
    const tf = await detect();
    return algorithm === 'neural' ? `tfjs:${tf}` : `typed-arrays (tfjs: ${tf})`;
  };
}
