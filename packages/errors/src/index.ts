/**
 * One error vocabulary for every Tessera package and app. `code` is stable and machine
 * readable (it becomes GraphQL's `extensions.code` or an HTTP error body), `hint` tells a
 * person what to do about it, and `retriable` lets retry loops decide without parsing text.
 */
export const ErrorCodes = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  RateLimited: 'RATE_LIMITED',
  BadConfig: 'BAD_CONFIG',
  Unavailable: 'UNAVAILABLE',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes] | (string & {});

export interface TesseraErrorOptions {
  hint?: string;
  retriable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class TesseraError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly retriable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: TesseraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TesseraError';
    this.code = code;
    this.hint = options.hint;
    this.retriable = options.retriable ?? false;
    this.details = options.details;
  }

  /** The message with its hint, for logs and command-line output. */
  describe(): string {
    return this.hint ? `${this.code}: ${this.message} (hint: ${this.hint})` : `${this.code}: ${this.message}`;
  }
}

export function isTesseraError(error: unknown): error is TesseraError {
  return error instanceof TesseraError;
}

/** Exhaustiveness guard for switches over unions. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
