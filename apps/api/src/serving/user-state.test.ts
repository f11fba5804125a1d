import { connect, follows, interactions, queryRows, sql, users, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../admin/provision.js';
import { UserStateReader } from './user-state.js';
import { STATEMENT } from './user-state-query.js';

describe('UserStateReader', () => {
  let database: TestDatabase;
  let tenant: ProvisionedTenant;
  let other: ProvisionedTenant;

  let now: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    tenant = await provisionTenant(database.db, { slug: 'us-a', name: 'A', vertical: 'finance' });
    other = await provisionTenant(database.db, { slug: 'us-b', name: 'B', vertical: 'finance' });
    now = Date.now();
    await withTenant(database.db, tenant.tenantId, async (tx) => {
      await tx.insert(users).values([
        { tenantId: tenant.tenantId, id: 'ann', segment: 'north', riskTolerance: 3, conditions: ['x"y\\z'] },
        { tenantId: tenant.tenantId, id: 'bob' },
      ]);
      await tx.insert(interactions).values(
        [
          { userId: 'ann', itemId: 'old', strength: 1, lastTs: new Date(now - 60_000) },
          { userId: 'ann', itemId: 'new', strength: 2, lastTs: new Date(now - 1_000) },
          { userId: 'ann', itemId: 'disliked', strength: -1, lastTs: new Date(now - 30_000) },
          { userId: 'bob', itemId: 'new', strength: 1, lastTs: new Date(now - 5_000) },
          { userId: 'bob', itemId: 'old', strength: 1, lastTs: new Date(now - 6_000) },
        ].map((r) => ({ tenantId: tenant.tenantId, events: 1, ...r })),
      );
      await tx.insert(follows).values({
        tenantId: tenant.tenantId,
        followerId: 'ann',
        followeeId: 'bob',
        createdAt: new Date(),
      });
    });
    await withTenant(database.db, other.tenantId, (tx) =>
      tx.insert(interactions).values({
        tenantId: other.tenantId,
        userId: 'ann',
        itemId: 'elsewhere',
        strength: 1,
        events: 1,
        lastTs: new Date(),
      }),
    );
  });
  afterAll(async () => database?.drop());

  it('reads attributes, newest-first history and the social signal of each user', async () => {
    const reader = new UserStateReader(database.db);
    const ann = await reader.get(tenant.tenantId, 'ann');
    expect(ann.segment).toBe('north');
    expect(ann.user).toMatchObject({ id: 'ann', riskTolerance: 3, conditions: ['x"y\\z'] });
    expect(ann.history).toEqual([
      { itemId: 'new', strength: 2 },
      { itemId: 'disliked', strength: -1 },
      { itemId: 'old', strength: 1 },
    ]);
    expect([...ann.social]).toEqual(
      expect.arrayContaining([
        ['new', 1],
        ['old', 1],
      ]),
    );
  });

  it('serves many concurrent requests from one query, each user once, within the tenant only', async () => {
    const reader = new UserStateReader(database.db);
    const ids = ['ann', 'bob', 'ann', 'nobody', 'with "quotes", {braces}'];
    const states = await Promise.all(ids.map((id) => reader.get(tenant.tenantId, id)));
    expect(reader.stats).toEqual({ batches: 1, users: 4 });
    expect(states.map((s) => s.user.id)).toEqual(ids);
    expect(states[0]).toBe(states[2]);
    expect(states[0]!.history.map((h) => h.itemId)).not.toContain('elsewhere');
    expect(states[3]).toMatchObject({ segment: null, history: [] });
    const elsewhere = await reader.get(other.tenantId, 'ann');
    expect(elsewhere.history).toEqual([{ itemId: 'elsewhere', strength: 1 }]);
  });

  it('sees an interaction committed a moment ago (no cache between requests)', async () => {
    const reader = new UserStateReader(database.db);
    expect((await reader.get(tenant.tenantId, 'cara')).history).toEqual([]);
    await withTenant(database.db, tenant.tenantId, (tx) =>
      tx.insert(interactions).values({
        tenantId: tenant.tenantId,
        userId: 'cara',
        itemId: 'new',
        strength: 1,
        events: 1,
        lastTs: new Date(),
      }),
    );
    expect((await reader.get(tenant.tenantId, 'cara')).history).toEqual([{ itemId: 'new', strength: 1 }]);
  });

  it('queues batches beyond the in-flight limit and still answers every request', async () => {
    const reader = new UserStateReader(database.db, { maxBatch: 2, maxInFlight: 1 });
    const ids = Array.from({ length: 7 }, (_, k) => (k % 2 ? 'ann' : `u${k}`));
    const states = await Promise.all(ids.map((id) => reader.get(tenant.tenantId, id)));
    expect(states.map((s) => s.user.id)).toEqual(ids);
    expect(reader.stats.batches).toBe(3);
  });

  it('knows when the newest interaction happened, so serving can tell whether a model saw it', async () => {
    const reader = new UserStateReader(database.db);
    const [ann, nobody] = await Promise.all([
      reader.get(tenant.tenantId, 'ann'),
      reader.get(tenant.tenantId, 'nobody'),
    ]);
    expect(ann.newestInteractionAt).toBe(now - 1_000);
    expect(nobody.newestInteractionAt).toBeNull();
  });

  it('answers a user id PostgreSQL cannot store with an empty state, without failing the batch', async () => {
    const reader = new UserStateReader(database.db);
    const [bad, ann] = await Promise.all([
      reader.get(tenant.tenantId, 'nul\u0000byte'),
      reader.get(tenant.tenantId, 'ann'),
    ]);
    expect(bad.history).toEqual([]);
    expect(ann.history).toHaveLength(3);
  });

  it('leaves a pooled connection with no tenant scope or role after its one-round-trip read', async () => {
    // One connection, so the check below runs on the very connection the read used.
    const single = await connect({ url: database.url, poolSize: 1 });
    try {
      const reader = new UserStateReader(single.db);
      expect((await reader.get(tenant.tenantId, 'bob')).history).toHaveLength(2);
      expect((await reader.get(other.tenantId, 'ann')).history).toEqual([
        { itemId: 'elsewhere', strength: 1 },
      ]);
      const [left] = await queryRows<{ scope: string | null; role: string; superuser: string }>(
        single.db,
        sql`select current_setting('app.tenant_id', true) as scope, current_user as role,
                   current_setting('is_superuser') as superuser`,
      );
      expect(left!.scope || null).toBeNull();
      expect(left!.role).not.toBe('tessera_app');
    } finally {
      await single.close();
    }
  });

  it('plans its statement once per connection, not at every read (planning costs more than the read)', async () => {
    const single = await connect({ url: database.url, poolSize: 1 });
    try {
      const reader = new UserStateReader(single.db);
      for (const id of ['ann', 'bob', 'nobody', 'ann', 'bob', 'ann', 'bob']) {
        expect((await reader.get(tenant.tenantId, id)).user.id).toBe(id);
      }
      const [plans] = await queryRows<{ generic_plans: string; custom_plans: string }>(
        single.db,
        sql`select generic_plans, custom_plans from pg_prepared_statements where name = ${STATEMENT}`,
      );
      expect(Number(plans!.custom_plans)).toBe(0);
      expect(Number(plans!.generic_plans)).toBe(7);
    } finally {
      await single.close();
    }
  });
});
