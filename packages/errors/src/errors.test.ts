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
