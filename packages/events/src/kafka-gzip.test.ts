import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import './kafka.js';

/** The codec kafkajs looks up for gzip batches, after the adapter has replaced kafkajs's own. */
const codec = () =>
  kafkajs.CompressionCodecs[CompressionTypes.GZIP]() as {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  };

/** JSON-like bytes that compress about as well as events do, `size` long. */
function eventLike(size: number): Buffer {
  const parts: string[] = [];
  for (let length = 0; length < size; ) {
    const part = JSON.stringify({
      type: 'view',
      userId: `u${length}`,
      noise: randomBytes(6).toString('hex'),
    });
    parts.push(part);
    length += part.length;
  }
  return Buffer.from(parts.join('')).subarray(0, size);
}

describe('the gzip codec kafkajs uses', () => {
  it('is the adapter’s, not the async one kafkajs ships', () => {
    const shipped = kafkajs.CompressionCodecs[CompressionTypes.GZIP];
    expect(shipped.toString()).not.toContain("require('./gzip')");
  });

  // 2 KB and 20 KB take the synchronous path, 200 KB and 2 MB the thread pool (the thresholds are
  // 64 KB to compress and 8 KB of compressed input to decompress).
  it.each([0, 2_000, 20_000, 200_000, 2_000_000])(
    'writes standard gzip and reads it back (%i bytes)',
    async (size) => {
      const input = eventLike(size);
      const compressed = await codec().compress({ buffer: input });
      expect(gunzipSync(compressed).equals(input)).toBe(true);
      expect((await codec().decompress(gzipSync(input))).equals(input)).toBe(true);
      expect((await codec().decompress(compressed)).equals(input)).toBe(true);
    },
  );

  it('rejects a corrupt batch with zlib’s error, on both paths', async () => {
    for (const size of [2_000, 2_000_000]) {
      const corrupt = Buffer.from(gzipSync(randomBytes(size)));
      corrupt.writeUInt32LE(0xdeadbeef, corrupt.length - 8); // the CRC-32 of the trailer
      await expect(codec().decompress(corrupt)).rejects.toThrow(/incorrect data check/);
    }
  });
});
