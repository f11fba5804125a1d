import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const pool = new Uint8Array(16 * 256);
let poolOffset = pool.length;
let lastMs = -1;
const last = new Uint8Array(16);

/**
 * A monotonic ULID (48-bit ms time + 80 random bits, Crockford base32), as the events package makes
 * for client events without an id: time-ordered ids keep the offline store's primary-key inserts at
 * the end of the index. Within one millisecond the random part counts up, so ids stay ordered.
 * Random bytes come from a pooled buffer: one getrandom call per 256 ids.
 */
export function nextUlid(now = Date.now()): string {
  if (now === lastMs) {
    for (let i = 15; i >= 0; i--) {
      last[i] = (last[i]! + 1) & 0x1f;
      if (last[i] !== 0) break;
    }
  } else {
    lastMs = now;
    if (poolOffset >= pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    for (let i = 0; i < 16; i++) last[i] = pool[poolOffset + i]! & 0x1f;
    poolOffset += 16;
  }
  let out = '';
  let t = now;
  const time = new Array<string>(10);
  for (let i = 9; i >= 0; i--) {
    time[i] = ALPHABET[t % 32]!;
    t = Math.floor(t / 32);
  }
  out = time.join('');
  for (let i = 0; i < 16; i++) out += ALPHABET[last[i]!];
  return out;
}
