import { events, users, withTenant } from '@tessera/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A user's windows count the user's own events: the worker keeps no time buckets for users. */
describe('user window counts', () => {
  let h: Harness;
  let t: ProvisionedTenant;
  let other: ProvisionedTenant;

  beforeAll(async () => {
    h = await startHarness();
    t = await provisionTenant(h.database.db, { slug: 'window', name: 'Window', vertical: 'education' });
    other = await provisionTenant(h.database.db, { slug: 'window-b', name: 'B', vertical: 'education' });
    const now = Date.now();
    let n = 0;
    const row = (tenantId: string, type: string, at: number) => ({
      tenantId,
      eventId: `w${n++}`,
      type,
      userId: 'u1',
      itemId: type === 'exposure' ? null : 'i1',
      ts: new Date(at),
      receivedAt: new Date(at),
      schemaVersion: 1,
      props: {},
    });
    await withTenant(h.database.db, t.tenantId, async (tx) => {
      await tx.insert(users).values({ tenantId: t.tenantId, id: 'u1' });
      await tx
        .insert(events)
        .values([
          row(t.tenantId, 'view', now - 10 * minute),
          row(t.tenantId, 'click', now - 9 * minute),
          row(t.tenantId, 'exposure', now - 11 * minute),
          row(t.tenantId, 'view', now - 2 * hour),
          row(t.tenantId, 'purchase', now - 3 * hour),
          row(t.tenantId, 'view', now - 30 * hour),
          row(t.tenantId, 'like', now - 6 * day),
          row(t.tenantId, 'share', now - 20 * day),
          row(t.tenantId, 'view', now - 40 * day),
        ]);
    });
    // The same user id in another tenant: never counted for t.
    await withTenant(h.database.db, other.tenantId, (tx) =>
      tx.insert(events).values([row(other.tenantId, 'view', now - 5 * minute)]),
    );
  });
  afterAll(() => h?.close());

  it('counts the last hour and the last 24 hours by type, within the caller tenant only', async () => {
    const { body } = await h.gql(
      `{ user(id: "u1") {
          hour: window(window: HOUR) { window views clicks purchases exposures }
          day: window(window: DAY) { views clicks purchases exposures }
        } }`,
      {},
      t.keys.read,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.user).toEqual({
      hour: { window: 'HOUR', views: 1, clicks: 1, purchases: 0, exposures: 1 },
      day: { views: 2, clicks: 1, purchases: 1, exposures: 1 },
    });
  });

  it('counts the last 7 and 30 days the same way', async () => {
    const { body } = await h.gql(
      `{ user(id: "u1") {
          week: window(window: WEEK) { views likes shares exposures }
          month: window(window: MONTH) { views likes shares exposures }
        } }`,
      {},
      t.keys.read,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.user).toEqual({
      week: { views: 3, likes: 1, shares: 0, exposures: 1 },
      month: { views: 3, likes: 1, shares: 1, exposures: 1 },
    });
  });
});
