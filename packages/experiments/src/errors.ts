import { ErrorCodes, TesseraError } from '@tessera/errors';

/**
 * Thrown for input no experiment can produce (negative counts, successes above n, a variance of
 * zero, a control mean of zero for a relative effect...). It uses the shared `BAD_USER_INPUT`
 * code so the API can surface it unchanged; `hint` says what to fix.
 */
export class ExperimentInputError extends TesseraError {
  constructor(message: string, hint: string, details?: Record<string, unknown>) {
    super(ErrorCodes.BadUserInput, message, details === undefined ? { hint } : { hint, details });
    this.name = 'ExperimentInputError';
  }
}

export function isExperimentInputError(error: unknown): error is ExperimentInputError {
  return error instanceof ExperimentInputError;
}

/** Throws unless `value` is a finite number. */
export function requireFinite(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ExperimentInputError(
      `${name} must be a finite number, got ${String(value)}`,
      `pass a number for ${name}`,
    );
  }
  return value;
}

/** Throws unless `value` is a whole number >= `min`. */
export function requireCount(value: unknown, name: string, min = 0): number {
  const n = requireFinite(value, name);
  if (!Number.isInteger(n) || n < min) {
    throw new ExperimentInputError(
      `${name} must be a whole number >= ${min}, got ${n}`,
      min > 0
        ? `${name} needs at least ${min} units`
        : `${name} counts units, so it cannot be negative or fractional`,
    );
  }
  return n;
}

/** Throws unless 0 < alpha < 1. */
export function requireAlpha(alpha: unknown, name = 'alpha'): number {
  const a = requireFinite(alpha, name);
  if (!(a > 0 && a < 1)) {
    throw new ExperimentInputError(
      `${name} must lie strictly between 0 and 1, got ${a}`,
      'use e.g. 0.05 for 95%',
    );
  }
  return a;
}
