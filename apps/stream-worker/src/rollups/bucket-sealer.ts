import type { Db } from '@tessera/db';
import type { Logger } from '../logger.js';
import { sealTenant, tenantsDueForSeal } from '../store/bucket-seals.js';

export interface BucketSealerOptions {
  /** Seconds between looks for tenants with a finished, unsealed day. */
  seconds: number;
  /**
   * How long after midnight (UTC) a day is sealed (default 600): events that arrive late by less
   * than that are written as hour rows only, like the day's others; later ones are added to the
   * sealed day row as well.
   */
  graceSeconds?: number;
}

/**
 * Every `seconds`, seals the item day buckets of the tenants with a finished day not sealed yet
 * (see sealNextDay), one tenant and one day at a time so the worker waits on a tenant's lock only
 * for a day's hours. A failure is logged and retried next period: until a day is sealed, readers
 * take it from its hour rows, so nothing is wrong meanwhile, only slower to read.
 */
export function startBucketSealer(
  db: Db,
  log: Logger,
  options: BucketSealerOptions,
): { stop(): Promise<void> } {
  const graceSeconds = options.graceSeconds ?? 600;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = async () => {
    for (const tenantId of await tenantsDueForSeal(db, graceSeconds)) {
      if (stopped) return;
      const began = performance.now();
      const steps = await sealTenant(db, tenantId, graceSeconds);
      const last = steps.at(-1);
      if (last)
        log.info(
          {
            tenantId,
            sealedThrough: last.sealedThrough.toISOString(),
            days: steps.filter((step) => step.day !== null).length,
            dayRows: steps.reduce((sum, step) => sum + step.dayRows, 0),
            ms: Math.round(performance.now() - began),
          },
          'item day buckets sealed',
        );
    }
  };
  const look = () => {
    running = running
      .then(tick)
      .catch((error: unknown) => log.warn({ err: error }, 'sealing item day buckets failed'));
  };
  const timer = setInterval(look, options.seconds * 1000);
  timer.unref();
  // The first look right away: a worker started after midnight seals yesterday without waiting a period.
  look();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
