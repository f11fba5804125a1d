import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';

// kafkajs's own protocol modules, as patched by patches/kafkajs+2.2.4.patch (applied by
// patch-package on install): the producer's encoding, which the patch makes cheaper, must give
// the same bytes as before.
const require = createRequire(import.meta.url);
type Encoded = { buffer: Buffer };
const Encoder = require('kafkajs/src/protocol/encoder') as {
  new (
    size?: number,
  ): Encoded & {
    writeVarInt(v: number): Encoded;
    writeVarLong(v: unknown): Encoded;
    writeInt8(v: number): Encoded;
  };
  sizeOfVarLong(v: unknown): number;
};
const Decoder = require('kafkajs/src/protocol/decoder') as new (
  buffer: Buffer,
) => { readVarInt(): number; readVarLong(): { toString(): string } };
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: object) => Encoded;
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: unknown,
  context: object,
) => {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  offset: string;
  timestamp: string;
};
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition') as (args: {
  topic: string;
  partitionMetadata: unknown[];
  messages: { key: string }[];
  partitioner: (args: { message: { key: string } }) => number;
}) => Record<string, { key: string }[]>;

/** Zigzag LEB128, as the Kafka protocol defines a varint, for any safe integer. */
function referenceVarLong(value: number): number[] {
  let unsigned = value >= 0 ? BigInt(value) * 2n : -BigInt(value) * 2n - 1n;
  const bytes: number[] = [];
  while (unsigned >= 0x80n) {
    bytes.push(Number(unsigned & 0x7fn) | 0x80);
    unsigned >>= 7n;
  }
  bytes.push(Number(unsigned));
  return bytes;
}

const int32Edges = [
  0,
  1,
  -1,
  63,
  -64,
  64,
  -65,
  127,
  128,
  300,
  -300,
  8191,
  16384,
  2 ** 21,
  2 ** 31 - 1,
  -(2 ** 31),
];

describe('kafkajs encoding, as patched', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes varints in place, without a Buffer per varint', () => {
    const from = vi.spyOn(Buffer, 'from');
    const encoder = new Encoder(4);
    for (const value of int32Edges) encoder.writeVarInt(value);
    // Fails on kafkajs as published: each varint went through Buffer.from(array).
    expect(from).not.toHaveBeenCalled();
    expect([...encoder.buffer]).toEqual(int32Edges.flatMap(referenceVarLong));
  });

  it('gives varlongs the protocol’s bytes, for small and large numbers and for Longs', () => {
    const values = [...int32Edges, 2 ** 31, -(2 ** 31) - 1, 2 ** 40 + 7, -(2 ** 45), Number.MAX_SAFE_INTEGER];
    for (const value of values) {
      const asNumber = new Encoder().writeVarLong(value).buffer;
      const asLong = new Encoder().writeVarLong(Long.fromValue(value)).buffer;
      expect([...asNumber], String(value)).toEqual(referenceVarLong(value));
      expect([...asLong], String(value)).toEqual(referenceVarLong(value));
      expect(Encoder.sizeOfVarLong(value), String(value)).toBe(asNumber.length);
      expect(new Decoder(asNumber).readVarLong().toString()).toBe(String(value));
    }
  });

  it('encodes a record that kafkajs’s decoder reads back, with and without headers', () => {
    const cases = [
      { key: 'tenant:user', value: Buffer.from('{"type":"view"}'), offsetDelta: 3, timestampDelta: 0 },
      { key: null, value: Buffer.alloc(300, 7), offsetDelta: 200, timestampDelta: 5_000 },
      {
        key: Buffer.from('k'),
        value: null,
        offsetDelta: 0,
        timestampDelta: 2 ** 33,
        headers: { a: 'x', b: ['y', 'z'] },
      },
    ];
    for (const record of cases) {
      const bytes = Record(record).buffer;
      const decoder = new Decoder(bytes);
      const length = decoder.readVarInt();
      expect(length).toBe(bytes.length - referenceVarLong(length).length);
      const decoded = decodeRecord(decoder, { firstOffset: '100', firstTimestamp: '1000', magicByte: 2 });
      expect(decoded.key === null ? null : decoded.key.toString()).toBe(record.key?.toString() ?? null);
      expect(decoded.value === null ? null : Buffer.compare(decoded.value, record.value as Buffer)).toBe(
        record.value === null ? null : 0,
      );
      expect(decoded.offset).toBe(String(100 + record.offsetDelta));
      expect(decoded.timestamp).toBe(String(1000 + record.timestampDelta));
      const headers = Object.fromEntries(
        Object.entries(decoded.headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
      );
      expect(headers).toEqual(record.headers ?? {});
    }
  });

  it('groups messages per partition in their order', () => {
    const messages = Array.from({ length: 50 }, (_, i) => ({ key: String(i) }));
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [{}, {}, {}],
      messages,
      partitioner: ({ message }) => Number(message.key) % 3,
    });
    expect(Object.keys(grouped).sort()).toEqual(['0', '1', '2']);
    for (const [partition, group] of Object.entries(grouped))
      expect(group).toEqual(messages.filter((m) => Number(m.key) % 3 === Number(partition)));
  });
});
