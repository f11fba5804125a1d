#!/usr/bin/env node
import { isTesseraError } from '@tessera/errors';
import { configFromEnv, readWorkerEnv } from './env.js';
import { createLogger } from './logger.js';
import { startStreamWorker } from './worker.js';

async function main(): Promise<void> {
  const env = readWorkerEnv();
  const log = createLogger(env.LOG_LEVEL);
  const worker = await startStreamWorker({ ...configFromEnv(env), logger: log });
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    log.info({ signal }, 'finishing the batch in flight, then stopping');
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `stream-worker: ${isTesseraError(error) ? error.describe() : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
