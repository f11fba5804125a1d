import { describe, expect, it } from 'vitest';
import { isoFromMs, msFromIso } from './time.js';

describe('isoFromMs', () => {
  it('writes what toISOString writes', () => {
    const samples = [0, 1, 999, 1000, 59_999, 3_599_999, 3_600_000, 951_782_400_000, 1_795_928_504_998];
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      samples.push(Math.floor((seed / 2 ** 31) * 253_402_300_799_999));
    }
    samples.push(1_795_928_504_998.7, -1, -86_400_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15);
    for (const ms of samples) expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws like toISOString for an invalid time', () => {
    expect(() => isoFromMs(Number.NaN)).toThrow(RangeError);
    expect(() => isoFromMs(8.64e15 + 1)).toThrow(RangeError);
  });
});

describe('msFromIso', () => {
  /** What the quick path took before: Date.parse, then a round trip proving the form canonical. */
  const canonicalByRoundTrip = (text: string) => {
    const ms = Date.parse(text);
    return Number.isFinite(ms) && isoFromMs(ms) === text ? ms : Number.NaN;
  };

  it('reads every string isoFromMs writes back to its time', () => {
    let seed = 11;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const ms = Math.floor((seed / 2 ** 31) * 253_402_300_799_999);
      expect(msFromIso(isoFromMs(ms))).toBe(ms);
    }
    expect(msFromIso('1970-01-01T00:00:00.000Z')).toBe(0);
    expect(msFromIso('9999-12-31T23:59:59.999Z')).toBe(253_402_300_799_999);
  });

  it('refuses every other spelling, even ones Date.parse reads', () => {
    for (const text of [
      '2026-11-30T06:23:55.534+00:00',
      '2026-11-30T06:23:55Z',
      '2026-11-30T06:23:55.534z',
      '2026-11-30 06:23:55.534Z',
      '2026-02-30T00:00:00.000Z',
      '2026-11-30T24:00:00.000Z',
      '2026-11-30T06:60:00.000Z',
      '2026-11-30T06:23:60.000Z',
      '2026-11-30T06:23:5a.534Z',
      '2026-11-30T06:-3:55.534Z',
      '+02026-11-30T06:23:55.534Z',
      '',
    ])
      expect(msFromIso(text), text).toBeNaN();
  });

  it('agrees with Date.parse and a round trip on near misses of the canonical form', () => {
    const alphabet = '0123456789-:.TZ +z';
    let seed = 5;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let canonical = 0;
    for (let i = 0; i < 50_000; i++) {
      const base = isoFromMs(Math.floor(next() * 4_102_444_800_000));
      const at = Math.floor(next() * base.length);
      const text = `${base.slice(0, at)}${alphabet[Math.floor(next() * alphabet.length)]}${base.slice(at + 1)}`;
      const expected = canonicalByRoundTrip(text);
      if (!Number.isNaN(expected)) canonical++;
      expect(msFromIso(text), text).toBe(expected);
    }
    // Most single-character changes of a digit leave a valid, canonical time: both outcomes are exercised.
    expect(canonical).toBeGreaterThan(10_000);
  });
});
