import { describe, expect, it } from 'vitest';
import { ErrorCodes, isTesseraError, TesseraError } from './index.js';

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
