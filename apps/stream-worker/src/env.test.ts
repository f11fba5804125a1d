import { describe, expect, it } from 'vitest';
import { configFromEnv, readWorkerEnv } from './env.js';

describe('worker environment', () => {
  it('runs embedded with nothing set', () => {
    const config = configFromEnv(readWorkerEnv({}));
    expect(config.kafkaBrokers).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
    expect(config.localLogDir).toBe('.tessera/events');
  });

  it('reads brokers, database and weights', () => {
    const config = configFromEnv(
      readWorkerEnv({
        KAFKA_BROKERS: 'a:9092, b:9093',
        DATABASE_URL: 'postgres://x@h:5432/db',
        STREAM_WORKER_WEIGHTS: '{"byType":{"view":0.5}}',
      }),
    );
    expect(config).toMatchObject({
      kafkaBrokers: ['a:9092', 'b:9093'],
      databaseUrl: 'postgres://x@h:5432/db',
      weights: { byType: { view: 0.5 } },
    });
    expect(configFromEnv(readWorkerEnv({}))).toMatchObject({ topic: 'events.v1', dlqTopic: 'events.dlq.v1' });
    expect(
      configFromEnv(
        readWorkerEnv({ STREAM_WORKER_TOPIC: 'acme.events-v2', STREAM_WORKER_DLQ_TOPIC: 'acme_dlq' }),
      ),
    ).toMatchObject({ topic: 'acme.events-v2', dlqTopic: 'acme_dlq' });
    expect(configFromEnv(readWorkerEnv({ STREAM_WORKER_WRITE_LANES: '2' })).writeLanes).toBe(2);
    expect(configFromEnv(readWorkerEnv({})).pipelined).toBe(false);
    expect(configFromEnv(readWorkerEnv({ STREAM_WORKER_PIPELINED: 'true' })).pipelined).toBe(true);
    expect(configFromEnv(readWorkerEnv({})).fetchMinBytes).toBeUndefined();
    expect(
      configFromEnv(
        readWorkerEnv({ STREAM_WORKER_FETCH_MIN_BYTES: '1', STREAM_WORKER_FETCH_MAX_WAIT_MS: '50' }),
      ),
    ).toMatchObject({ fetchMinBytes: 1, fetchMaxWaitMs: 50 });
  });

  it.each([
    ['KAFKA_BROKERS', 'localhost'],
    ['DATABASE_URL', 'mysql://h/db'],
    ['STREAM_WORKER_METRICS_PORT', 'ninety'],
    ['STREAM_WORKER_WEIGHTS', '{not json'],
    ['STREAM_WORKER_WRITE_LANES', '0'],
    ['STREAM_WORKER_PIPELINED', 'yes'],
    ['STREAM_WORKER_FETCH_MIN_BYTES', '0'],
    ['STREAM_WORKER_FETCH_MAX_WAIT_MS', '60000'],
    ['LOG_LEVEL', 'loud'],
    ['STREAM_WORKER_TOPIC', '../elsewhere'],
    ['STREAM_WORKER_DLQ_TOPIC', '..'],
  ])('stops on a bad %s, naming it', (variable, value) => {
    expect(() => readWorkerEnv({ [variable]: value })).toThrow(new RegExp(`^${variable} is invalid`));
  });
});
