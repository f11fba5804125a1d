import { randomInt } from 'node:crypto';

/** What a partitioner is given per message (kafkajs's `PartitionerArgs`, the fields used here). */
export interface PartitionerInput {
  topic: string;
  partitionMetadata: { partitionId: number; leader: number }[];
  message: { key?: Buffer | string | null; partition?: number };
}

const seed = 0x9747b28c;
const m = 0x5bd1e995;

/** The byte at `i` of the key: a string's UTF-16 unit when the string is all ASCII (checked first). */
type ByteAt = (i: number) => number;

function mix(length: number, byteAt: ByteAt): number {
  let h = (seed ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = byteAt(i) | (byteAt(i + 1) << 8) | (byteAt(i + 2) << 16) | (byteAt(i + 3) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  switch (length & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: murmur2 folds in the tail bytes in turn.
    case 3:
      h ^= byteAt(whole + 2) << 16;
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: as above.
    case 2:
      h ^= byteAt(whole + 1) << 8;
    case 1:
      h ^= byteAt(whole);
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Kafka's murmur2 of a key (the Java client's `Utils.murmur2`, a signed 32-bit int) in 32-bit
 * integer arithmetic. kafkajs computes it on 64-bit `Long` objects, several allocations per four
 * bytes: ~16% of a producer's CPU in bench:ingest's live phase.
 */
export function murmur2(key: Buffer | string): number {
  if (typeof key === 'string' && isAscii(key)) return mix(key.length, (i) => key.charCodeAt(i));
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return mix(bytes.length, (i) => bytes[i] as number);
}

const toPositive = (x: number) => x & 0x7fffffff;

/**
 * kafkajs's DefaultPartitioner (the Java client's): an explicit partition wins; a key goes to
 * `murmur2(key) % partitions`, so a tenant's user stays on one partition whichever client
 * produced; no key goes round-robin over the partitions that have a leader. Same choices, with
 * the fast murmur2 above and without filtering the partition list for keyed messages.
 */
export function createJavaCompatiblePartitioner(): (input: PartitionerInput) => number {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined)
      return toPositive(murmur2(message.key)) % partitionMetadata.length;
    const next = (counters.get(topic) ?? randomInt(2 ** 31)) + 1;
    counters.set(topic, next);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    if (available.length > 0)
      return (available[toPositive(next) % available.length] as { partitionId: number }).partitionId;
    return toPositive(next) % partitionMetadata.length;
  };
}
