import type { EventEnvelope } from '@tessera/events';
import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../features/aggregate.js';
import { GroupCommitter, type GroupWriter, type WriteRequest } from './group-commit.js';

const scored = (id: string): ScoredEvent => ({ event: { eventId: id } as EventEnvelope });
const request = (ids: string[], stale = false): WriteRequest => ({
  scored: ids.map(scored),
  deadLetters: [],
  heartbeat: async () => {},
  isStale: () => stale,
});
const ids = (outcome: { inserted: ScoredEvent[] } | { skipped: true }) =>
  'skipped' in outcome ? 'skipped' : outcome.inserted.map((s) => s.event.eventId);

/** Records each group it is given; "dup-…" events count as already stored. */
function recordingWriter(gate?: Promise<void>) {
  const groups: string[][] = [];
  const write: GroupWriter = async (rows) => {
    groups.push(rows.map((s) => s.event.eventId));
    await gate;
    return { inserted: rows.filter((s) => !s.event.eventId.startsWith('dup')) };
  };
  return { groups, write };
}

describe('GroupCommitter', () => {
  it('waits for every handler that has begun and writes their batches in one transaction', async () => {
    const { groups, write } = recordingWriter();
    const committer = new GroupCommitter(write, 10_000);
    const a = committer.begin();
    const b = committer.begin();
    const first = a.submit(request(['a1', 'dup-a2']));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(groups).toEqual([]); // b is still decoding
    const second = b.submit(request(['b1']));
    expect(ids(await first)).toEqual(['a1']);
    expect(ids(await second)).toEqual(['b1']);
    expect(groups).toEqual([['a1', 'dup-a2', 'b1']]);
  });

  it('gathers what arrives during a write into the next group', async () => {
    let release!: () => void;
    const { groups, write } = recordingWriter(new Promise((resolve) => (release = resolve)));
    const committer = new GroupCommitter(write, 10_000);
    const first = committer.begin().submit(request(['x']));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [committer.begin().submit(request(['y'])), committer.begin().submit(request(['z']))];
    release();
    await Promise.all([first, ...later]);
    expect(groups).toEqual([['x'], ['y', 'z']]);
  });

  it('fails every batch of a failed group, and the next group is written again', async () => {
    let calls = 0;
    const committer = new GroupCommitter(async (rows) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return { inserted: rows };
    }, 10_000);
    const a = committer.begin();
    const b = committer.begin();
    const results = Promise.allSettled([a.submit(request(['a'])), b.submit(request(['b']))]);
    const [ra, rb] = await results;
    expect(ra.status).toBe('rejected');
    expect(rb.status).toBe('rejected');
    expect(ids(await committer.begin().submit(request(['c'])))).toEqual(['c']);
  });

  it('skips a batch whose partition went to another member while it waited', async () => {
    const { groups, write } = recordingWriter();
    const committer = new GroupCommitter(write, 10_000);
    const a = committer.begin();
    const b = committer.begin();
    const stale = a.submit(request(['s'], true));
    const fresh = b.submit(request(['f']));
    expect(await stale).toEqual({ skipped: true });
    expect(ids(await fresh)).toEqual(['f']);
    expect(groups).toEqual([['f']]);
  });

  it('does not wait for a handler that ended without a write, nor past the linger', async () => {
    const { groups, write } = recordingWriter();
    const committer = new GroupCommitter(write, 30);
    const a = committer.begin();
    const cancelled = committer.begin();
    const pending = a.submit(request(['a']));
    cancelled.cancel();
    expect(ids(await pending)).toEqual(['a']);

    const slow = committer.begin(); // never submits: the linger ends the wait
    const started = Date.now();
    expect(ids(await committer.begin().submit(request(['b'])))).toEqual(['b']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    slow.cancel();
    expect(groups).toEqual([['a'], ['b']]);
  });
});
