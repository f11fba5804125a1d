import type { EventEnvelope } from '@tessera/events';
import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../features/aggregate.js';
import { GroupCommitter, type GroupWriter, type WriteRequest } from './group-commit.js';

/** "t:id" is event `id` of tenant `t` (tenant `-` when no prefix). */
const scored = (id: string): ScoredEvent => {
  const [tenantId, eventId] = id.includes(':') ? id.split(':') : ['-', id];
  return { event: { tenantId, eventId } as EventEnvelope, tsMs: 0, receivedAtMs: 0 };
};
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
    const committer = new GroupCommitter(write, { maxLingerMs: 10_000 });
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

  it('caps a group at maxGroupEvents and writes the rest in the next group', async () => {
    let release!: () => void;
    const { groups, write } = recordingWriter(new Promise((resolve) => (release = resolve)));
    const committer = new GroupCommitter(write, { maxLingerMs: 10_000, maxGroupEvents: 3 });
    const first = committer.begin().submit(request(['x']));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [
      committer.begin().submit(request(['a', 'b'])),
      committer.begin().submit(request(['c'])),
      committer.begin().submit(request(['d', 'e', 'f', 'g'])), // larger than the cap: goes alone
    ];
    release();
    await Promise.all([first, ...later]);
    expect(groups).toEqual([['x'], ['a', 'b', 'c'], ['d', 'e', 'f', 'g']]);
  });

  it('writes two lanes of tenants at the same time, each tenant in its own lane and in order', async () => {
    const gates: (() => void)[] = [];
    const groups: string[][] = [];
    const write: GroupWriter = async (rows) => {
      groups.push(rows.map((s) => `${s.event.tenantId}:${s.event.eventId}`));
      await new Promise<void>((resolve) => gates.push(resolve));
      return { inserted: rows };
    };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const committer = new GroupCommitter(write, { maxLingerMs: 10_000, lanes: 2 });
    let firstDone = false;
    const first = committer.begin().submit(request(['a:1', 'b:1']));
    void first.then(() => (firstDone = true));
    await tick();
    expect(groups).toEqual([['a:1'], ['b:1']]); // a to lane 0, b to lane 1, written at once
    // a:2 waits for lane 0; c is new and goes to lane 1, which has had fewer events.
    const second = committer.begin().submit(request(['a:2', 'c:1']));
    await tick();
    expect(groups).toHaveLength(2);
    gates[0]?.();
    await tick();
    expect(groups).toEqual([['a:1'], ['b:1'], ['a:2']]);
    expect(firstDone).toBe(false); // its b part is still being written
    gates[1]?.();
    expect(ids(await first)).toEqual(['1', '1']);
    await tick();
    expect(groups[3]).toEqual(['c:1']);
    gates[2]?.();
    gates[3]?.();
    expect(ids(await second)).toEqual(['2', '1']); // the request's own order
  });

  it('fails a request when one of its tenant parts fails, though the other part committed', async () => {
    const committer = new GroupCommitter(
      async (rows) => {
        if (rows.some((s) => s.event.tenantId === 'bad')) throw new Error('constraint violated');
        return { inserted: rows };
      },
      { maxLingerMs: 10_000, lanes: 2 },
    );
    await expect(committer.begin().submit(request(['ok:1', 'bad:1']))).rejects.toThrow('constraint violated');
    expect(ids(await committer.begin().submit(request(['ok:2'])))).toEqual(['2']);
  });

  it('heartbeats for every request in the group while it is written', async () => {
    const beats: string[] = [];
    const committer = new GroupCommitter(
      async (rows, _deadLetters, between) => {
        await between();
        return { inserted: rows };
      },
      { maxLingerMs: 10_000 },
    );
    const a = committer.begin();
    const b = committer.begin();
    const withBeat = (ids: string[], name: string) => ({
      ...request(ids),
      heartbeat: async () => {
        beats.push(name);
      },
    });
    await Promise.all([a.submit(withBeat(['a'], 'consumer-1')), b.submit(withBeat(['b'], 'consumer-2'))]);
    expect(beats.sort()).toEqual(['consumer-1', 'consumer-2']);
  });

  it('gathers what arrives during a write into the next group', async () => {
    let release!: () => void;
    const { groups, write } = recordingWriter(new Promise((resolve) => (release = resolve)));
    const committer = new GroupCommitter(write, { maxLingerMs: 10_000 });
    const first = committer.begin().submit(request(['x']));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [committer.begin().submit(request(['y'])), committer.begin().submit(request(['z']))];
    release();
    await Promise.all([first, ...later]);
    expect(groups).toEqual([['x'], ['y', 'z']]);
  });

  it('fails every batch of a failed group, and the next group is written again', async () => {
    let calls = 0;
    const committer = new GroupCommitter(
      async (rows) => {
        calls += 1;
        if (calls === 1) throw new Error('connection lost');
        return { inserted: rows };
      },
      { maxLingerMs: 10_000 },
    );
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
    const committer = new GroupCommitter(write, { maxLingerMs: 10_000 });
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
    const committer = new GroupCommitter(write, { maxLingerMs: 30 });
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
