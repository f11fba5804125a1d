import { randomUUID } from 'node:crypto';
import type { BatchContext, TransportProducer } from '@tessera/events';
import { describe, expect, it } from 'vitest';
import { defaultInteractionWeights } from './features/weights.js';
import { createLogger } from './logger.js';
import { createWorkerMetrics } from './metrics.js';
import { createBatchHandler } from './pipeline.js';
import type { GroupWriter } from './store/group-commit.js';
import type { TenantDirectory } from './tenants.js';
import { generateStream } from './testing/stream.js';

const tenantId = randomUUID();
const tenants = {
  partition: async (ids: Iterable<string>) => ({ known: new Set(ids), unknown: new Set<string>() }),
  forget() {},
} as unknown as TenantDirectory;
const dlqProducer: TransportProducer = { send: async () => {}, close: async () => {} };

/**
 * One partition's batch of `n` valid events at offsets from..from+n-1, recording what the handler
 * resolves and commits; `pipelined` gives it a pipelined consumer's partition (commits and seeks logged).
 */
function batchOf(n: number, options: { from?: number; pipelined?: boolean; log?: string[] } = {}) {
  const from = options.from ?? 0;
  const messages = [
    ...generateStream({
      events: n,
      tenantIds: [tenantId],
      unknownTenantId: randomUUID(),
      users: 50,
      items: 20,
      malformedRate: 0,
      duplicateRate: 0,
    }),
  ].map((m, i) => ({
    key: Buffer.from(m.key),
    value: m.value,
    offset: String(from + i),
    timestamp: String(Date.now()),
  }));
  const log: string[] = options.log ?? [];
  let resolved = -1;
  const ctx: BatchContext = {
    batch: { topic: 't', partition: 0, highWatermark: String(n), messages },
    resolveOffset: (offset) => {
      log.push(`resolve ${offset}`);
      resolved = Number(offset);
    },
    commitOffsets: async () => {
      log.push(`commit ${resolved}`);
    },
    heartbeat: async () => {},
    isRunning: () => true,
    isStale: () => false,
    ...(options.pipelined
      ? {
          pipelined: {
            commitOffset: async (next: string) => {
              log.push(`commit ${next}`);
            },
            seek: (offset: string) => log.push(`seek ${offset}`),
          },
        }
      : {}),
  };
  return { ctx, log };
}

/** A promise that settles when `release` is called: holds a write until the test lets it go. */
function held(): [Promise<void>, () => void] {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return [gate, release];
}

function handlerWith(writeGroup: GroupWriter, maxGroupEvents?: number, metrics = createWorkerMetrics()) {
  return createBatchHandler({
    db: undefined as never,
    dlqProducer,
    dlqTopic: 'dlq',
    tenants,
    weights: defaultInteractionWeights,
    scoreSentiment: () => undefined,
    metrics,
    log: createLogger('silent'),
    chunkMessages: 3,
    writeGroup,
    ...(maxGroupEvents ? { maxGroupEvents } : {}),
  });
}

describe('batch handler, in chunks', () => {
  it('decodes the next chunk while one is written, and resolves offsets in order after each commit', async () => {
    const { ctx, log } = batchOf(10);
    const [gate, release] = held();
    const handle = handlerWith(async (rows) => {
      log.push(`write ${rows.length}`);
      await gate;
      return { inserted: rows };
    });
    const done = handle(ctx);
    // The first write is held; the other chunks are decoded and queued meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log).toEqual(['write 3']);
    release();
    await done;
    expect(log).toEqual([
      'write 3',
      'write 7', // chunks 2–4, decoded during the first write, went as the next group
      'resolve 2',
      'commit 2',
      'resolve 5',
      'commit 5',
      'resolve 8',
      'commit 8',
      'resolve 9',
      'commit 9',
    ]);
  });

  it('resolves no offset past a chunk whose write failed, even when later chunks were written', async () => {
    const { ctx, log } = batchOf(10);
    let calls = 0;
    // One chunk per group: the second write fails, the third and fourth succeed.
    const handle = handlerWith(async (rows) => {
      calls += 1;
      log.push(`write ${calls}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (calls === 2) throw new Error('connection lost');
      return { inserted: rows };
    }, 3);
    await expect(handle(ctx)).rejects.toThrow('connection lost');
    expect(log.filter((line) => !line.startsWith('write'))).toEqual(['resolve 2', 'commit 2']);
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it('counts a chunk once its rows are committed, even when the heartbeat after its offset commit fails', async () => {
    const { ctx, log } = batchOf(10);
    // A rebalance began: the first offset commit went through, the heartbeat after it says rejoin.
    ctx.heartbeat = async () => {
      if (log.length > 0) throw new Error('The group is rebalancing, so a rejoin is needed');
    };
    const metrics = createWorkerMetrics();
    const handle = handlerWith(async (rows) => ({ inserted: rows }), 3, metrics);
    await expect(handle(ctx)).rejects.toThrow('rejoin');
    expect(log).toEqual(['resolve 2', 'commit 2']);
    const stored = (await metrics.consumed.get()).values.find((v) => v.labels.outcome === 'stored');
    expect(stored?.value).toBe(3);
  });
});

describe('batch handler, pipelined', () => {
  it('returns once the chunks are submitted, then commits each chunk after its write, in order', async () => {
    const { ctx, log } = batchOf(10, { pipelined: true });
    const [gate, release] = held();
    const handle = handlerWith(async (rows) => {
      log.push(`write ${rows.length}`);
      await gate;
      return { inserted: rows };
    });
    await handle(ctx);
    // Back to kafkajs with the writes still held: the fetch position moved on, nothing is committed.
    expect(log).toEqual(['write 3', 'resolve 9']);
    release();
    await handle.drain();
    // Committed positions are the next offset to read, and only this partition's.
    expect(log).toEqual(['write 3', 'resolve 9', 'write 7', 'commit 3', 'commit 6', 'commit 9', 'commit 10']);
  });

  it('after a failed write seeks back to that chunk and commits nothing past it, in this batch or the next, until the refetch', async () => {
    const log: string[] = [];
    let calls = 0;
    const [gate, release] = held();
    // One chunk per group: the second write fails once the next batch has been handed out.
    const handle = handlerWith(async (rows) => {
      calls += 1;
      const call = calls;
      if (call === 2) {
        await gate;
        throw new Error('connection lost');
      }
      return { inserted: rows };
    }, 3);
    await handle(batchOf(6, { pipelined: true, log }).ctx);
    await handle(batchOf(6, { from: 6, pipelined: true, log }).ctx);
    release();
    await handle.drain();
    expect(log.filter((line) => line.startsWith('commit') || line.startsWith('seek'))).toEqual([
      'commit 3',
      'seek 3',
    ]);
    // The refetch from the failed chunk commits again.
    const refetch = batchOf(9, { from: 3, pipelined: true, log: [] });
    await handle(refetch.ctx);
    await handle.drain();
    expect(refetch.log.filter((line) => line.startsWith('commit'))).toEqual([
      'commit 6',
      'commit 9',
      'commit 12',
    ]);
  });

  it('after quiesce, a batch returns only once its offsets are committed', async () => {
    const { ctx, log } = batchOf(4, { pipelined: true });
    const handle = handlerWith(async (rows) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { inserted: rows };
    });
    handle.quiesce();
    await handle(ctx);
    expect(log.filter((line) => line.startsWith('commit'))).toEqual(['commit 3', 'commit 4']);
  });
});
