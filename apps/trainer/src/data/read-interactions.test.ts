import { sql, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, writeInteractions } from '../testing/seed.js';
import { readInteractions } from './read-interactions.js';
import { generateTenant } from './synthetic.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe('readInteractions', () => {
  it('reads the same positives in small pages as in one, with the data window, and only its tenant', async () => {
    const tenantId = await createTenant(database.db, 'entertainment');
    const other = await createTenant(database.db, 'entertainment');
    const data = generateTenant('entertainment', { users: 60, items: 40, perUser: 10, seed: 4 });
    await writeInteractions(database.db, tenantId, data.interactions);
    await writeInteractions(database.db, other, data.interactions);
    await withTenant(database.db, tenantId, (tx) =>
      tx.execute(sql`update interactions set strength = -2 where user_id = 'u0'`),
    );
    const negatives = data.interactions.userIds.filter((u) => u === 'u0').length;

    const paged = await readInteractions(database.db, tenantId, { chunkSize: 37 });
    const whole = await readInteractions(database.db, tenantId);
    const triples = (m: typeof paged.matrix) =>
      Array.from(
        { length: m.nnz },
        (_, e) => `${m.userIds[m.users[e]!]}|${m.itemIds[m.items[e]!]}|${m.values[e]}`,
      ).sort();
    expect(paged.matrix.nnz).toBe(data.interactions.userIds.length - negatives);
    expect(triples(paged.matrix)).toEqual(triples(whole.matrix));
    expect(paged.skipped).toBe(negatives);
    expect(paged.matrix.userIds).not.toContain('u0');
    const times = Array.from(data.interactions.timestamps);
    expect(paged.dataFrom?.getTime()).toBe(Math.min(...times) * 1000);
    expect(paged.dataTo?.getTime()).toBe(Math.max(...times) * 1000);
  });
});
