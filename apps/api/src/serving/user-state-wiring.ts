import type { Connection, Db } from '@tessera/db';
import type { Logger } from 'pino';
import { tenantsWithActiveModel } from './model-cache.js';
import type { RecommendationService } from './recommender.js';
import type { UserStateCacheOptions } from './user-state-cache.js';
import { listenForUserStates } from './user-state-listener.js';

/**
 * Turns on the recommender's user-state cache: subscribes it to the change notifications, then
 * preloads every tenant with an active model (before the server says ready, so no request is slowed
 * by it). Returns the unsubscribe function, or undefined where there is no PostgreSQL server (PGlite
 * keeps reading per request).
 */
export async function startUserStateCache(
  db: Db,
  listen: Connection['listen'] | undefined,
  recommender: RecommendationService,
  log: Logger,
  options: UserStateCacheOptions,
): Promise<(() => Promise<void>) | undefined> {
  // node-postgres's Pool carries its Client class; PGlite's client does not.
  const pool = (db as unknown as { $client?: { Client?: unknown } }).$client;
  if (typeof pool?.Client !== 'function' || !listen) {
    log.info('user-state cache off: not a PostgreSQL server, or no LISTEN connection');
    return undefined;
  }
  const cache = recommender.enableUserStateCache(options);
  const stop = await listenForUserStates(listen, {
    onChange: (change) => cache.changed(change),
    onLost: () => {
      log.warn('user-state notifications lost: serving user state from PostgreSQL until they are back');
      cache.lost();
    },
    onListening: () => cache.listening(),
  });
  const began = performance.now();
  const tenants = await tenantsWithActiveModel(db);
  let users = 0;
  for (const tenantId of tenants) {
    try {
      users += await cache.preload(tenantId);
    } catch (error) {
      log.warn({ err: error, tenantId }, 'user-state preload failed; its users are read as asked');
    }
  }
  log.info(
    { tenants: tenants.length, users, ms: Math.round(performance.now() - began) },
    'user states preloaded',
  );
  return stop;
}
