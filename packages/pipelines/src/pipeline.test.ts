import { describe, expect, it } from 'vitest';
import { runPipeline } from './pipeline.js';
import { listViolations } from './rules.js';
import { settingsFor } from './settings.js';
import type { Candidate, PipelineItem, PipelineUser } from './types.js';
import { type Vertical, verticals } from './verticals.js';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const conditions = ['diabetes', 'hypertension', 'pregnancy', 'asthma', 'kidney-disease'];
const classes = ['equity', 'bond', 'crypto', 'cash', 'commodity'];
const genres = ['drama', 'comedy', 'action', 'sci-fi', 'documentary'];

function world(random: () => number, nItems: number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const some = <T>(xs: readonly T[], p: number) => xs.filter(() => random() < p);
  const items = new Map<string, PipelineItem>();
  for (let i = 0; i < nItems; i++) {
    const id = `i${i}`;
    items.set(id, {
      id,
      title: `Item ${i}`,
      category: pick(['a', 'b', 'c']),
      active: random() > 0.05,
      contraindications: some(conditions, 0.2),
      riskLevel: random() < 0.05 ? null : 1 + Math.floor(random() * 5),
      assetClass: pick(classes),
      prerequisites: i > 5 && random() < 0.4 ? [`i${Math.floor(random() * i)}`] : [],
      difficulty: random() < 0.1 ? null : random() * 5,
      genres: some(genres, 0.3),
    });
  }
  const user: PipelineUser = {
    id: 'u',
    conditions: some(conditions, 0.3),
    riskTolerance: random() < 0.1 ? null : 1 + Math.floor(random() * 5),
    level: random() < 0.1 ? null : random() * 5,
    completedItems: some([...items.keys()], 0.05),
  };
  const consumed = new Set(some([...items.keys()], 0.05));
  const candidates: Candidate[] = [...items.keys()]
    .filter(() => random() < 0.7)
    .map((itemId) => ({
      itemId,
      personal: random(),
      popularity: random(),
      recency: random(),
      social: random() < 0.2 ? random() : 0,
      sources: random() < 0.5 ? ['model'] : random() < 0.5 ? ['trending', 'popular'] : ['social'],
      because: random() < 0.5 ? 'Something you liked' : undefined,
    }));
  return { items, user, consumed, candidates };
}

