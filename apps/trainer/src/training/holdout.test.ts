import { buildInteractions } from '@tessera/models';
import { describe, expect, it } from 'vitest';
import { timeHoldout } from './holdout.js';

const data = buildInteractions(
  {
    userIds: ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c', 'c'],
    itemIds: ['x', 'y', 'z', 'w', 'x', 'y', 'x', 'y', 'z'],
    timestamps: [40, 10, 30, 20, 1, 2, 5, 5, 5],
  },
  { duplicates: 'keep' },
);
const pairs = (m: typeof data) =>
  Array.from({ length: m.nnz }, (_, e) => `${m.userIds[m.users[e]!]}:${m.itemIds[m.items[e]!]}`).sort();

describe('timeHoldout', () => {
  it('holds out each eligible user’s latest interactions and keeps the rest in train', () => {
    const { train, holdout } = timeHoldout(data, { perUser: 2, minUserInteractions: 3 });
    // a: latest two are x (40) and z (30); b has too few; c ties on time, so the later entries go.
    expect(pairs(holdout)).toEqual(['a:x', 'a:z', 'c:y', 'c:z']);
    expect(pairs(train)).toEqual(['a:w', 'a:y', 'b:x', 'b:y', 'c:x']);
    expect(train.itemIds).toBe(data.itemIds);
  });

  it('never leaves an eligible user without training history', () => {
    const { train, holdout } = timeHoldout(data, { perUser: 5, minUserInteractions: 2 });
    expect(holdout.nnz).toBe(0);
    expect(train.nnz).toBe(data.nnz);
  });
});
