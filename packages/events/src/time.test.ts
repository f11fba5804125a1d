import { describe, expect, it } from 'vitest';
import { isoFromMs } from './time.js';

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
