import { describe, expect, it } from 'vitest';
import { dependencyOutage, ErrorCodes, isTesseraError, TesseraError } from './index.js';

describe('TesseraError', () => {
  it('carries a code, a hint and a retriable flag', () => {
    const error = new TesseraError(ErrorCodes.Unavailable, 'broker down', {
      hint: 'start Kafka',
      retriable: true,
    });
    expect(isTesseraError(error)).toBe(true);
    expect(error.retriable).toBe(true);
    expect(error.describe()).toBe('UNAVAILABLE: broker down (hint: start Kafka)');
  });

  it('is not retriable unless said so', () => {
    expect(new TesseraError(ErrorCodes.BadUserInput, 'bad').retriable).toBe(false);
    expect(isTesseraError(new Error('plain'))).toBe(false);
  });
});

describe('loggableError', () => {
  it('drops bound query parameters and keeps the cause', async () => {
    const { loggableError } = await import('./index.js');
    const error = new Error(
      'Failed query: insert into users values ($1)\nparams: secret-condition-diabetes',
      {
        cause: Object.assign(new Error('duplicate key'), { code: '23505' }),
      },
    );
    const logged = loggableError(error);
    expect(JSON.stringify(logged)).not.toContain('secret-condition');
    expect(logged.message).toBe('Failed query: insert into users values ($1)');
    expect(logged.cause).toMatchObject({ message: 'duplicate key', code: '23505' });
  });
});

describe('dependencyOutage', () => {
  it('recognises a server that went away, directly or wrapped as a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const wrapped = new Error('Failed query: select 1\nparams: ', {
      cause: new Error('Connection terminated unexpectedly'),
    });
    for (const error of [refused, shutdown, wrapped]) {
      const outage = dependencyOutage(error);
      expect(outage?.code).toBe('UNAVAILABLE');
      expect(outage?.retriable).toBe(true);
      expect(outage?.details?.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('leaves other errors alone', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    expect(dependencyOutage(unique)).toBeNull();
    expect(dependencyOutage(new TypeError('x is undefined'))).toBeNull();
    expect(dependencyOutage('a string')).toBeNull();
  });
});
