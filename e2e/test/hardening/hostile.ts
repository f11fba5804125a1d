/**
 * A seeded generator of hostile input (no fast-check in the tree): every payload it makes is
 * invalid on purpose, so the only right answer is a refusal with a code.
 */
export type Rng = () => number;

/** mulberry32: a tiny, fast, well-mixed 32-bit generator; the same seed gives the same run. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const edgeStrings = [
  '\uD800',
  '\uDFFF',
  'a\uD83Db',
  '\u0000',
  'x\u0000y',
  '\uFEFF',
  '\u202Eevil',
  '\u200B',
  '👩‍👩‍👧‍👦',
  'é'.repeat(50),
  '__proto__',
  'constructor',
  'prototype',
  '\\u0000',
  '$'.concat('{7*7}'),
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '\r\n\r\n',
  '\t',
  ' ',
];

/** A string from the edge cases, random code points (surrogates included), or a huge run. */
export function hostileString(r: Rng): string {
  const roll = r();
  if (roll < 0.45) return pick(r, edgeStrings);
  if (roll < 0.9) {
    const n = int(r, 1, 40);
    let s = '';
    for (let k = 0; k < n; k++) s += String.fromCharCode(int(r, 0, 0xffff));
    return s;
  }
  return pick(r, ['x', '\u0000', '😀', '\uD800']).repeat(int(r, 1_000, 60_000));
}

export function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let d = 0; d < depth; d++) value = { a: value };
  return value;
}

/** A value of any JSON type, often the wrong one, sometimes deep or carrying prototype keys. */
export function hostileValue(r: Rng): unknown {
  switch (int(r, 0, 9)) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, -0]);
    case 3:
      return hostileString(r);
    case 4:
      return [hostileString(r), int(r, 0, 9)];
    case 5:
      return nested(int(r, 10, 3_000));
    case 6:
      return JSON.parse(
        `{"__proto__": {"isAdmin": true, "tenantId": "x"}, "constructor": {"prototype": {"polluted": 1}}}`,
      );
    case 7:
      return Array.from({ length: int(r, 100, 5_000) }, (_, k) => k);
    default:
      return { [hostileString(r)]: hostileString(r) };
  }
}
