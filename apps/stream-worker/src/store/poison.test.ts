import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../features/aggregate.js';
import { describeRefusal, isDataError, writeIsolatingPoison } from './poison.js';

const scored = (ids: string[]) =>
  ids.map((eventId) => ({ event: { eventId }, tsMs: 0, receivedAtMs: 0 }) as unknown as ScoredEvent);
const ids = (events: ScoredEvent[]) => events.map((s) => s.event.eventId);
/** As drizzle wraps the driver's error: its own message holds the query and every parameter. */
const pgFailure = (code: string) =>
  Object.assign(new Error('Failed query: insert … params: <megabytes>'), {
    cause: Object.assign(new Error(`refused (${code})`), { code }),
  });

describe('writeIsolatingPoison', () => {
  it('stores everything else and returns the events PostgreSQL refuses, writing halves apart', async () => {
    const calls: string[][] = [];
    const write = async (group: ScoredEvent[]) => {
      calls.push(ids(group));
      if (ids(group).some((id) => id.startsWith('bad'))) throw pgFailure('22023');
      return { inserted: group };
    };
    const result = await writeIsolatingPoison(
      write,
      scored(['a', 'bad1', 'b', 'c', 'd', 'bad2', 'e', 'f']),
      [],
      async () => {},
    );
    expect(ids(result.inserted).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(result.poison.map((p) => p.scored.event.eventId)).toEqual(['bad1', 'bad2']);
    expect(describeRefusal(result.poison[0]!.error)).toBe('SQLSTATE 22023: refused (22023)');
    // Halving: far fewer writes than one per event would take for a large group.
    expect(calls.length).toBeLessThanOrEqual(13);
  });

  it('fails as before on errors a retry cures, and when the dead letters themselves are refused', async () => {
    let calls = 0;
    const lost = Object.assign(new Error('Connection terminated'), { code: '08006' });
    await expect(
      writeIsolatingPoison(
        async () => {
          calls += 1;
          throw lost;
        },
        scored(['a', 'b']),
        [],
        async () => {},
      ),
    ).rejects.toBe(lost);
    expect(calls).toBe(1);
    expect(isDataError(lost)).toBe(false);
    const refusedRows = writeIsolatingPoison(
      async () => {
        throw pgFailure('22021');
      },
      scored(['a']),
      [{ tenantId: 't' } as never],
      async () => {},
    );
    await expect(refusedRows).rejects.toThrow(/Failed query/);
  });

  it('describes a failure without drizzle\u2019s parameters', () => {
    expect(describeRefusal(pgFailure('54000'))).toBe('SQLSTATE 54000: refused (54000)');
    const plain = new Error('x'.repeat(1000));
    expect(describeRefusal(plain).length).toBeLessThanOrEqual(301);
  });
});
