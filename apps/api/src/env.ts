import { ErrorCodes, TesseraError } from '@tessera/errors';
import { EVENTS_TOPIC, topicNameSchema } from '@tessera/events';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable the API reads; `.env.example` documents each one. */
export const apiEnvSchema = z.object({
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: optionalUrl,
  TESSERA_PGLITE_DIR: z.string().default('.tessera/pglite'),
  KAFKA_BROKERS: optionalUrl,
  TESSERA_EVENT_LOG_DIR: z.string().default('.tessera/events'),
  /** Where ingested events and served exposures go: the stream-worker's STREAM_WORKER_TOPIC. */
  API_EVENTS_TOPIC: topicNameSchema.default(EVENTS_TOPIC),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Per-tenant GraphQL requests per second (token bucket; bursts up to twice this). */
  RATE_LIMIT_QUERIES_PER_SECOND: positiveInt(2000),
  /** Per-tenant ingested events per second. */
  RATE_LIMIT_EVENTS_PER_SECOND: positiveInt(20000),
  MAX_BODY_BYTES: positiveInt(1_000_000),
  MAX_INGEST_BODY_BYTES: positiveInt(5_000_000),
  SESSION_TTL_HOURS: positiveInt(12),
  /**
   * Worker threads that rank recommendation lists; 0 (the default) ranks on the event loop. A
   * thread costs ~0.17 ms more CPU per list (the user's state copied over, the answer copied
   * back, a wake-up each way) and only pays on a machine with a core to spare for it.
   */
  API_RANKING_THREADS: z.coerce.number().int().min(0).max(16).default(0),
  /**
   * Keep users' serving state in the process, dropped per user by the change notifications of
   * migration 0011, and preload tenants with an active model before ready (saves a PostgreSQL round
   * trip per recommendation). `false` reads PostgreSQL on every request. PostgreSQL server only.
   */
  API_USER_STATE_CACHE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * MiB for trained users' candidate lists across the active models (the best 80 items per user,
   * computed when a model becomes active; 640 bytes a user). 0 scores every list per request.
   */
  API_TRAINED_CANDIDATES_MB: z.coerce.number().int().min(0).max(65_536).default(128),
  /** Comma-separated origins allowed to call with cookies (the dashboard). */
  CORS_ORIGINS: z.string().default(''),
});
export type ApiEnv = z.infer<typeof apiEnvSchema>;

/** Parses the environment; a bad value stops the process with the variable's name and what it expects. */
export function loadApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const parsed = apiEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new TesseraError(ErrorCodes.BadConfig, `invalid API configuration: ${problems}`, {
      hint: 'see .env.example for every variable and its expected form',
    });
  }
  return parsed.data;
}
