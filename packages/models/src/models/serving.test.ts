import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../data/builder.js';
import { fitModel, loadModel } from './registry.js';
import { recommendByIds } from './serving.js';

// Two taste groups: users a* like x-items, users b* like y-items.
const rows: [string, string][] = [];
for (let u = 0; u < 12; u++) {
  const group = u % 2 ? 'y' : 'x';
  for (let i = 0; i < 6; i++)
    if ((u + i) % 5 !== 0) rows.push([`${group === 'x' ? 'a' : 'b'}${u}`, `${group}${i}`]);
}
const data = buildInteractions({ userIds: rows.map((r) => r[0]), itemIds: rows.map((r) => r[1]) });

describe('recommendByIds', () => {
  it('serves a known user by id and excludes the given items', async () => {
    const { model } = await fitModel('itemknn', data, { params: { neighbors: 5 } });
    const recs = recommendByIds(model, 'a0', 3, { excludeItemIds: ['x0'] });
    expect(recs.length).toBe(3);
    expect(recs.map((r) => r.itemId)).not.toContain('x0');
    expect(recs[0].itemId.startsWith('x')).toBe(true);
  });

  it('folds in an unseen user from their history and never returns history items', async () => {
    const { model } = await fitModel('als', data, {
      params: { factors: 4, iterations: 5, regularization: 0.1 },
    });
    const restored = loadModel(model.save());
    const recs = recommendByIds(restored, 'new-user', 2, {
      history: { itemIds: ['y1', 'y2', 'unknown-item'] },
    });
    expect(recs.every((r) => r.itemId.startsWith('y') && r.itemId !== 'y1' && r.itemId !== 'y2')).toBe(true);
    expect(() => recommendByIds(restored, 'new-user', 2)).toThrow(/not in the model/);
  });
});
