import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The worker's Prometheus metrics, on a registry of its own so several workers can share a process. */
export function createWorkerMetrics() {
  const registry = new Registry();
  const consumed = new Counter({
    name: 'tessera_stream_events_consumed_total',
    help: 'Messages consumed from the event topic; outcome: stored, duplicate (already stored) or rejected',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const consumedRate = new Gauge({
    name: 'tessera_stream_events_consumed_per_second',
    help: 'Messages consumed per second over the last reporting interval',
    registers: [registry],
  });
  const lag = new Gauge({
    name: 'tessera_stream_consumer_lag',
    help: 'Behind the end of the partition after the last batch: messages (Kafka) or bytes (local log)',
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
  });
  const dlq = new Counter({
    name: 'tessera_stream_dlq_total',
    help: 'Messages sent to the dead-letter topic, by reason code',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'tessera_stream_batch_seconds',
    help: 'Time to process one batch, from fetch to offset commit',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const batchFailures = new Counter({
    name: 'tessera_stream_batch_failures_total',
    help: 'Batches that failed and will be retried from the last committed offset',
    registers: [registry],
  });
  const insertFallbacks = new Counter({
    name: 'tessera_stream_insert_fallbacks_total',
    help: 'Write transactions whose plain insert met an already-stored event id (a replay or a client retry) and were written again with a per-event check',
    registers: [registry],
  });
  return { registry, consumed, consumedRate, lag, dlq, batchSeconds, batchFailures, insertFallbacks };
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** What /readyz reports: ready to consume, or why not. */
export type ReadinessCheck = () => Promise<{ ready: true } | { ready: false; reason: string }>;

/**
 * Serves GET /metrics, /healthz (liveness: the process answers) and /readyz (readiness: the
 * check passes, e.g. consuming and the database answers; 503 with the reason otherwise).
 * Port 0 picks a free port.
 */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host = '0.0.0.0',
  readiness: ReadinessCheck = async () => ({ ready: true }),
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(200, { status: 'ok' });
    if (path === '/readyz') {
      readiness()
        .then((state) =>
          state.ready
            ? json(200, { status: 'ready' })
            : json(503, { status: 'not ready', reason: state.reason }),
        )
        .catch((error: unknown) =>
          json(503, { status: 'not ready', reason: String((error as Error)?.message ?? error) }),
        );
      return;
    }
    if (path !== '/metrics') {
      response.writeHead(404).end('not found; try /metrics, /healthz or /readyz\n');
      return;
    }
    registry
      .metrics()
      .then((body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body))
      .catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
