import { describe, expect, it } from 'vitest';
import { decodeArtifact, encodeArtifact } from './format.js';

const header = { algorithm: 'als', params: { factors: 3 }, userIds: ['u1'], itemIds: ['a', 'b'], extra: {} };
const blobs = { itemFactors: new Float32Array([0.5, -1.25, 3, 7, 8, 9]), order: new Int32Array([1, 0]) };

describe('model artifacts', () => {
  it('decode what was encoded, from a Uint8Array and from a Node Buffer inside a larger pool', () => {
    const bytes = encodeArtifact(header, blobs);
    // What pg hands back for a bytea: a Buffer that is a view at some offset of a bigger ArrayBuffer.
    const pool = new ArrayBuffer(bytes.length + 4099);
    const inPool = Buffer.from(pool, 4099, bytes.length);
    inPool.set(bytes);
    for (const input of [bytes, inPool]) {
      const decoded = decodeArtifact(input);
      expect(decoded.header).toEqual(header);
      expect([...(decoded.blobs.itemFactors as Float32Array)]).toEqual([...blobs.itemFactors]);
      expect([...(decoded.blobs.order as Int32Array)]).toEqual([...blobs.order]);
    }
  });

  it('refuses a damaged artifact with a code and a hint', () => {
    const bytes = encodeArtifact(header, blobs);
    bytes[20] = (bytes[20] as number) ^ 0xff;
    expect(() => decodeArtifact(bytes)).toThrow(/checksum mismatch/);
  });
});
