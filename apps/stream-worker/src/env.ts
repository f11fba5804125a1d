import { TesseraError } from '@tessera/errors';
import { DLQ_TOPIC, EVENTS_TOPIC, topicNameSchema } from '@tessera/events';
import { z } from 'zod';
import type { StreamWorkerConfig } from './worker.js';

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'each broker must be host:port')).min(1));

/** Every variable the worker reads; `.env.example` documents them. */
export const workerEnvSchema = z.object({
  /** Comma-separated host:port list; absent → the durable local log. */
  KAFKA_BROKERS: brokerList.optional(),
  /** postgres://… ; absent → embedded PGlite in TESSERA_PGLITE_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  TESSERA_PGLITE_DIR: z.string().min(1).default('.tessera/pglite'),
  TESSERA_EVENT_LOG_DIR: z.string().min(1).default('.tessera/events'),
  STREAM_WORKER_GROUP_ID: z.string().min(1).default('tessera-stream-worker'),
  STREAM_WORKER_TOPIC: topicNameSchema.default(EVENTS_TOPIC),
  STREAM_WORKER_DLQ_TOPIC: topicNameSchema.default(DLQ_TOPIC),
  STREAM_WORKER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(30_000),
  STREAM_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Seconds between refreshes of each active tenant's engagement snapshots; 0 turns them off. */
  STREAM_WORKER_ENGAGEMENT_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Seconds between looks for finished days to seal into item day buckets; 0 turns sealing off. */
  STREAM_WORKER_BUCKET_SEAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Concurrent write transactions, each holding other tenants; absent → 2 (PGlite: 1). */
  STREAM_WORKER_WRITE_LANES: z.coerce.number().int().min(1).max(16).optional(),
  /** Kafka: fetch the next batch while earlier ones are stored (default false: one at a time). */
  STREAM_WORKER_PIPELINED: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** Kafka: compressed bytes a fetch waits for, up to STREAM_WORKER_FETCH_MAX_WAIT_MS (stop-and-wait only); absent → the worker's defaults. */
  STREAM_WORKER_FETCH_MIN_BYTES: z.coerce.number().int().min(1).max(1_048_576).optional(),
  STREAM_WORKER_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(2_000).optional(),
  /** JSON like {"byType":{"view":0.5},"customWeights":{"dislike":-5}}. */
  STREAM_WORKER_WEIGHTS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(
      z.object({
        byType: z.record(z.string(), z.number()).optional(),
        ratingSlope: z.number().optional(),
        ratingPivot: z.number().optional(),
        customWeights: z.record(z.string(), z.number()).optional(),
      }),
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Reads and checks the environment; a bad value stops the process with the variable's name. */
export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = workerEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new TesseraError('BAD_CONFIG', `${variable} is invalid: ${issue?.message ?? 'bad value'}`, {
      hint: `fix or unset ${variable}; see apps/stream-worker/.env.example`,
    });
  }
  return parsed.data;
}

export function configFromEnv(env: WorkerEnv): StreamWorkerConfig {
  const config: StreamWorkerConfig = {
    localLogDir: env.TESSERA_EVENT_LOG_DIR,
    pgliteDir: env.TESSERA_PGLITE_DIR,
    groupId: env.STREAM_WORKER_GROUP_ID,
    topic: env.STREAM_WORKER_TOPIC,
    sessionTimeoutMs: env.STREAM_WORKER_SESSION_TIMEOUT_MS,
    dlqTopic: env.STREAM_WORKER_DLQ_TOPIC,
    metricsPort: env.STREAM_WORKER_METRICS_PORT,
    engagementRefreshSeconds: env.STREAM_WORKER_ENGAGEMENT_REFRESH_SECONDS,
    bucketSealSeconds: env.STREAM_WORKER_BUCKET_SEAL_SECONDS,
    pipelined: env.STREAM_WORKER_PIPELINED,
  };
  if (env.KAFKA_BROKERS) config.kafkaBrokers = env.KAFKA_BROKERS;
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.STREAM_WORKER_WRITE_LANES) config.writeLanes = env.STREAM_WORKER_WRITE_LANES;
  if (env.STREAM_WORKER_FETCH_MIN_BYTES) config.fetchMinBytes = env.STREAM_WORKER_FETCH_MIN_BYTES;
  if (env.STREAM_WORKER_FETCH_MAX_WAIT_MS) config.fetchMaxWaitMs = env.STREAM_WORKER_FETCH_MAX_WAIT_MS;
  if (env.STREAM_WORKER_WEIGHTS)
    config.weights = env.STREAM_WORKER_WEIGHTS as StreamWorkerConfig['weights'] & object;
  return config;
}
