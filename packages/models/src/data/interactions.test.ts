import { describe, expect, it } from 'vitest';
import { buildInteractions, InteractionBuilder } from './builder.js';

describe('InteractionMatrix', () => {
  it('maps string ids to indices in first-seen order and back', () => {
    const m = buildInteractions({ userIds: ['u9', 'u2', 'u9'], itemIds: ['a', 'b', 'c'] });
    expect(m.userIds).toEqual(['u9', 'u2']);
    expect(m.userIndex('u2')).toBe(1);
    expect(m.itemIndex('c')).toBe(2);
    expect(m.userIndex('nobody')).toBe(-1);
  });

  it('sums repeated events by default and keeps the latest timestamp', () => {
    const m = buildInteractions({
      userIds: ['u', 'u', 'u'],
      itemIds: ['a', 'a', 'b'],
      values: [1, 2, 5],
      timestamps: [10, 30, 20],
    });
    expect(m.nnz).toBe(2);
    expect(Array.from(m.values)).toEqual([3, 5]);
    expect(Array.from(m.timestamps)).toEqual([30, 20]);
  });

  it('builds CSR views by user and by item with ascending columns', () => {
    const b = new InteractionBuilder();
    b.add('u1', 'i2', 2).add('u0', 'i0', 1).add('u1', 'i0', 3).add('u0', 'i1', 4);
    const m = b.build();
    // users: u1=0, u0=1; items: i2=0, i0=1, i1=2
    expect(Array.from(m.byUser.indptr)).toEqual([0, 2, 4]);
    expect(Array.from(m.byUser.indices)).toEqual([0, 1, 1, 2]);
    expect(Array.from(m.byUser.values)).toEqual([2, 3, 1, 4]);
    expect(Array.from(m.byItem.indptr)).toEqual([0, 1, 3, 4]);
    expect(Array.from(m.byItem.indices)).toEqual([0, 0, 1, 1]);
  });

  it('select keeps the index spaces of the parent', () => {
    const m = buildInteractions({ userIds: ['a', 'b'], itemIds: ['x', 'y'] });
    const s = m.select([1]);
    expect(s.nnz).toBe(1);
    expect(s.nUsers).toBe(2);
    expect(s.users[0]).toBe(1);
  });
});
