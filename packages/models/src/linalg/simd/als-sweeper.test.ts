import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../../data/builder.js';
import { conjugateGradientSweep } from '../../models/als.js';
import { createRng } from '../../rng.js';
import { AlsSweeper, alsSimdAvailable } from './als-sweeper.js';

describe('AlsSweeper (WebAssembly SIMD CG)', () => {
  it('is available on the Node versions we support', () => {
    expect(alsSimdAvailable).toBe(true);
  });

  it('matches the scalar float64 sweep, padded factor counts and empty rows included', () => {
    const rng = createRng(11);
    const userIds: string[] = [];
    const itemIds: string[] = [];
    const values: number[] = [];
    for (let n = 0; n < 400; n++) {
      userIds.push(`u${rng.int(40)}`);
      itemIds.push(`i${rng.int(30)}`);
      values.push(1 + rng.int(4));
    }
    userIds.push('lonely-user-without-items-in-train');
    itemIds.push('i0');
    values.push(0);
    const data = buildInteractions({ userIds, itemIds, values });
    for (const factors of [4, 5, 12]) {
      const users = Float32Array.from({ length: data.nUsers * factors }, () => rng.normal() * 0.1);
      const items = Float32Array.from({ length: data.nItems * factors }, () => rng.normal() * 0.1);
      const sweeper = new AlsSweeper(data.nUsers, data.nItems, factors, data.byUser, data.byItem, 2);
      sweeper.setFactors(users, items);
      sweeper.sweepUsers(0.5, 3);
      sweeper.sweepItems(0.5, 3);
      const x = Float64Array.from(users);
      const y = Float64Array.from(items);
      conjugateGradientSweep(x, y, data.byUser, data.nItems, factors, 0.5, 2, 3);
      conjugateGradientSweep(y, x, data.byItem, data.nUsers, factors, 0.5, 2, 3);
      const gotUsers = sweeper.factorsOf('users');
      const gotItems = sweeper.factorsOf('items');
      expect(gotUsers).toHaveLength(x.length);
      expect(gotItems).toHaveLength(y.length);
      for (let k = 0; k < x.length; k++) expect(gotUsers[k]).toBeCloseTo(x[k]!, 3);
      for (let k = 0; k < y.length; k++) expect(gotItems[k]).toBeCloseTo(y[k]!, 3);
    }
  });
});
