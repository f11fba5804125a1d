import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../errors.js';
import { loadMovieLens, parseMovieLens } from './movielens.js';
import { ml100kDir } from './paths.js';

function errorOf(f: () => unknown): ModelError {
  try {
    f();
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('expected a ModelError');
}

describe('MovieLens loaders', () => {
  it('parses u.data with 4 and 3 columns', () => {
    const m = parseMovieLens('1\t10\t4\t100\n2\t10\t3\t200\n1\t20\t5\n', 'u.data');
    expect(m.nnz).toBe(3);
    expect(m.userIds).toEqual(['1', '2']);
    expect(m.itemIds).toEqual(['10', '20']);
    expect(Array.from(m.values)).toEqual([4, 3, 5]);
    expect(Array.from(m.timestamps)).toEqual([100, 200, 0]);
  });

  it('parses ratings.dat and ratings.csv with header', () => {
    expect(parseMovieLens('1::2::3.5::9\n', 'ratings.dat').values[0]).toBe(3.5);
    const csv = parseMovieLens('userId,movieId,rating,timestamp\r\n7,8,4.5,11\r\n', 'ratings.csv');
    expect(csv.userIds).toEqual(['7']);
    expect(csv.values[0]).toBe(4.5);
  });

  it('names the line of a non-numeric rating', () => {
    const e = errorOf(() => parseMovieLens('1\t2\t3\t4\n\n1\t3\tx\t4\n', 'u.data', 'f'));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toContain('f:3');
  });

  it('names the line of a row with the wrong field count', () => {
    const e = errorOf(() => parseMovieLens('1::2::3::4\n1::2\n', 'ratings.dat', 'r'));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toContain('r:2');
  });

  it('rejects a csv without its header and an empty file', () => {
    expect(errorOf(() => parseMovieLens('1,2,3,4\n', 'ratings.csv')).code).toBe('DATA_PARSE');
    expect(errorOf(() => parseMovieLens('\n\n', 'u.data')).code).toBe('DATA_EMPTY');
    expect(errorOf(() => parseMovieLens('userId,movieId,rating,timestamp\n', 'ratings.csv')).code).toBe(
      'DATA_EMPTY',
    );
  });

  const haveMl100k = existsSync(ml100kDir);
  if (!haveMl100k) console.warn(`ml-100k not found at ${ml100kDir}: the real-data loader test did NOT run`);
  it.skipIf(!haveMl100k)('loads ml-100k from its directory', () => {
    const m = loadMovieLens(ml100kDir);
    expect(m.nnz).toBe(100_000);
    expect(m.nUsers).toBe(943);
    expect(m.nItems).toBe(1682);
    expect(m.byUser.indptr[m.nUsers]).toBe(100_000);
  });
});
