import { isTesseraError } from '@tessera/errors';
import { ModelError } from '@tessera/models';

const PERMANENT_MODEL_CODES = new Set([
  'DATA_EMPTY',
  'DATA_PARSE',
  'DATA_FORMAT',
  'INVALID_PARAM',
  'UNKNOWN_ALGORITHM',
]);

/**
 * What a failed attempt records: a reason (code first, never user data beyond ids) and whether another
 * attempt could succeed. Bad input and programmer errors (TypeError, RangeError…) are not retried, as
 * in kafkajs; everything else (database, memory, a crashed backend) is.
 */
export function classifyFailure(error: unknown): { reason: string; retriable: boolean } {
  if (isTesseraError(error)) return { reason: `${error.code}: ${error.message}`, retriable: error.retriable };
  if (error instanceof ModelError) {
    return {
      reason: `MODEL_${error.code}: ${error.message}`,
      retriable: !PERMANENT_MODEL_CODES.has(error.code),
    };
  }
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) {
    return { reason: `BUG: ${error.name}: ${error.message}`, retriable: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { reason: `TRAINING_FAILED: ${message}`, retriable: true };
}

/** Exponential backoff with full jitter: uniform in [0, base·2^(attempt−1)], capped at `maxMs`. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs = 15 * 60_000): number {
  return Math.round(Math.random() * Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}
