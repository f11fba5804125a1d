import { events, experiments, withTenant } from '@tessera/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SERIES = `query($id: ID!, $days: Int, $metric: String) { experiment(id: $id) {
  status
  liftSeries(days: $days, metric: $metric) { metric points { day variant n controlN effect ciLow ciHigh error } }
  results { metrics { metric variants { variant control sequential { effect ciLow ciHigh } } } }
} }`;

interface Point {
  day: string;
  variant: string;
  n: number;
  controlN: number;
  effect: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

describe('experiment lift over time', () => {
  let h: Harness;
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;
  let experimentId: string;
  // UTC midnight three days ago: the experiment starts an hour later.
  const start = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;

  beforeAll(async () => {
    h = await startHarness();
    a = await provisionTenant(h.database.db, { slug: 'lift-a', name: 'Lift A', vertical: 'entertainment' });
    b = await provisionTenant(h.database.db, { slug: 'lift-b', name: 'Lift B', vertical: 'entertainment' });
    const created = await h.gql(
      `mutation { createExperiment(input: { key: "lift", name: "Lift", metrics: ["ctr", "conversion"],
         variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5, strategy: "popularity" }] }) { id } }`,
      {},
      a.keys.admin,
    );
    experimentId = created.body.data!.createExperiment.id;
    const rows: (typeof events.$inferInsert)[] = [];
    let n = 0;
    const add = (type: string, userId: string, day: number, variant?: string, props = {}) => {
      const at = new Date(start + day * DAY + 2 * HOUR + (type === 'click' ? 10 * 60_000 : 0));
      rows.push({
        tenantId: a.tenantId,
        eventId: `e${n++}`,
        type,
        userId,
        itemId: 'i1',
        ts: at,
        receivedAt: at,
        schemaVersion: 1,
        props: variant ? { experiment: 'lift', variant, requestId: `r${n}`, itemIds: ['i1'] } : props,
      });
    };
    // Planted: day 0 ten users per arm, CTR 2/10 vs 4/10; day 1 each sees a second list and five
    // more per arm join, clicks 4/25 vs 6/25 cumulative; day 2 clicks 5/25 vs 8/25.
    for (const [arm, prefix] of [
      ['control', 'c'],
      ['treatment', 't'],
    ] as const) {
      for (let u = 0; u < 10; u++) add('exposure', `${prefix}${u}`, 0, arm);
      for (let u = 0; u < 15; u++) add('exposure', `${prefix}${u}`, 1, arm);
    }
    for (const u of ['c0', 'c1', 't0', 't1', 't2', 't3']) add('click', u, 0);
    for (const u of ['c2', 'c3', 't4', 't5']) add('click', u, 1);
    for (const u of ['c4', 't6', 't7']) add('click', u, 2);
    // Conversion: c0 buys on day 1 and again on day 2 (still one converted user); t0, t1 on day 2.
    const purchase = { value: 5, currency: 'EUR' };
    add('purchase', 'c0', 1, undefined, purchase);
    for (const u of ['c0', 't0', 't1']) add('purchase', u, 2, undefined, purchase);
    await withTenant(h.database.db, a.tenantId, async (tx) => {
      await tx.insert(events).values(rows);
      await tx.update(experiments).set({ status: 'running', startedAt: new Date(start + HOUR) });
    });
  });
  afterAll(async () => h?.close());

  const series = async (variables: Record<string, unknown> = {}) => {
    const res = await h.gql(SERIES, { id: experimentId, ...variables }, a.keys.read);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.experiment;
  };

  it('gives the cumulative lift at the end of each day since the start', async () => {
    const { liftSeries } = await series();
    expect(liftSeries.metric).toBe('ctr');
    const points = liftSeries.points as Point[];
    expect(points.map((p) => new Date(p.day).getTime())).toEqual([1, 2, 3, 4].map((k) => start + k * DAY));
    expect(points.every((p) => p.variant === 'treatment')).toBe(true);
    expect(points.map((p) => [p.n, p.controlN])).toEqual([
      [10, 10],
      [15, 15],
      [15, 15],
      [15, 15],
    ]);
    // Relative CTR lift = (clicks_T / exposures_T) / (clicks_C / exposures_C) − 1.
    const expected = [0.4 / 0.2 - 1, 6 / 25 / (4 / 25) - 1, 8 / 25 / (5 / 25) - 1, 8 / 25 / (5 / 25) - 1];
    points.forEach((p, k) => {
      expect(p.effect!, `day ${k}`).toBeCloseTo(expected[k]!, 10);
      expect(p.ciLow!).toBeLessThan(p.effect!);
      expect(p.ciHigh!).toBeGreaterThan(p.effect!);
    });
  });

  it("ends where the results view's always-valid estimate is now", async () => {
    const { liftSeries, results } = await series();
    const last = liftSeries.points.at(-1) as Point;
    const now = results.metrics[0].variants.find((v: { control: boolean }) => !v.control).sequential;
    expect(last.effect).toBeCloseTo(now.effect, 12);
    expect(last.ciLow).toBeCloseTo(now.ciLow, 12);
    expect(last.ciHigh).toBeCloseTo(now.ciHigh, 12);
  });

  it('keeps the last days only, each still counting everything since the start', async () => {
    const full = (await series()).liftSeries.points as Point[];
    const recent = (await series({ days: 2 })).liftSeries.points as Point[];
    expect(recent).toEqual(full.slice(-2));
  });

  it('counts a converted user once, on the day of the first purchase', async () => {
    const { liftSeries, results } = await series({ metric: 'conversion' });
    expect(liftSeries.metric).toBe('conversion');
    const points = liftSeries.points as (Point & { error: string | null })[];
    // No treatment purchase before day 2: no variance, no estimate yet.
    expect(points.slice(0, 2).map((p) => p.error)).toEqual([
      expect.stringMatching(/not enough data yet/),
      expect.stringMatching(/not enough data yet/),
    ]);
    // Then 1/15 converted in control (c0 once, though twice a buyer) against 2/15: a lift of
    // (2/15 − 1/15) / (1/15) = 1; counting c0 twice would make it 0.
    expect(points.slice(2).map((p) => p.effect)).toEqual([expect.closeTo(1, 10), expect.closeTo(1, 10)]);
    const now = results.metrics
      .find((m: { metric: string }) => m.metric === 'conversion')
      .variants.find((v: { control: boolean }) => !v.control).sequential;
    expect(points.at(-1)!.ciLow).toBeCloseTo(now.ciLow, 12);
    expect(points.at(-1)!.ciHigh).toBeCloseTo(now.ciHigh, 12);
  });

  it('refuses unknown metrics and bad windows', async () => {
    for (const [variables, message] of [
      [{ metric: 'ndcg' }, /no lift series for metric ndcg/],
      [{ days: 0 }, /days must be 1–366/],
    ] as const) {
      const res = await h.gql(SERIES, { id: experimentId, ...variables }, a.keys.read);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(message);
    }
  });

  it("shows nothing of the experiment to another tenant's key", async () => {
    const res = await h.gql(SERIES, { id: experimentId }, b.keys.read);
    expect(res.body.data?.experiment).toBeNull();
  });
});
