import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The trainer's Prometheus metrics on a registry of its own (several trainers can share a process).
 * Labels carry tenant ids, algorithms and outcomes only, never user data.
 */
export function createTrainerMetrics() {
  const registry = new Registry();
  const jobSeconds = new Histogram({
    name: 'tessera_trainer_job_seconds',
    help: 'Wall time of one training job attempt, claim to commit; outcome: active, candidate, retried, failed, lost',
    labelNames: ['algorithm', 'outcome'] as const,
    buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const phaseSeconds = new Histogram({
    name: 'tessera_trainer_phase_seconds',
    help: 'Time spent per job phase (read, fit, evaluate, write)',
    labelNames: ['phase'] as const,
    buckets: [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'tessera_trainer_jobs_total',
    help: 'Finished job attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const lastNdcg = new Gauge({
    name: 'tessera_trainer_last_ndcg_at_10',
    help: 'Holdout NDCG@10 of the latest trained version, per tenant',
    labelNames: ['tenant'] as const,
    registers: [registry],
  });
  const interactionsPerSecond = new Gauge({
    name: 'tessera_trainer_read_interactions_per_second',
    help: 'Read rate of the latest job (interactions per second)',
    registers: [registry],
  });
  const recovered = new Counter({
    name: 'tessera_trainer_stale_jobs_recovered_total',
    help: 'Jobs re-queued (or failed) because their trainer stopped heartbeating',
    registers: [registry],
  });
  const enqueued = new Counter({
    name: 'tessera_trainer_jobs_enqueued_total',
    help: 'Jobs queued by the scheduler, by trigger',
    labelNames: ['trigger'] as const,
    registers: [registry],
  });
  const canaries = new Counter({
    name: 'tessera_trainer_canary_decisions_total',
    help: 'Canary experiments ended by the trainer: promote (candidate won) or reject (lost, inconclusive, SRM, guardrail)',
    labelNames: ['decision'] as const,
    registers: [registry],
  });
  return {
    registry,
    canaries,
    jobSeconds,
    phaseSeconds,
    jobs,
    lastNdcg,
    interactionsPerSecond,
    recovered,
    enqueued,
  };
}
export type TrainerMetrics = ReturnType<typeof createTrainerMetrics>;

/** Serves GET /metrics; port 0 picks a free port. */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host = '0.0.0.0',
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('not found; try /metrics\n');
      return;
    }
    registry
      .metrics()
      .then((body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body))
      .catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
