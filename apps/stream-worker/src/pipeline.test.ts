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

/** One partition's batch of `n` valid events at offsets 0..n-1, recording what the handler resolves and commits. */
function batchOf(n: number) {
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
  ].map((m, offset) => ({
    key: Buffer.from(m.key),
    value: m.value,
    offset: String(offset),
    timestamp: String(Date.now()),
  }));
  const log: string[] = [];
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
  };
  return { ctx, log };
}

function handlerWith(writeGroup: GroupWriter, maxGroupEvents?: number) {
  return createBatchHandler({
    db: undefined as never,
    dlqProducer,
    dlqTopic: 'dlq',
    tenants,
    weights: defaultInteractionWeights,
    scoreSentiment: () => undefined,
    metrics: createWorkerMetrics(),
    log: createLogger('silent'),
    chunkMessages: 3,
    writeGroup,
    ...(maxGroupEvents ? { maxGroupEvents } : {}),
  });
}

describe('batch handler, in chunks', () => {
  it('decodes the next chunk while one is written, and resolves offsets in order after each commit', async () => {
    const { ctx, log } = batchOf(10);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
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
});
