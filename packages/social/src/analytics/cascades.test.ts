import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.js';
import { type ShareEvent, shareCascades } from './cascades.js';

const share = (id: string, parentId: string | null, timestamp = 0): ShareEvent => ({
  id,
  userId: `user-${id}`,
  itemId: 'item',
  timestamp,
  parentId,
});

describe('shareCascades', () => {
  it('measures a broadcast star and a chain by hand', () => {
    const star = ['s1', 's2', 's3', 's4'].map((id, k) => share(id, 'hub', k + 1));
    const chain = [
      share('c0', null, 10),
      share('c1', 'c0', 11),
      share('c2', 'c1', 12),
      share('c3', 'c2', 13),
    ];
    const { cascades, totalShares, kFactor, maxDepth } = shareCascades([
      share('hub', null),
      ...star,
      ...chain,
    ]);
    expect(totalShares).toBe(9);
    expect(kFactor).toBeCloseTo(7 / 9, 12);
    expect(maxDepth).toBe(3);
    const [hub, c0] = cascades;
    expect(hub).toMatchObject({
      rootId: 'hub',
      size: 5,
      depth: 1,
      maxBreadth: 4,
      kFactor: 0.8,
      firstAt: 0,
      lastAt: 4,
    });
    // Star of 5: 4 pairs at distance 1, 6 at distance 2 → (4 + 12) / 10.
    expect(hub!.structuralVirality).toBeCloseTo(1.6, 12);
    // Path of 4: distances 1,1,1,2,2,3 → 10 / 6.
    expect(c0).toMatchObject({ rootId: 'c0', size: 4, depth: 3, maxBreadth: 1 });
    expect(c0!.structuralVirality).toBeCloseTo(10 / 6, 12);
  });

  it('recovers planted cascade sizes and depths from shuffled random trees', () => {
    const random = seededRandom(7);
    const shares: ShareEvent[] = [];
    const planted = new Map<string, { size: number; depth: number }>();
    for (let c = 0; c < 20; c++) {
      const size = 1 + Math.floor(random() * 40);
      const depth = new Map<string, number>([[`t${c}-0`, 0]]);
      shares.push(share(`t${c}-0`, null, c));
      for (let k = 1; k < size; k++) {
        const parent = `t${c}-${Math.floor(random() * k)}`;
        depth.set(`t${c}-${k}`, depth.get(parent)! + 1);
        shares.push(share(`t${c}-${k}`, parent, c + k));
      }
      planted.set(`t${c}-0`, { size, depth: Math.max(...depth.values()) });
    }
    shares.sort(() => random() - 0.5);
    const { cascades, totalShares, kFactor } = shareCascades(shares);
    expect(cascades).toHaveLength(20);
    for (const c of cascades) expect({ size: c.size, depth: c.depth }).toEqual(planted.get(c.rootId));
    expect(kFactor).toBeCloseTo((totalShares - 20) / totalShares, 12);
  });

  it('treats a share whose parent is missing as an orphan root', () => {
    const { cascades } = shareCascades([share('x', 'gone'), share('y', 'x')]);
    expect(cascades).toHaveLength(1);
    expect(cascades[0]).toMatchObject({ rootId: 'x', size: 2, orphan: true });
  });

  it('handles a 150,000-share chain without recursion or argument-spreading limits', () => {
    const chain = Array.from({ length: 150_000 }, (_, k) => share(`n${k}`, k === 0 ? null : `n${k - 1}`, k));
    expect(shareCascades(chain).cascades[0]!.depth).toBe(149_999);
  });

  it('rejects duplicate ids and cycles with codes', () => {
    expect(() => shareCascades([share('a', null), share('a', null)])).toThrow(/duplicate share id a/);
    expect(() => shareCascades([share('r', null), share('a', 'b'), share('b', 'a')])).toThrow(
      expect.objectContaining({
        code: 'BAD_ARGUMENT',
        message: expect.stringMatching(/2 shares sit on parent-pointer cycles/),
      }),
    );
  });
});
