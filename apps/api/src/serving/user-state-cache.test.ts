import { follows, interactions, queryRows, sql, users, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../admin/provision.js';
import { UserStateReader } from './user-state.js';
import { UserStateCache } from './user-state-cache.js';
import { listenForUserStates } from './user-state-listener.js';

const USERS = 40;

/** Polls until `check` holds; the deadline is generous because a loaded CI machine may stall for seconds. */
async function until(check: () => boolean, ms: number): Promise<number> {
  const began = performance.now();
  while (!check()) {
    if (performance.now() - began > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return performance.now() - began;
}

describe('UserStateCache', () => {
  let database: TestDatabase;
  let tenant: ProvisionedTenant;
  let cache: UserStateCache;
  let reader: UserStateReader;
  let stop: () => Promise<void>;

  /** An interaction written as the stream-worker writes it: with its notification, in one transaction. */
  const write = (userId: string, itemId: string, notify = true) =>
    withTenant(database.db, tenant.tenantId, async (tx) => {
      await tx
        .insert(interactions)
        .values({ tenantId: tenant.tenantId, userId, itemId, strength: 1, events: 1, lastTs: new Date() });
      if (notify)
        await tx.execute(
          sql`select pg_notify('tessera_user_state', json_build_object('t', ${tenant.tenantId}::text, 'u', json_build_array(${userId}::text))::text)`,
        );
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    tenant = await provisionTenant(database.db, { slug: 'usc', name: 'C', vertical: 'medical' });
    const t = tenant.tenantId;
    await withTenant(database.db, t, async (tx) => {
      await tx.insert(users).values([
        { tenantId: t, id: 'u0', segment: 'north', conditions: ['asthma'], riskTolerance: 2 },
        { tenantId: t, id: 'attributes-only', level: 3 },
      ]);
      // Equal timestamps within a user: the packed order must be the statement's own tie order.
      const at = new Date(Date.now() - 60_000);
      await tx.insert(interactions).values(
        Array.from({ length: USERS * 5 }, (_, k) => ({
          tenantId: t,
          userId: `u${k % USERS}`,
          itemId: `i${(k * 7) % 23}`,
          strength: k % 9 === 0 ? -1 : 1 + (k % 3) / 10,
          events: 1,
          lastTs: k % 2 ? at : new Date(at.getTime() - k * 1000),
        })),
      );
      await tx
        .insert(follows)
        .values({ tenantId: t, followerId: 'u1', followeeId: 'u2', createdAt: new Date() });
    });
    reader = new UserStateReader(database.db);
    cache = new UserStateCache(database.db, reader);
    stop = await listenForUserStates(database.listen, {
      onChange: (c) => cache.changed(c),
      onLost: () => cache.lost(),
      onListening: () => cache.listening(),
    });
    await cache.preload(tenant.tenantId);
  });
  afterAll(async () => {
    await stop?.();
    await database?.drop();
  });

  it('preloads the very states a read gives, and keeps no one who follows someone', async () => {
    const ids = [...Array.from({ length: USERS }, (_, k) => `u${k}`), 'attributes-only'];
    const hitsBefore = cache.stats.hits;
    for (const id of ids) {
      const fresh = await new UserStateReader(database.db).get(tenant.tenantId, id);
      expect(await cache.get(tenant.tenantId, id)).toEqual(fresh);
    }
    // Everyone but u1 (a follower) came from memory.
    expect(cache.stats.hits - hitsBefore).toBe(ids.length - 1);
    expect(cache.stats.preloadedUsers).toBe(ids.length - 1);
  });

  it('drops a user once a committed write of theirs is announced, and then serves the new item', async () => {
    await cache.get(tenant.tenantId, 'u3');
    const hits = cache.stats.hits;
    expect((await cache.get(tenant.tenantId, 'u3')).history.map((h) => h.itemId)).not.toContain('fresh');
    expect(cache.stats.hits).toBe(hits + 1);
    const changes = cache.stats.changes;
    await write('u3', 'fresh');
    const ms = await until(() => cache.stats.changes > changes, 15_000);
    console.log(
      `user-state cache: a commit was announced to the cache ${ms.toFixed(1)} ms after it returned`,
    );
    expect((await cache.get(tenant.tenantId, 'u3')).history[0]?.itemId).toBe('fresh');
  });

  it('keeps nothing from a read that was in flight when its user changed', async () => {
    // The setup write's own notification is awaited first: arriving late, it dropped the user a
    // second time and made the last read below a miss.
    const changes = cache.stats.changes;
    await write('late', 'a');
    await until(() => cache.stats.changes > changes, 15_000);
    const reading = cache.get(tenant.tenantId, 'late');
    cache.changed({ tenantId: tenant.tenantId, userIds: ['late'] });
    await reading;
    const misses = cache.stats.misses;
    await cache.get(tenant.tenantId, 'late');
    expect(cache.stats.misses).toBe(misses + 1);
    // Read again with nothing announced meanwhile: kept.
    await cache.get(tenant.tenantId, 'late');
    expect(cache.stats.misses).toBe(misses + 1);
  });

  it('drops a user whose attributes or followees changed (migration 0011 triggers)', async () => {
    expect((await cache.get(tenant.tenantId, 'u0')).user.conditions).toEqual(['asthma']);
    let changes = cache.stats.changes;
    await withTenant(database.db, tenant.tenantId, (tx) =>
      tx.execute(sql`update users set conditions = '{asthma,diabetes}' where id = 'u0'`),
    );
    await until(() => cache.stats.changes > changes, 15_000);
    expect((await cache.get(tenant.tenantId, 'u0')).user.conditions).toEqual(['asthma', 'diabetes']);
    await cache.get(tenant.tenantId, 'u6');
    changes = cache.stats.changes;
    await withTenant(database.db, tenant.tenantId, (tx) =>
      tx
        .insert(follows)
        .values({ tenantId: tenant.tenantId, followerId: 'u6', followeeId: 'u2', createdAt: new Date() }),
    );
    await until(() => cache.stats.changes > changes, 15_000);
    // Now a follower: read each time, never kept.
    const misses = cache.stats.misses;
    await cache.get(tenant.tenantId, 'u6');
    await cache.get(tenant.tenantId, 'u6');
    expect(cache.stats.misses).toBe(misses + 2);
  });

  it('drops every user of the tenant on a tenant-wide notification (an id too long to list)', async () => {
    await cache.get(tenant.tenantId, 'u4');
    const misses = cache.stats.misses;
    const changes = cache.stats.changes;
    await withTenant(database.db, tenant.tenantId, (tx) =>
      tx.insert(users).values({ tenantId: tenant.tenantId, id: 'L'.repeat(8_000) }),
    );
    await until(() => cache.stats.changes > changes, 15_000);
    await cache.get(tenant.tenantId, 'u4');
    expect(cache.stats.misses).toBe(misses + 1);
  });

  it('forgets every user on a notification it cannot read, and stays subscribed', async () => {
    await cache.preload(tenant.tenantId);
    // A user served from memory now (a hit), so a stale state would show.
    let userId = '';
    for (let k = 0; k < USERS && !userId; k++) {
      const hits = cache.stats.hits;
      await cache.get(tenant.tenantId, `u${k}`);
      if (cache.stats.hits > hits) userId = `u${k}`;
    }
    expect(userId).not.toBe('');
    const served = () => cache.get(tenant.tenantId, userId);
    // Written without its notification, then an unreadable one: which users it meant is unknown.
    await write(userId, 'unnamed', false);
    expect((await served()).history.some((h) => h.itemId === 'unnamed')).toBe(false);
    await queryRows(database.db, sql`select pg_notify('tessera_user_state', 'not json')`);
    const deadline = Date.now() + 15_000;
    while (!(await served()).history.some((h) => h.itemId === 'unnamed')) {
      if (Date.now() > deadline)
        throw new Error(`${userId} still served from before the unreadable notification`);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(cache.subscribed).toBe(true);
  });

  it('reads PostgreSQL while its subscription is down, then preloads again once it is back', async () => {
    await cache.preload(tenant.tenantId);
    // Read before the subscription drops: the preload that follows its return may finish before
    // `subscribed` is seen true.
    const preloaded = cache.stats.preloadedUsers;
    await queryRows(
      database.db,
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'tessera-listen-tessera_user_state' and datname = current_database()`,
    );
    await until(() => !cache.subscribed, 15_000);
    // Written while nothing is listening: its notification is lost, yet it is served.
    await write('u5', 'unheard');
    expect((await cache.get(tenant.tenantId, 'u5')).history[0]?.itemId).toBe('unheard');
    await until(() => cache.subscribed, 15_000);
    await until(() => cache.stats.preloadedUsers > preloaded, 15_000);
    const hits = cache.stats.hits;
    expect((await cache.get(tenant.tenantId, 'u5')).history[0]?.itemId).toBe('unheard');
    expect(cache.stats.hits).toBe(hits + 1);
  });
});
