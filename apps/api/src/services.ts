import type { Db } from '@tessera/db';
import type { Logger } from 'pino';
import type { Authenticator } from './auth/caller.js';
import type { ExperimentDirectory } from './experiments/assignment.js';
import type { EventSink } from './ingest/sink.js';
import type { Metrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';
import type { CatalogCache } from './serving/catalog.js';
import type { ModelCache } from './serving/model-cache.js';
import type { PopularityCache } from './serving/popularity.js';
import type { RecommendationService } from './serving/recommender.js';
import type { TenantDirectory } from './serving/tenants.js';

/** The long-lived parts of one API process, built once at start. */
export interface Services {
  db: Db;
  log: Logger;
  auth: Authenticator;
  tenants: TenantDirectory;
  catalogs: CatalogCache;
  popularity: PopularityCache;
  models: ModelCache;
  recommender: RecommendationService;
  events: EventSink;
  experiments: ExperimentDirectory;
  queryLimiter: RateLimiter;
  eventLimiter: RateLimiter;
  metrics: Metrics;
}
