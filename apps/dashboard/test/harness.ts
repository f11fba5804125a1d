import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ApiServer, startApiServer } from '@tessera/api';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import {
  createEventPublisher,
  createEventTransport,
  EVENTS_TOPIC,
  type EventPublisher,
} from '@tessera/events';
import { type StreamWorker, startStreamWorker } from '@tessera/stream-worker';
import { pino } from 'pino';
// @ts-expect-error: a plain ESM script without type declarations
import { buildDashboard, dashboardRoot } from '../scripts/build.mjs';

export interface Stack {
  database: TestDatabase;
  api: ApiServer;
  worker: StreamWorker;
  publisher: EventPublisher;
  dashboardUrl: string;
  /** Events the stream-worker has committed so far. */
  committed(): number;
  /** Writes one message to the event log as a direct producer would, bypassing the API's validation. */
  publishRaw(message: Record<string, unknown>): Promise<void>;
  gql(
    query: string,
    variables: Record<string, unknown>,
    key: string,
  ): Promise<{ data?: Record<string, any>; errors?: unknown[] }>;
  close(): Promise<void>;
}

const artifactsDir = path.resolve(import.meta.dirname, '..', 'test-artifacts');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** `next start` of the built dashboard on a free port, pointing at `apiUrl`. */
export async function startDashboard(apiUrl: string): Promise<{ url: string; process: ChildProcess }> {
  await buildDashboard();
  const port = await freePort();
  const nextBin = path.join(dashboardRoot, '../../node_modules/next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dashboardRoot,
    env: { ...process.env, API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const serverLog = createWriteStream(path.join(artifactsDir, 'next-server.log'));
  const keep = (chunk: Buffer) => {
    output += chunk;
    serverLog.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('the dashboard to listen', async () => {
      if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}: ${output}`);
      return (await fetch(`${url}/login`).catch(() => null))?.ok === true;
    });
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { url, process: child };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * The whole product on one machine: a fresh database on the real PostgreSQL server, the API,
 * the stream-worker reading a private event log (so this suite's events reach the feature store
 * without touching the Kafka topics other suites count), and the built dashboard.
 */
export async function startStack(): Promise<Stack> {
  const database = await createTestDatabase();
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-dashboard-'));
  await mkdir(artifactsDir, { recursive: true });
  // The API logs each request at debug level: with the Next server's log beside it, a hung
  // server action shows whether its API calls were made and answered.
  const apiLog = pino(
    { level: 'debug' },
    pino.destination({ dest: path.join(artifactsDir, 'api.log'), sync: false }),
  );
  const log = pino({ level: 'silent' });
  let committed = 0;
  const worker = await startStreamWorker({
    connection: database,
    localLogDir: logDir,
    logger: log,
    onCommitted: (inserted) => {
      committed += inserted.length;
    },
  });
  const publisher = createEventPublisher({ localLogDir: logDir });
  const api = await startApiServer({ db: database.db, publisher, log: apiLog, port: 0 });
  const dashboard = await startDashboard(api.url);
  return {
    database,
    api,
    worker,
    publisher,
    dashboardUrl: dashboard.url,
    committed: () => committed,
    async publishRaw(message) {
      const producer = await createEventTransport({ localLogDir: logDir }).producer();
      await producer.send(EVENTS_TOPIC, [
        { key: `${message.tenantId}:${message.userId}`, value: Buffer.from(JSON.stringify(message)) },
      ]);
      await producer.close();
    },
    async gql(query, variables, key) {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    },
    async close() {
      await stopProcess(dashboard.process);
      await api.close();
      await worker.stop();
      await database.drop();
      await rm(logDir, { recursive: true, force: true });
    },
  };
}
