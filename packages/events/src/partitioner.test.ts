import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createJavaCompatiblePartitioner, murmur2 } from './partitioner.js';

const metadata = (count: number, leaderless: number[] = []) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));

describe('the Java-compatible partitioner', () => {
  const kafkajs = Partitioners.DefaultPartitioner();
  const ours = createJavaCompatiblePartitioner();
  const keys: (string | Buffer)[] = [
    '',
    'a',
    'ab',
    'abc',
    'abcd',
    '2c1f7d4e-5b8a-4f3e-9d2c-1a0b9c8d7e6f:user-42',
    'naïve ✓ 😀 user',
    ...Array.from({ length: 2_000 }, (_, i) => `${randomBytes(16).toString('hex')}:u${i}`),
    ...Array.from({ length: 500 }, (_, i) => randomBytes(i % 70)),
  ];

  it('puts every key on the partition kafkajs (and the Java client) puts it on', () => {
    for (const count of [1, 3, 6, 7, 64])
      for (const key of keys) {
        const input = { topic: 't', partitionMetadata: metadata(count), message: { key, value: null } };
        expect(ours(input)).toBe(kafkajs(input));
      }
  });

  it('matches the Java client on its published vectors', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from([97, 98, 99]))).toBe(479470107);
  });

  it('keeps an explicit partition, and sends keyless messages round-robin to partitions with a leader', () => {
    expect(ours({ topic: 't', partitionMetadata: metadata(6), message: { key: 'k', partition: 4 } })).toBe(4);
    const chosen = new Set<number>();
    for (let i = 0; i < 60; i++)
      chosen.add(ours({ topic: 'rr', partitionMetadata: metadata(6, [1, 4]), message: { key: null } }));
    expect([...chosen].sort()).toEqual([0, 2, 3, 5]);
  });
});
