import { decodeWireEvent, type EventEnvelope, EventLimits, encodeEvent, eventKey } from '@tessera/events';
import { describe, expect, it } from 'vitest';
import { ExposureQueue, encodeExposure, exposureEnvelope } from './exposure.js';
import { nextUlid } from './ulid.js';

const tenantId = '0b6f2a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const envelope = (n: number) =>
  exposureEnvelope(tenantId, `u${n}`, { requestId: `r${n}`, itemIds: [`i${n}`], modelId: 'm1' });

describe('exposureEnvelope', () => {
  it('builds what the stream-worker accepts, unchanged', () => {
    const built = exposureEnvelope(tenantId, 'user-1', {
      requestId: 'req-1',
      itemIds: ['a', 'b'],
      surface: 'home',
      experiment: 'exp',
      variant: 'B',
    });
    const decoded = decodeWireEvent(encodeEvent(built), Date.now());
    if (!decoded.ok) throw new Error(`rejected: ${decoded.message}`);
    expect(decoded.event).toEqual(built);
  });

  it('is written straight to wire JSON by encodeExposure, with its partition key', () => {
    const props = { requestId: 'req-"1"', itemIds: ['a', 'b\\c'], surface: 'home\nfeed', modelId: 'm1' };
    const encoded = encodeExposure(tenantId, 'user "1"', props);
    const decoded = decodeWireEvent(Buffer.from(encoded.json), Date.now());
    if (!decoded.ok) throw new Error(`rejected: ${decoded.message}`);
    const built = exposureEnvelope(tenantId, 'user "1"', props);
    expect(decoded.event).toEqual({
      ...built,
      eventId: decoded.event.eventId,
      ts: decoded.event.ts,
      receivedAt: decoded.event.receivedAt,
    });
    expect(decoded.event.eventId).not.toBe(built.eventId);
    expect(Math.abs(Date.parse(decoded.event.ts) - Date.now())).toBeLessThan(5_000);
    expect(encoded.key).toBe(eventKey(decoded.event));
    expect(() => encodeExposure(tenantId, 'u\u0000', props)).toThrow(/userId/);
  });

  it('refuses ids a client event could not carry', () => {
    expect(() => exposureEnvelope(tenantId, 'u'.repeat(129), { requestId: 'r', itemIds: ['a'] })).toThrow(
      /userId/,
    );
    expect(() => exposureEnvelope(tenantId, 'u', { requestId: 'r', itemIds: [] })).toThrow(/1–200 items/);
    expect(() => exposureEnvelope(tenantId, 'u', { requestId: 'r', itemIds: ['a\ud800'] })).toThrow(
      /itemIds/,
    );
  });

  it('fits the largest list of the longest ids the worker accepts (an exposure is never OVERSIZED)', () => {
    const id = (k: number) => `${k}-`.padEnd(EventLimits.maxIdChars, 'x');
    const props = {
      requestId: id(0),
      itemIds: Array.from({ length: EventLimits.maxExposureItems }, (_, k) => id(k)),
      surface: id(1),
      modelId: id(2),
      experiment: id(3),
      variant: id(4),
    };
    const encoded = encodeExposure(tenantId, id(5), props);
    const decoded = decodeWireEvent(Buffer.from(encoded.json), Date.now());
    expect(decoded.ok ? 'accepted' : decoded.message).toBe('accepted');
    expect(decoded.ok && (decoded.event.props.itemIds as string[]).length).toBe(EventLimits.maxExposureItems);
  });

  it('cuts a list of many-byte ids to the first items that fit, instead of losing the exposure', () => {
    // 128 CJK characters are 384 bytes of UTF-8; 200 of them are far past any props limit.
    const id = (k: number) => `${k}`.padEnd(EventLimits.maxIdChars, '漢');
    const itemIds = Array.from({ length: EventLimits.maxExposureItems }, (_, k) => id(k));
    const encoded = encodeExposure(tenantId, 'u', { requestId: 'r', itemIds });
    const decoded = decodeWireEvent(Buffer.from(encoded.json), Date.now());
    if (!decoded.ok) throw new Error(`rejected: ${decoded.message}`);
    const kept = decoded.event.props.itemIds as string[];
    expect(kept).toEqual(itemIds.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(60);
    expect(Buffer.byteLength(JSON.stringify(decoded.event.props))).toBeLessThanOrEqual(
      EventLimits.maxExposurePropsBytes,
    );
    // One more would not have fitted.
    const oneMore = { requestId: 'r', itemIds: itemIds.slice(0, kept.length + 1) };
    expect(Buffer.byteLength(JSON.stringify(oneMore))).toBeGreaterThan(EventLimits.maxExposurePropsBytes);
    const built = exposureEnvelope(tenantId, 'u', { requestId: 'r', itemIds });
    expect(built.props.itemIds).toEqual(kept);
  });
});

describe('nextUlid', () => {
  it('gives 26-character Crockford ids that sort in creation order, also within one millisecond', () => {
    const ids = [nextUlid(1_700_000_000_000), nextUlid(1_700_000_000_000), nextUlid(1_700_000_000_001)];
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('ExposureQueue', () => {
  it('batches pushes and publishes them off the caller’s path', async () => {
    const batches: EventEnvelope[][] = [];
    const queue = new ExposureQueue<EventEnvelope>(async (b) => void batches.push(b), {}, { flushMs: 5 });
    for (let n = 0; n < 10; n++) queue.push(envelope(n));
    expect(batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((e) => e.userId)).toEqual(Array.from({ length: 10 }, (_, n) => `u${n}`));
    await queue.close();
  });

  it('retries a failed batch in order until the transport takes it', async () => {
    const published: string[] = [];
    let failuresLeft = 2;
    const retries: number[] = [];
    const queue = new ExposureQueue<EventEnvelope>(
      async (batch) => {
        if (failuresLeft-- > 0) throw new Error('broker down');
        published.push(...batch.map((e) => e.userId));
      },
      { onRetry: (_e, queued) => retries.push(queued) },
      { flushMs: 1 },
    );
    queue.push(envelope(1));
    queue.push(envelope(2));
    await new Promise((r) => setTimeout(r, 5));
    queue.push(envelope(3));
    await queue.close();
    expect(retries.length).toBe(2);
    expect(published).toEqual(['u1', 'u2', 'u3']);
    expect(queue.pending).toBe(0);
  });

  it('flushes on close and counts what it had to give up on', async () => {
    const dropped: number[] = [];
    const queue = new ExposureQueue<EventEnvelope>(
      async () => {
        throw new Error('broker gone');
      },
      { onDropped: (n) => dropped.push(n) },
      { flushMs: 1_000, maxQueued: 3, closeTimeoutMs: 300 },
    );
    for (let n = 0; n < 5; n++) queue.push(envelope(n));
    expect(dropped).toEqual([1, 1]);
    await queue.close();
    expect(dropped).toEqual([1, 1, 3]);
  });
});

describe('ExposureQueue pacing', () => {
  it('sends what arrives during a send with the next timer, not straight after it', async () => {
    const sizes: number[] = [];
    const queue = new ExposureQueue<EventEnvelope>(
      async (batch) => {
        sizes.push(batch.length);
        await new Promise((r) => setTimeout(r, 10));
      },
      {},
      { flushMs: 40 },
    );
    const began = performance.now();
    for (let pushed = 0; pushed < 200; pushed++) {
      queue.push(envelope(sizes.length));
      await new Promise((r) => setTimeout(r, 1));
    }
    const elapsedMs = performance.now() - began;
    await queue.close();
    // 200 pushes a millisecond or more apart, at most one send per 40 ms timer (+10 ms send): a
    // handful of batches, not one per push, however slowly a loaded machine ran the loop.
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 40) + 2);
    expect(sizes.length).toBeLessThan(100);
  });
});
