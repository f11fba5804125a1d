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

/**
 * An error as it may be logged: type, code, a bounded message and the call stack, but never query
 * parameters or payloads (drizzle puts every bound value in its message, which would leak tenants'
 * personal fields into logs). Use as pino's `err` serializer.
 */
export function loggableError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 200) };
  let message = error.message;
  const params = message.indexOf('\nparams:');
  if (params >= 0) message = message.slice(0, params);
  const stack = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .slice(0, 10)
    .join('\n');
  const { code, hint, retriable } = error as { code?: unknown; hint?: unknown; retriable?: unknown };
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: message.length > 1000 ? `${message.slice(0, 1000)}…` : message,
    ...(code !== undefined ? { code } : {}),
    ...(hint !== undefined ? { hint } : {}),
    ...(retriable !== undefined ? { retriable } : {}),
    stack,
    ...(cause !== undefined && depth < 3 ? { cause: loggableError(cause, depth + 1) } : {}),
  };
}

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart, cannot
// connect now), and the socket errors of a server that went away.
const outageCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const outageMessages =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed|not currently accepting connections/i;

/**
 * An error that says a dependency (PostgreSQL, Kafka) is unreachable for now, turned into a retriable
 * `UNAVAILABLE` for clients (HTTP 503 with Retry-After); anything else gives null. Drizzle wraps the driver's
 * error, so causes are followed.
 */
export function dependencyOutage(error: unknown): TesseraError | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    const outage =
      (typeof code === 'string' &&
        (outageCodes.has(code) || code.startsWith('08') || code.startsWith('57P'))) ||
      outageMessages.test(e.message);
    if (outage)
      return new TesseraError(ErrorCodes.Unavailable, 'a backing service is unavailable; try again shortly', {
        retriable: true,
        cause: error,
        // Not "nothing was applied": a publish may have reached some partitions before failing.
        hint: 'retry with backoff; part of the request may have been applied (events retried with their eventId, or under the same idempotency key, are stored once)',
        details: { retryAfterSeconds: 2 },
      });
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
