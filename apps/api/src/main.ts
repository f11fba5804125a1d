#!/usr/bin/env node
import { assertMigrated, connect } from '@tessera/db';
import { isTesseraError, loggableError } from '@tessera/errors';
import { createEventPublisher } from '@tessera/events';
import { pino } from 'pino';
import { loadApiEnv } from './env.js';
import { createThreadedPublisher } from './ingest/threaded-publisher.js';
import { startApiServer } from './server.js';

/** The API as its own process (against a PostgreSQL server; `npm start` runs it in-process instead). */
async function main() {
  const env = loadApiEnv();
  const log = pino({ level: env.LOG_LEVEL, base: { service: 'api' }, serializers: { err: loggableError } });
  const connection = await connect({ url: env.DATABASE_URL, dataDir: env.TESSERA_PGLITE_DIR });
  await assertMigrated(connection).catch(async (error: unknown) => {
    await connection.close();
    throw error;
  });
  const topic = env.API_EVENTS_TOPIC;
  const publisher = createEventPublisher(
    env.KAFKA_BROKERS
      ? { kafkaBrokers: env.KAFKA_BROKERS.split(','), topic }
      : { localLogDir: env.TESSERA_EVENT_LOG_DIR, topic },
  );
  // With Kafka, exposures are encoded and sent on a worker thread, off the request path. The local
  // log has one writer per directory, so the embedded mode keeps them on the main publisher.
  const exposurePublisher = env.KAFKA_BROKERS
    ? createThreadedPublisher({ kafkaBrokers: env.KAFKA_BROKERS.split(','), topic })
    : undefined;
  const server = await startApiServer({
    db: connection.db,
    listen: connection.listen,
    publisher,
    ...(exposurePublisher ? { exposurePublisher } : {}),
    log,
    host: env.API_HOST,
    port: env.API_PORT,
    production: env.NODE_ENV === 'production',
    queriesPerSecond: env.RATE_LIMIT_QUERIES_PER_SECOND,
    eventsPerSecond: env.RATE_LIMIT_EVENTS_PER_SECOND,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxIngestBodyBytes: env.MAX_INGEST_BODY_BYTES,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    corsOrigins: env.CORS_ORIGINS.split(',').filter(Boolean),
    rankingThreads: env.API_RANKING_THREADS,
    userStateCache: env.API_USER_STATE_CACHE,
    trainedCandidatesMb: env.API_TRAINED_CANDIDATES_MB,
  });
  log.info({ url: server.url, database: connection.target }, 'API listening');
  const stop = async (signal: string) => {
    log.info({ signal }, 'draining');
    await server.close();
    await connection.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(isTesseraError(error) ? error.describe() : error);
  process.exit(1);
});
