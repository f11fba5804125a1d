import { pgErrorCode, pgErrorMessage } from '@tessera/db';
import type { ScoredEvent } from '../features/aggregate.js';
import type { GroupWriter } from './group-commit.js';
import type { DeadLetterRow } from './write-batch.js';

/**
 * SQLSTATEs that say PostgreSQL will never store this data, however often it is retried: data
 * exceptions (class 22), program limits (54) and integrity violations other than the duplicate
 * key that deduplication expects. Connection losses, deadlocks and the like are not among them:
 * a retry cures those.
 */
export function isDataError(error: unknown): boolean {
  const code = pgErrorCode(error);
  return (
    code !== undefined &&
    (code.startsWith('22') ||
      code.startsWith('54') ||
      code === '23502' ||
      code === '23503' ||
      code === '23514')
  );
}

export interface PoisonEvent {
  scored: ScoredEvent;
  error: unknown;
}

/**
 * Writes a group; when PostgreSQL refuses its data, finds the events it refuses by writing halves
 * of the group in transactions of their own (down to single events), stores the rest, and returns
 * the refused ones apart for the DLQ. Validation should leave none, but one it missed must not
 * fail its group, and with it every partition whose events share the group, on each redelivery
 * for ever. The halves that commit are deduplicated on a replay like any other write.
 */
export async function writeIsolatingPoison(
  write: GroupWriter,
  scored: ScoredEvent[],
  deadLetters: DeadLetterRow[],
  between: () => Promise<void>,
): Promise<{ inserted: ScoredEvent[]; poison: PoisonEvent[] }> {
  try {
    return { inserted: (await write(scored, deadLetters, between)).inserted, poison: [] };
  } catch (error) {
    if (!isDataError(error)) throw error;
    // The validator's dead letters are sanitized; if PostgreSQL refuses even them, give up as before.
    if (deadLetters.length > 0) await write([], deadLetters, between);
    const poison: PoisonEvent[] = [];
    const isolate = async (part: ScoredEvent[], failed: unknown): Promise<ScoredEvent[]> => {
      if (part.length === 1) {
        poison.push({ scored: part[0] as ScoredEvent, error: failed });
        return [];
      }
      const middle = part.length >> 1;
      const halves = [part.slice(0, middle), part.slice(middle)];
      const inserted: ScoredEvent[] = [];
      for (const half of halves) {
        try {
          inserted.push(...(await write(half, [], between)).inserted);
        } catch (halfError) {
          if (!isDataError(halfError)) throw halfError;
          inserted.push(...(await isolate(half, halfError)));
        }
      }
      return inserted;
    };
    const inserted = scored.length === 0 ? [] : await isolate(scored, error);
    return { inserted, poison };
  }
}

/**
 * "SQLSTATE 22P02: <PostgreSQL's message>" from inside whatever the drivers wrapped it in, or the
 * innermost cause's message: never drizzle's own, which holds every bind parameter of the query.
 */
export function describeRefusal(error: unknown): string {
  const code = pgErrorCode(error);
  if (code !== undefined) return `SQLSTATE ${code}: ${pgErrorMessage(error)}`;
  let innermost = error as { message?: unknown; cause?: unknown } | undefined;
  while (innermost?.cause instanceof Error) innermost = innermost.cause;
  const text = String(innermost?.message ?? error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A database failure (PostgreSQL's SQLSTATE somewhere inside, or drizzle's wrapper of a query). */
export function isDriverError(error: unknown): boolean {
  return (
    pgErrorCode(error) !== undefined || (error instanceof Error && error.message.startsWith('Failed query:'))
  );
}