describe('runPipeline', () => {
  it.each(verticals)('never breaks a %s rule on 500 generated catalogs and users', (vertical: Vertical) => {
    const random = rng(42 + vertical.length);
    let served = 0;
    for (let trial = 0; trial < 500; trial++) {
      const { items, user, consumed, candidates } = world(random, 60);
      const count = 1 + Math.floor(random() * 15);
      const list = runPipeline({ vertical, user, items, consumed, candidates, count });
      const ids = list.map((r) => r.itemId);
      const violations = listViolations(vertical, user, ids, items, settingsFor(vertical), consumed);
      expect(violations).toEqual([]);
      expect(list.length).toBeLessThanOrEqual(count);
      for (const r of list) {
        expect(r.reasons.length).toBeGreaterThan(0);
        expect(consumed.has(r.itemId)).toBe(false);
      }
      served += list.length;
    }
    // The rules filter, they don't empty every list.
    expect(served).toBeGreaterThan(500);
  });

  it('keeps medical contraindications out even when they are the best-scored items', () => {
    const items = new Map<string, PipelineItem>([
      ['risky', { id: 'risky', title: 'Risky', contraindications: ['Diabetes'] }],
      ['safe', { id: 'safe', title: 'Safe', contraindications: [] }],
    ]);
    const list = runPipeline({
      vertical: 'medical',
      user: { id: 'u', conditions: ['diabetes'] },
      items,
      consumed: new Set(),
      count: 5,
      candidates: [
        { itemId: 'risky', personal: 1, popularity: 1, recency: 1, social: 1, sources: ['model'] },
        { itemId: 'safe', personal: 0.1, popularity: 0, recency: 0, social: 0, sources: ['popular'] },
      ],
    });
    expect(list.map((r) => r.itemId)).toEqual(['safe']);
    expect(list[0]!.reasons.join(' ')).not.toMatch(/diabetes/i);
  });

  it('caps finance lists per asset class', () => {
    const items = new Map<string, PipelineItem>();
    const candidates: Candidate[] = [];
    for (let i = 0; i < 10; i++) {
      items.set(`e${i}`, { id: `e${i}`, title: `E${i}`, riskLevel: 1, assetClass: 'equity' });
      candidates.push({
        itemId: `e${i}`,
        personal: 1 - i / 100,
        popularity: 0,
        recency: 0,
        social: 0,
        sources: ['model'],
      });
    }
    items.set('b', { id: 'b', title: 'B', riskLevel: 1, assetClass: 'bond' });
    candidates.push({
      itemId: 'b',
      personal: 0.01,
      popularity: 0,
      recency: 0,
      social: 0,
      sources: ['model'],
    });
    const list = runPipeline({
      vertical: 'finance',
      user: { id: 'u', riskTolerance: 3 },
      items,
      consumed: new Set(),
      candidates,
      count: 10,
    });
    expect(list.filter((r) => r.itemId.startsWith('e'))).toHaveLength(3);
    expect(list.map((r) => r.itemId)).toContain('b');
  });

  it('explains a personal pick with the item that caused it', () => {
    const items = new Map<string, PipelineItem>([['x', { id: 'x', title: 'X' }]]);
    const [first] = runPipeline({
      vertical: 'entertainment',
      user: { id: 'u' },
      items,
      consumed: new Set(),
      count: 1,
      candidates: [
        {
          itemId: 'x',
          personal: 1,
          popularity: 0,
          recency: 0,
          social: 0,
          sources: ['model'],
          because: 'Alien',
        },
      ],
    });
    expect(first!.reasons).toContain('Because you liked Alien');
  });

  it('skips the explanations a caller does not want, and ranks the same', () => {
    const random = rng(11);
    const { items } = world(random, 300);
    let asked = 0;
    const because = (itemId: string) => {
      asked++;
      return `title of ${itemId}`;
    };
    const candidates: Candidate[] = [...items.keys()].slice(0, 120).map((itemId) => ({
      itemId,
      personal: random(),
      popularity: random(),
      recency: random(),
      social: 0,
      sources: ['model'],
      because,
    }));
    const input = {
      vertical: 'entertainment' as const,
      user: { id: 'u' },
      items,
      consumed: new Set<string>(),
      count: 10,
      candidates,
    };
    const explained = runPipeline(input);
    expect(asked).toBe(10);
    expect(explained.every((r) => r.reasons.length > 0)).toBe(true);
    const bare = runPipeline({ ...input, explain: false });
    expect(asked).toBe(10);
    expect(bare.map((r) => [r.itemId, r.score])).toEqual(explained.map((r) => [r.itemId, r.score]));
    expect(bare.every((r) => r.reasons.length === 0)).toBe(true);
  });

  it('ranks a well-reviewed item above an equal one with poor reviews, and says why', () => {
    const items = new Map<string, PipelineItem>([
      ['loved', { id: 'loved', title: 'Loved' }],
      ['panned', { id: 'panned', title: 'Panned' }],
    ]);
    const base = { personal: 0.5, popularity: 0.5, recency: 0, social: 0, sources: ['popular'] as const };
    const list = runPipeline({
      vertical: 'entertainment',
      user: { id: 'u' },
      items,
      consumed: new Set(),
      count: 2,
      candidates: [
        { itemId: 'panned', ...base, sources: [...base.sources], sentiment: -0.8 },
        { itemId: 'loved', ...base, sources: [...base.sources], sentiment: 0.8 },
      ],
    });
    expect(list.map((r) => r.itemId)).toEqual(['loved', 'panned']);
    expect(list[0]!.reasons).toContain('People love it in their reviews');
  });
});
