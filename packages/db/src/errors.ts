type DriverError = { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };

/** The PostgreSQL error inside whatever the drivers wrapped it in (drizzle puts it in `cause`). */
function pgError(error: unknown): DriverError | undefined {
  for (let e = error as DriverError | undefined; e; e = e.cause as DriverError | undefined)
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e;
  return undefined;
}

/** PostgreSQL's SQLSTATE of a failed query (e.g. 23505), however the drivers wrapped the error. */
export function pgErrorCode(error: unknown): string | undefined {
  return pgError(error)?.code as string | undefined;
}

/** PostgreSQL's own message of a failed query, not a wrapper's (drizzle's holds every bind parameter). */
export function pgErrorMessage(error: unknown): string | undefined {
  const e = pgError(error);
  return e === undefined ? undefined : String(e.message);
}

/** Whether PostgreSQL refused a write as a duplicate key (23505), of `constraint` when named. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
