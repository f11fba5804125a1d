import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createEventPublisher } from '@tessera/events';
import { pino } from 'pino';
import { type ApiServer, startApiServer } from '../src/server.js';

export interface Harness {
  database: TestDatabase;
  server: ApiServer;
  gql(
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLBody }>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export function requireKafka(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers)
    throw new Error('KAFKA_BROKERS is not set: run `npm test`, which starts a private Kafka broker');
  return brokers.split(',');
}

/** A real API on a random port over a fresh PostgreSQL database, publishing to the real Kafka broker. */
export async function startHarness(
  options: {
    queriesPerSecond?: number;
    rankingThreads?: number;
    userStateCache?: boolean;
    keepAliveTimeoutMs?: number;
    /** Runs on the fresh database before the server starts (so a preload at start sees it). */
    seed?: (database: TestDatabase) => Promise<void>;
  } = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  await options.seed?.(database);
  const publisher = createEventPublisher({ kafkaBrokers: requireKafka() });
  const server = await startApiServer({
    db: database.db,
    listen: database.listen,
    publisher,
    log: pino({ level: 'silent' }),
    port: 0,
    ...(options.queriesPerSecond ? { queriesPerSecond: options.queriesPerSecond } : {}),
    ...(options.rankingThreads !== undefined ? { rankingThreads: options.rankingThreads } : {}),
    ...(options.userStateCache ? { userStateCache: true } : {}),
    ...(options.keepAliveTimeoutMs !== undefined ? { keepAliveTimeoutMs: options.keepAliveTimeoutMs } : {}),
  });
  return {
    database,
    server,
    async gql(query, variables = {}, key, headers = {}) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLBody };
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}
