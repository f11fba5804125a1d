import { describe, expect, it } from 'vitest';
import type { ShareEvent } from '../analytics/cascades.js';
import { influenceEdges, influencers } from './influencers.js';

const share = (id: string, userId: string, parentId: string | null = null): ShareEvent => ({
  id,
  userId,
  itemId: 'item',
  timestamp: 0,
  parentId,
});

describe('influencers', () => {
  it('builds follow and weighted re-share edges, dropping self re-shares', () => {
    const edges = influenceEdges(
      [{ followerId: 'f', followeeId: 'star' }],
      [share('s1', 'star'), share('s2', 'fan', 's1'), share('s3', 'star', 's1'), share('s4', 'x', 'missing')],
      3,
    );
    expect(edges).toEqual([
      { source: 'f', target: 'star', weight: 1 },
      { source: 'fan', target: 'star', weight: 3 },
    ]);
  });

  it('ranks a planted hub that is followed and re-shared above everyone else', () => {
    const follows = Array.from({ length: 30 }, (_, k) => ({
      followerId: `u${k}`,
      followeeId: k % 3 === 0 ? 'hub' : `u${(k + 1) % 30}`,
    }));
    const shares = [
      share('root', 'hub'),
      ...Array.from({ length: 10 }, (_, k) => share(`r${k}`, `u${k}`, 'root')),
    ];
    const ranked = influencers(follows, shares, { limit: 5 });
    expect(ranked).toHaveLength(5);
    expect(ranked[0]).toMatchObject({ userId: 'hub', rank: 1 });
    expect(ranked[0]!.score).toBeGreaterThan(2 * ranked[1]!.score);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });
});
