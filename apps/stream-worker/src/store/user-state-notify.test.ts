import { createTestDatabase } from '@tessera/db/testing';
import { describe, expect, it } from 'vitest';
import { notifyUserStates, USER_STATE_CHANNEL, userStatePayloads } from './user-state-notify.js';

const tenant = '7a0c3f1e-0000-4000-8000-000000000001';

describe('user-state notifications', () => {
  it('names every written user once, per tenant, in payloads pg_notify accepts', () => {
    const rows = Array.from({ length: 5_000 }, (_, k) => ({
      tenantId: k % 3 ? tenant : 'other',
      userId: k % 7 ? `user-${k % 2_000}` : `ü-${k}`,
    }));
    const payloads = userStatePayloads(rows);
    const named = new Map<string, Set<string>>();
    for (const p of payloads) {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(7_000);
      const doc = JSON.parse(p) as { t: string; u: string[] };
      for (const u of doc.u) {
        const set = named.get(doc.t) ?? new Set();
        expect(set.has(u)).toBe(false);
        named.set(doc.t, set.add(u));
      }
    }
    for (const r of rows) expect(named.get(r.tenantId)?.has(r.userId)).toBe(true);
    expect(payloads.length).toBeGreaterThan(2);
  });

  it('names the whole tenant for an id too long to fit', () => {
    const payloads = userStatePayloads([
      { tenantId: tenant, userId: 'x'.repeat(8_000) },
      { tenantId: tenant, userId: 'short' },
    ]);
    expect(payloads.map((p) => JSON.parse(p))).toEqual([{ t: tenant }, { t: tenant, u: ['short'] }]);
  });

  it('is delivered at commit, and not at all for a rolled-back transaction', async () => {
    const database = await createTestDatabase();
    try {
      const heard: string[] = [];
      const stop = await database.listen(USER_STATE_CHANNEL, (p) => heard.push(p));
      await database.db.transaction((tx) => notifyUserStates(tx, [{ tenantId: tenant, userId: 'kept' }]));
      await database.db
        .transaction(async (tx) => {
          await notifyUserStates(tx, [{ tenantId: tenant, userId: 'rolled-back' }]);
          throw new Error('roll back');
        })
        .catch(() => {});
      await database.db.transaction((tx) => notifyUserStates(tx, []));
      const deadline = Date.now() + 15_000;
      while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50));
      expect(heard.map((p) => JSON.parse(p))).toEqual([{ t: tenant, u: ['kept'] }]);
      await stop();
    } finally {
      await database.drop();
    }
  });
});
