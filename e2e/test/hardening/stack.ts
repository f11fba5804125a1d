import { type ApiServer, startApiServer } from '@tessera/api';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createEventPublisher, createKafkaTransport } from '@tessera/events';
import { startStreamWorker } from '@tessera/stream-worker';
import { type Logger, pino } from 'pino';

/** The hardening suites run against real servers only; say how to get them when they are missing. */
export function requireServices(): { brokers: string[] } {
  const missing = ['DATABASE_URL', 'KAFKA_BROKERS'].filter((name) => !process.env[name]);
  if (missing.length > 0)
    throw new Error(
      `${missing.join(' and ')} not set: the hardening suites need a real PostgreSQL and Kafka. ` +
        'Run `npm test` (it starts private ones), or `node infra/local/cli.mjs up` and export what `node infra/local/cli.mjs env` prints.',
    );
  return { brokers: process.env.KAFKA_BROKERS!.split(',') };
}

export interface Stack {
  database: TestDatabase;
  api: ApiServer;
  worker: Awaited<ReturnType<typeof startStreamWorker>> | null;
  close(): Promise<void>;
}

/** A fresh database, the stream-worker and the API, in this process, as the e2e suites run them. */
export async function startStack(
  options: { apiLog?: Logger; workerLog?: Logger; metricsPort?: number; worker?: boolean } = {},
): Promise<Stack> {
  const { brokers } = requireServices();
  const silent = pino({ level: 'silent' });
  const database = await createTestDatabase();
  // Topics of its own: on the shared events.v1 the worker would first read every exposure other
  // suites' servers published (rejected as unknown tenants), eating into this suite's waits.
  const suffix = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const topic = `hardening-${suffix}`;
  const dlqTopic = `${topic}.dlq`;
  const worker =
    options.worker === false
      ? null
      : await startStreamWorker({
          connection: database,
          kafkaBrokers: brokers,
          topic,
          dlqTopic,
          groupId: `hardening-${suffix}`,
          logger: options.workerLog ?? silent,
          ...(options.metricsPort !== undefined ? { metricsPort: options.metricsPort } : {}),
        });
  const api = await startApiServer({
    db: database.db,
    publisher: createEventPublisher({ kafkaBrokers: brokers, topic }),
    log: options.apiLog ?? silent,
    port: 0,
  });
  return {
    database,
    api,
    worker,
    async close() {
      await api.close();
      await worker?.stop();
      await database.drop();
      const transport = createKafkaTransport({ brokers });
      await transport.deleteTopics([topic, dlqTopic]).finally(() => transport.close());
    },
  };
}

export interface GqlReply {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

/** POST /graphql with a key or a session cookie; returns the raw text too, for leak searches. */
export async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  auth: { key?: string; cookie?: string },
): Promise<GqlReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: GqlReply['body'] = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: res.status, text, body };
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** Logs in through POST /auth/login and returns the session cookie (name=value). */
export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
