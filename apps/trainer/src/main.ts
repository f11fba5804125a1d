#!/usr/bin/env node
import { isTesseraError } from '@tessera/errors';
import { configFromEnv, readTrainerEnv } from './env.js';
import { createLogger } from './logger.js';
import { startTrainer } from './trainer.js';

async function main(): Promise<void> {
  const env = readTrainerEnv();
  const log = createLogger(env.LOG_LEVEL);
  const config = configFromEnv(env);
  if (process.argv.includes('--once')) config.exitWhenIdle = true;
  const trainer = await startTrainer({ ...config, logger: log });
  if (trainer.metricsUrl) log.info({ url: trainer.metricsUrl }, 'metrics served');
  if (config.exitWhenIdle) {
    const summary = await trainer.done;
    await trainer.stop();
    process.exit(summary.failed > 0 ? 1 : 0);
  }
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      log.warn(
        { signal },
        'second signal: exiting now; the job in flight is recovered after the stale timeout',
      );
      process.exit(1);
    }
    log.info({ signal }, 'finishing the job in flight, then stopping');
    trainer.stop().then(
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
    `trainer: ${isTesseraError(error) ? error.describe() : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
